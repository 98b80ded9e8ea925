import type { WidgetClient, WidgetLocale, WidgetProps } from '@broadcart/plugin-sdk';
import { flushSync, mount, unmount, type Component } from 'svelte';

export interface RecordedRequest {
  /** The operation name in the document, e.g. `CreateLotteryGiveaway`. */
  operation: string;
  document: string;
  variables: Record<string, unknown> | undefined;
}

interface FakeSubscription {
  operation: string;
  variables: Record<string, unknown>;
  onData: (data: unknown) => void;
  onError?: ((error: Error) => void) | undefined;
  active: boolean;
}

type Answer = (variables: Record<string, unknown> | undefined) => unknown;

function operationOf(document: string): string {
  return /\b(?:query|mutation|subscription)\s+(\w+)/.exec(document)?.[1] ?? '(anonymous)';
}

/**
 * A WidgetClient for component tests: records every request, answers them with what the test set
 * per operation name, and lets the test push subscription data and errors.
 */
export class FakeWidgetClient implements WidgetClient {
  readonly requests: RecordedRequest[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  readonly #answers = new Map<string, Answer>();

  /** Answers `operation` with `answer(variables)`; an answer that throws rejects the request. */
  answer(operation: string, answer: Answer): this {
    this.#answers.set(operation, answer);
    return this;
  }

  requestsOf(operation: string): RecordedRequest[] {
    return this.requests.filter((request) => request.operation === operation);
  }

  activeSubscriptions(): FakeSubscription[] {
    return this.subscriptions.filter((subscription) => subscription.active);
  }

  request<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<T> {
    const operation = operationOf(document);
    this.requests.push({ operation, document, variables });
    const answer = this.#answers.get(operation);
    return Promise.resolve().then(() => {
      if (!answer) throw new Error(`the fake client has no answer for ${operation}`);
      return answer(variables) as T;
    });
  }

  subscribe<T = Record<string, unknown>>(document: string, variables: Record<string, unknown>, onData: (data: T) => void, onError?: (error: Error) => void): () => void {
    const subscription: FakeSubscription = { operation: operationOf(document), variables, onData: onData as (data: unknown) => void, onError, active: true };
    this.subscriptions.push(subscription);
    return () => {
      subscription.active = false;
    };
  }

  /** Delivers `data` to every active subscription (or those of `operation`), then lets the components update. */
  push(data: unknown, operation?: string): void {
    for (const subscription of this.activeSubscriptions()) {
      if (operation === undefined || subscription.operation === operation) subscription.onData(data);
    }
    flushSync();
  }

  /** Fails every active subscription (what a disconnect looks like to a widget). */
  fail(error = new Error('socket closed')): void {
    for (const subscription of this.activeSubscriptions()) subscription.onError?.(error);
    flushSync();
  }
}

/** Lets pending answers resolve (a few microtask turns), then flushes Svelte's updates. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
  flushSync();
}

const mounted: (() => void)[] = [];

/** Mounts `widget` with the fake client into the document and waits for its first answers. */
export async function renderWidget(widget: Component<WidgetProps>, client: FakeWidgetClient, locale: WidgetLocale, sessionId: string): Promise<HTMLElement> {
  const target = document.body.appendChild(document.createElement('div'));
  const component = mount(widget, { target, props: { client, locale, sessionId } });
  mounted.push(() => {
    unmount(component);
    target.remove();
  });
  flushSync();
  await settle();
  return target;
}

/** Unmounts every widget `renderWidget` mounted (call it after each test). */
export function unmountWidgets(): void {
  for (const cleanup of mounted.splice(0)) cleanup();
}
