import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { SubscriptionHub } from './realtime/shared-subscriptions.js';

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
  /** An overlay token was revoked (or rotated away): every API process forgets it and closes its sockets. */
  'overlay:revoked': [payload: { tokenId: string; organizationId: string }];
  /** A plugin's own topics, keyed `<namespace>:<topic>` so plugins never hear each other (see plugins/plugin-host.ts). */
  plugin: [topic: string, payload: Record<string, unknown>];
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
    /** Labels plugins gave a comment (`comment.beforePublish`), e.g. `lottery:keyword`. */
    labels?: string[];
  }[];
}

/**
 * Wraps the event transport (in-process, or Redis shared by every API process) and counts this
 * process's listeners per topic. With a channel prefix, topic `session:updated:<id>` travels as
 * `<prefix>session:updated:<id>`, so deployments (or test runs) sharing one Redis do not hear each other.
 */
class CountingEventTarget implements EventTarget {
  readonly #listeners = new Map<string, number>();

  constructor(
    private readonly inner: EventTarget,
    private readonly prefix = '',
  ) {}

  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    this.#listeners.set(type, (this.#listeners.get(type) ?? 0) + 1);
    this.inner.addEventListener(this.prefix + type, listener, options);
  }

  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    const count = (this.#listeners.get(type) ?? 1) - 1;
    if (count > 0) this.#listeners.set(type, count);
    else this.#listeners.delete(type);
    this.inner.removeEventListener(this.prefix + type, listener, options);
  }

  dispatchEvent(event: Event): boolean {
    if (!this.prefix) return this.inner.dispatchEvent(event);
    return this.inner.dispatchEvent(new CustomEvent(this.prefix + event.type, { detail: (event as CustomEvent).detail }));
  }

  listeners(type: string): number {
    return this.#listeners.get(type) ?? 0;
  }
}

export interface RealtimeOptions {
  /** Redis shared by every API process; in-process pub/sub when unset. */
  redisUrl?: string | null;
  /** Prefix of the Redis channels. @default 'broadcart:' */
  channelPrefix?: string;
  logger?: Logger;
}

export type Realtime = ReturnType<typeof createRealtime>;

/**
 * Pub/sub for the realtime topics plus the shared subscription hub. With `redisUrl`, a publish in
 * any process reaches the subscribers of every process (one connection publishes, one subscribes);
 * without it nothing touches Redis.
 */
export function createRealtime(options: RealtimeOptions = {}) {
  let target: CountingEventTarget;
  let disconnect = async (): Promise<void> => {};
  let redisReady = (): boolean | null => null;
  if (options.redisUrl) {
    const connect = (role: string) => {
      // A publish waits through a short outage only: notices are freshness, not state (see above).
      const client = new Redis(options.redisUrl!, { connectionName: `broadcart-${role}`, maxRetriesPerRequest: 3 });
      // ioredis reconnects by itself (and subscribes again); without a listener every failed attempt would print a stack.
      client.on('error', (error: Error) => options.logger?.warn({ err: error, role }, 'Redis connection error'));
      return client;
    };
    const publishClient = connect('publish');
    const subscribeClient = connect('subscribe');
    // The event target fires these commands without awaiting them; a Redis outage must be logged, not crash the process.
    const logged = (command: string) => (error: unknown) => void options.logger?.warn({ err: error, command }, 'Redis command failed');
    const publisher = { publish: (channel: string, message: string) => publishClient.publish(channel, message).catch(logged('publish')) };
    const subscriber = {
      on: (event: 'message', listener: (channel: string, message: string) => void) => subscribeClient.on(event, listener),
      subscribe: (channel: string) => subscribeClient.subscribe(channel).catch(logged('subscribe')),
      unsubscribe: (channel: string) => subscribeClient.unsubscribe(channel).catch(logged('unsubscribe')),
    };
    const transport = createRedisEventTarget({ publishClient: publisher as unknown as Redis, subscribeClient: subscriber as unknown as Redis });
    target = new CountingEventTarget(transport as EventTarget, options.channelPrefix ?? 'broadcart:');
    redisReady = () => publishClient.status === 'ready' && subscribeClient.status === 'ready';
    disconnect = async () => {
      // QUIT lets queued publishes go out first; a client that never connected just stops retrying.
      await Promise.all([publishClient, subscribeClient].map((client) => (client.status === 'ready' ? client.quit().then(() => undefined, () => client.disconnect()) : client.disconnect())));
    };
  } else {
    target = new CountingEventTarget(new EventTarget());
  }
  const pubsub = createPubSub<RealtimeTopics>({ eventTarget: target as never });
  const hub = new SubscriptionHub();
  return Object.assign(pubsub, {
    /** `redis` when events travel through Redis to every process, `memory` when they stay in this one. */
    transport: (options.redisUrl ? 'redis' : 'memory') as 'redis' | 'memory',
    /** Whether both Redis connections are up; null without Redis (for `/readyz`). */
    redisReady,
    /** Listeners of `<topic>:<id>` in this process (one per shared subscription group; health and tests). */
    subscriberCount: (topic: keyof RealtimeTopics, id: string) => target.listeners(`${topic}:${id}`),
    /** Runs each distinct subscription once and fans its results out to the sockets (see shared-subscriptions.ts). */
    hub,
    /** Stops the shared subscriptions and disconnects Redis. */
    async close(): Promise<void> {
      await hub.close();
      await disconnect();
    },
  });
}
