import { createPubSub } from 'graphql-yoga';

/** Realtime topics and their payloads (in-process now; Redis-backed in the live-engine issue). */
export type RealtimeTopics = {
  /** A session's status, segment or schedule changed; the payload is the session id. */
  'session:updated': [sessionId: string, payload: { sessionId: string; organizationId: string; version: number }];
};

/** An EventTarget that knows how many listeners each topic has (subscribers per `topic:id`). */
class CountingEventTarget extends EventTarget {
  readonly #listeners = new Map<string, number>();

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    this.#listeners.set(type, (this.#listeners.get(type) ?? 0) + 1);
    super.addEventListener(type, listener, options);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    const count = (this.#listeners.get(type) ?? 1) - 1;
    if (count > 0) this.#listeners.set(type, count);
    else this.#listeners.delete(type);
    super.removeEventListener(type, listener, options);
  }

  listeners(type: string): number {
    return this.#listeners.get(type) ?? 0;
  }
}

export type Realtime = ReturnType<typeof createRealtime>;

export function createRealtime() {
  const target = new CountingEventTarget();
  const pubsub = createPubSub<RealtimeTopics>({ eventTarget: target as never });
  return Object.assign(pubsub, {
    /** Subscribers currently listening to `<topic>:<id>` in this process (health and tests). */
    subscriberCount: (topic: keyof RealtimeTopics, id: string) => target.listeners(`${topic}:${id}`),
  });
}
