import { createPubSub } from 'graphql-yoga';

/**
 * Realtime topics and their payloads. Payloads are small JSON-safe notices (ids and versions):
 * subscribers re-read the state they show, so a dropped message costs freshness, never
 * correctness. Every payload carries a version that only grows per session.
 */
export type RealtimeTopics = {
  /** A session's status, segment or schedule changed. */
  'session:updated': [sessionId: string, payload: { sessionId: string; organizationId: string; version: number }];
  /** The session's live metrics changed (coalesced by the publisher to at most 4 per second). */
  'session:metrics': [sessionId: string, payload: { sessionId: string; organizationId: string; version: number }];
  /** Audience events accepted for the session, in log order (`seq`), one notice per flushed batch. */
  'session:events': [sessionId: string, payload: SessionEventsNotice];
  /** An alert fired or cleared on the session. */
  'session:alerts': [sessionId: string, payload: { sessionId: string; organizationId: string; alertId: string; version: number }];
};

/** The accepted events of one flushed ingestion batch for one session. */
export interface SessionEventsNotice {
  sessionId: string;
  organizationId: string;
  /** `seq` of the last event in `events`: the version a reconnecting client resumes after. */
  version: number;
  events: {
    seq: number;
    kind: string;
    occurredAt: string;
    viewerId: string | null;
    productId: string | null;
    /** Kind-specific fields (comment text, like count, order amount...). */
    data: Record<string, unknown>;
  }[];
}

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
