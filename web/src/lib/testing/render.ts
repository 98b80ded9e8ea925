import { flushSync, mount, tick, unmount, type Component } from 'svelte';
import { CLIENT_KEY } from '../graphql/context.js';
import type { BroadcartClient } from '../graphql/client.js';
import { WORKSPACE_KEY, type Workspace } from '../organization/context.js';

export const testWorkspace = (overrides: Partial<Workspace> = {}): Workspace => ({
  organization: { id: 'T3JnYW5pemF0aW9uOjE=', name: 'Bloom Beauty', currency: 'CNY', timeZone: 'Asia/Shanghai' },
  me: { id: 'TWVtYmVyOjE=', displayName: 'Lina', email: 'lina@example.com', role: 'OWNER' },
  canEdit: true,
  refresh: async () => undefined,
  ...overrides,
});

const mounted = new Set<Record<string, unknown>>();

/** Mounts a component in the jsdom document with the app's contexts (client, workspace). */
export function render<Props extends Record<string, unknown>>(
  component: Component<Props>,
  props: Props,
  options: { client?: BroadcartClient; workspace?: Workspace } = {},
): { target: HTMLElement; instance: Record<string, unknown> } {
  const target = document.createElement('div');
  document.body.append(target);
  const context = new Map<unknown, unknown>();
  if (options.client) context.set(CLIENT_KEY, options.client);
  context.set(WORKSPACE_KEY, options.workspace ?? testWorkspace());
  const instance = mount(component, { target, props, context });
  mounted.add(instance);
  flushSync();
  return { target, instance };
}

/** Lets queued queries answer and effects run (a few macrotask turns). */
export async function settle(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
    flushSync();
  }
}

/** Unmounts everything `render` mounted (call in afterEach). */
export function cleanup(): void {
  for (const instance of mounted) unmount(instance);
  mounted.clear();
  document.body.innerHTML = '';
}
