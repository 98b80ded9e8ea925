import type { WidgetClient } from '@broadcart/plugin-sdk';
import { untrack } from 'svelte';
import { followWithResync } from './resync.js';
import type { GiveawayBase, UpdateReason } from './types.js';

/** The query that (re)reads a session's giveaways and the subscription that keeps them current. */
export interface FeedDocuments {
  /** Takes `$sessionId`; answers `lotteryGiveaways { edges { node } }`. */
  query: string;
  /** Takes `$sessionId`; answers `lotteryGiveawayUpdated { reason version giveaway }`. */
  subscription: string;
}

/**
 * Sessions hold a handful of giveaways: one page of the connection covers them. The server's
 * query cost multiplies each selected field by the page size, and the control room selects about
 * 55 fields per giveaway: 50 keeps it well under the default limit of 5,000 (100 did not).
 */
export const FEED_PAGE_SIZE = 50;

interface FeedQueryData<G> {
  lotteryGiveaways: { edges: { node: G }[] } | null;
}

interface FeedUpdateData<G> {
  lotteryGiveawayUpdated: { reason: UpdateReason; version: number; giveaway: G } | null;
}

/**
 * The giveaways of one session, kept current by `lotteryGiveawayUpdated` and re-read with a query
 * whenever the subscription starts or fails, since updates sent while disconnected are lost.
 * Every giveaway carries a version; an update older than the one held (a late notice, a query
 * answered before a newer notice arrived) is ignored.
 */
export class GiveawayFeed<G extends GiveawayBase> {
  #byId = $state.raw<Record<string, G>>({});
  #offsetSampled = false;

  /** Newest first. */
  readonly giveaways: G[] = $derived(Object.values(this.#byId).sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)));
  /** Whether the first read after connecting has answered (before it, "no giveaway" is unknown). */
  loaded = $state(false);
  /** The last connection failure, cleared when a re-read succeeds. */
  error = $state<string | null>(null);
  /**
   * Server clock minus the local clock, in ms: countdowns tick locally but must end when the
   * server closes the giveaway, and an OBS machine's clock may be off. Estimated from status
   * notices, whose `updatedAt` is the server's time of the change, sent at once: each gives a
   * lower bound (delivery only makes it later), so the largest one seen is the best estimate.
   * Query answers are not used: their `updatedAt` may be hours old.
   */
  serverOffsetMs = $state(0);

  /** The local clock, ticking each second while connected (no server call per second). */
  #localNow = $state(Date.now());

  /** The server's time now, as well as the offset estimate allows: what countdowns count to. */
  get serverNow(): number {
    return this.#localNow + this.serverOffsetMs;
  }

  readonly #documents: FeedDocuments;

  constructor(documents: FeedDocuments) {
    this.#documents = documents;
  }

  /** The giveaway with `id`, if held. */
  get(id: string): G | undefined {
    return this.#byId[id];
  }

  /** Takes `giveaway` unless the same or a newer version of it is held. */
  apply(giveaway: G): void {
    const held = this.#byId[giveaway.id];
    if (held && held.version >= giveaway.version) return;
    this.#byId = { ...this.#byId, [giveaway.id]: giveaway };
  }

  /** Changes a held giveaway in place of a notice (e.g. a winner's fulfilment from a mutation's payload). */
  patch(id: string, change: (giveaway: G) => G): void {
    const held = this.#byId[id];
    if (held) this.#byId = { ...this.#byId, [id]: change(held) };
  }

  /** Starts following `sessionId`; returns the stop function. Safe to call from an `$effect`. */
  connect(client: WidgetClient, sessionId: string): () => void {
    // What connecting reads must not become the calling effect's dependencies, or every notice
    // would reconnect.
    return untrack(() => this.#connect(client, sessionId));
  }

  #connect(client: WidgetClient, sessionId: string): () => void {
    this.#byId = {};
    this.loaded = false;
    this.error = null;
    this.serverOffsetMs = 0;
    this.#offsetSampled = false;

    const stop = followWithResync<FeedUpdateData<G>, FeedQueryData<G>>(client, this.#documents, { sessionId }, {
      onUpdate: (data) => this.#receive(data),
      onRead: (data) => {
        for (const edge of data.lotteryGiveaways?.edges ?? []) this.apply(edge.node);
        this.loaded = true;
        this.error = null;
      },
      onFailure: (error) => {
        this.error = error instanceof Error ? error.message : String(error);
      },
    });
    const ticker = setInterval(() => (this.#localNow = Date.now()), 1000);
    return () => {
      clearInterval(ticker);
      stop();
    };
  }

  #receive(data: FeedUpdateData<G>): void {
    const update = data.lotteryGiveawayUpdated;
    if (!update) return;
    if (update.reason === 'CREATED' || update.reason === 'STATUS') {
      const sample = Date.parse(update.giveaway.updatedAt) - Date.now();
      if (Number.isFinite(sample) && (!this.#offsetSampled || sample > this.serverOffsetMs)) {
        this.serverOffsetMs = sample;
        this.#offsetSampled = true;
      }
    }
    this.apply(update.giveaway);
  }
}
