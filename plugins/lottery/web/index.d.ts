import type { WidgetProps } from '@broadcart/plugin-sdk';
import type { Component } from 'svelte';

/** OBS overlay: the session's current giveaway, its countdown, entrants and winners (ids masked). */
export declare const LotteryOverlay: Component<WidgetProps>;
/** Operator panel: create, open, close, draw, redraw and cancel giveaways; proofs; fulfilment. */
export declare const LotteryControlRoom: Component<WidgetProps>;
