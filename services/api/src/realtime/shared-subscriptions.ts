import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';

/**
 * Shared subscriptions: every distinct (operation, variables, permission scope) runs ONE GraphQL
 * subscription per process, however many sockets asked for it. Each result is serialized once and
 * the same text goes to every socket, wrapped in its own `next` envelope.
 *
 * Why the hub writes to the sockets itself: graphql-ws serializes each `next` message per socket
 * (`JSON.stringify` of the whole message, `onNext` can only replace the payload object), and
 * `JSON.rawJSON` accepts primitives only, so an already serialized object cannot be embedded
 * through it. A shared subscriber's iterator therefore never yields to graphql-ws: the hub sends
 * `{"id":…,"type":"next","payload":<text>}` directly, and graphql-ws still handles subscribe-time
 * errors, `complete`, `error` and unsubscribing (it calls `return()` on the iterator).
 *
 * The source runs with the context of the subscriber that started the group. That is sound because
 * the key holds everything a result may depend on: the operation, its variables and the scope
 * (organization and role, or anonymous); a resolver that reads more of the caller (the member
 * itself) must widen the scope in `shareKey` first.
 */

/** Who a subscription runs as; results may differ between scopes, never within one. */
export interface ShareScope {
  organizationId: string;
  role: string;
}

/** Where a subscriber's messages go: the graphql-ws operation id on its socket. */
export interface ShareTarget {
  key: string;
  id: string;
  socket: WebSocket;
}

export interface HubStats {
  /** Results produced by shared sources since the hub started (one GraphQL execution each). */
  executions: number;
  /** Running (or starting) shared subscriptions. */
  groups: number;
  /** Sockets' subscriptions attached to those groups. */
  subscribers: number;
}

/** A socket that has this much unsent data is too slow: its subscription ends with an error (the client resyncs). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` variables share a key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

/** The group key of a subscription request. */
export function shareKey(scope: ShareScope | null, request: { query: string; operationName?: string | null; variables?: unknown }): string {
  return canonicalJson([scope ? `${scope.organizationId}/${scope.role}` : 'anonymous', request.operationName ?? null, request.query, request.variables ?? {}]);
}

interface Group {
  key: string;
  subscribers: Set<SharedSubscriber>;
  source: AsyncIterator<ExecutionResult> | null;
  /** Resolves to null once the source runs, or to the error result every subscriber of the key gets instead. */
  started: Promise<ExecutionResult | null>;
}

/**
 * One socket's view of a group, handed to graphql-ws as the subscription's async iterator. `next()`
 * settles only when the subscription ends (the group's source completed or failed, or the socket
 * was too slow); the results themselves are written to the socket by `send`.
 */
class SharedSubscriber implements AsyncIterableIterator<never> {
  readonly #envelope: string;
  readonly #socket: WebSocket;
  readonly #leave: (subscriber: SharedSubscriber) => void;
  readonly #ended: Promise<IteratorResult<never>>;
  #settle!: { resolve: (result: IteratorResult<never>) => void; reject: (error: unknown) => void };
  #left = false;

  constructor(target: ShareTarget, leave: (subscriber: SharedSubscriber) => void) {
    this.#envelope = `{"id":${JSON.stringify(target.id)},"type":"next","payload":`;
    this.#socket = target.socket;
    this.#leave = leave;
    this.#ended = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    // graphql-ws may never call next() when the client unsubscribes first; a rejection must not go unhandled.
    this.#ended.catch(() => undefined);
  }

  send(text: string): void {
    if (this.#left || this.#socket.readyState !== this.#socket.OPEN) return;
    if (this.#socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.fail(new Error('The connection cannot keep up with this subscription; subscribe again and resync from the last version'));
      return;
    }
    this.#socket.send(this.#envelope + text + '}');
  }

  /** The source completed: graphql-ws sends `complete`. */
  end(): void {
    this.#detach();
    this.#settle.resolve({ done: true, value: undefined });
  }

  /** graphql-ws sends the error to this subscriber only and forgets the subscription. */
  fail(error: unknown): void {
    this.#detach();
    this.#settle.reject(error);
  }

  next(): Promise<IteratorResult<never>> {
    return this.#ended;
  }

  /** The client unsubscribed or its socket closed. */
  return(): Promise<IteratorResult<never>> {
    this.end();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(): Promise<IteratorResult<never>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #detach(): void {
    if (this.#left) return;
    this.#left = true;
    this.#leave(this);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export class SubscriptionHub {
  readonly #groups = new Map<string, Group>();
  #executions = 0;

  /**
   * Attaches the socket's subscription to the group of `target.key`, starting the group with
   * `start` (the real GraphQL `subscribe`) when it is the first. A result that is not a stream
   * (validation, authentication, not found) goes to the subscribers that were waiting for that
   * start only; it never reaches a running group.
   */
  async subscribe(target: ShareTarget, start: () => Promise<unknown> | unknown): Promise<AsyncIterableIterator<never> | ExecutionResult> {
    let group = this.#groups.get(target.key);
    if (!group) {
      const created: Group = { key: target.key, subscribers: new Set(), source: null, started: Promise.resolve(null) };
      created.started = this.#start(created, start);
      this.#groups.set(target.key, created);
      group = created;
    }
    // Attached before the source runs, so no result produced after the start is missed.
    const joined = group;
    const subscriber = new SharedSubscriber(target, (leaving) => this.#leave(joined, leaving));
    group.subscribers.add(subscriber);
    const failure = await group.started.catch((error: unknown) => {
      group.subscribers.delete(subscriber);
      throw error;
    });
    if (failure) {
      group.subscribers.delete(subscriber);
      return failure;
    }
    return subscriber;
  }

  stats(): HubStats {
    let subscribers = 0;
    for (const group of this.#groups.values()) subscribers += group.subscribers.size;
    return { executions: this.#executions, groups: this.#groups.size, subscribers };
  }

  /** Ends every shared subscription (the app is closing). */
  async close(): Promise<void> {
    const groups = [...this.#groups.values()];
    this.#groups.clear();
    for (const group of groups) for (const subscriber of group.subscribers) subscriber.end();
    await Promise.all(groups.map((group) => group.source?.return?.()));
  }

  async #start(group: Group, start: () => Promise<unknown> | unknown): Promise<ExecutionResult | null> {
    try {
      const result = await start();
      if (!isAsyncIterable(result)) {
        this.#forget(group);
        return result as ExecutionResult;
      }
      group.source = result[Symbol.asyncIterator]();
    } catch (error) {
      this.#forget(group);
      throw error;
    }
    if (group.subscribers.size === 0) await this.#stop(group);
    else void this.#pump(group);
    return null;
  }

  async #pump(group: Group): Promise<void> {
    const source = group.source!;
    try {
      for (;;) {
        const next = await source.next();
        if (next.done) break;
        this.#executions += 1;
        const text = JSON.stringify(next.value);
        for (const subscriber of group.subscribers) subscriber.send(text);
      }
      for (const subscriber of group.subscribers) subscriber.end();
    } catch (error) {
      for (const subscriber of group.subscribers) subscriber.fail(error);
    } finally {
      this.#forget(group);
    }
  }

  #leave(group: Group, subscriber: SharedSubscriber): void {
    group.subscribers.delete(subscriber);
    // While the source is starting, #start stops it if nobody is left by then.
    if (group.subscribers.size === 0 && group.source) void this.#stop(group);
  }

  async #stop(group: Group): Promise<void> {
    this.#forget(group);
    await group.source?.return?.();
  }

  #forget(group: Group): void {
    if (this.#groups.get(group.key) === group) this.#groups.delete(group.key);
  }
}
