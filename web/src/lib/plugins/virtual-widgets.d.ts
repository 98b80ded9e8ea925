declare module 'virtual:broadcart/widgets' {
  import type { Component } from 'svelte';
  import type { WidgetProps } from '@broadcart/plugin-sdk';

  export interface BuiltWidget {
    namespace: string;
    slot: 'overlay' | 'control-room' | 'session-editor' | 'campaign-editor';
    component: string;
    title: { en: string; zh: string };
    load(): Promise<Component<WidgetProps>>;
  }
  /** Every widget of the installed plugins, in plugin order (see web/vite.config.ts). */
  export const widgets: BuiltWidget[];
}
