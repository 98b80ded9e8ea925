import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { jsonParameter } from '../db/sql-literals.js';
import { uuidv7 } from '../shared/ids.js';
import type { EventMap, Jsonified, PluginDeliveredEvent } from '@broadcart/plugin-sdk';

/**
 * Every domain fact the core emits, by name. Names are past-tense facts, `<noun>.<verb>`.
 * Payloads carry ids, not entities, so they can be stored and replayed.
 */
/**
 * Every domain fact, by name: the core's (declared in the plugin SDK, since plugins handle them)
 * and those plugins add. Names are past-tense facts, `<noun>.<verb>`. Payloads carry ids, not
 * entities, so they can be stored and replayed.
 */
export type DomainEventMap = EventMap;

export type DomainEventName = keyof DomainEventMap;

export type { Jsonified };

/**
 * Audience facts raised by ingestion at high volume. Their raw rows are already in
 * `audience_events`, so the outbox records them only when a durable handler wants them.
 */
export const HIGH_VOLUME_EVENTS: ReadonlySet<DomainEventName> = new Set(['viewer.joined', 'comment.posted', 'order.paid', 'order.refunded']);

/** Context handed to in-transaction handlers: they write through the same unit of work. */
export interface DomainEventContext {
  em: EntityManager;
  /** The member whose action caused the fact, recorded with it; omit for the system. */
  actorId?: string | null;
  /** Durable handlers of this fact run no earlier than this (plugin jobs). @default at once */
  notBefore?: Date | null;
}

export type DomainEventHandler<N extends DomainEventName> = (
  payload: DomainEventMap[N],
  context: DomainEventContext,
) => void | Promise<void>;

/** The recorded event a durable handler is delivering (plugins see the same shape). */
export type DeliveredEvent<N extends DomainEventName = DomainEventName> = PluginDeliveredEvent<N>;

/** What a durable handler runs with. */
export interface DurableContext<N extends DomainEventName = DomainEventName> {
  /**
   * A fresh entity manager inside a transaction that also marks the delivery done: database
   * writes made through it commit exactly when the delivery is recorded as DONE.
   */
  em: EntityManager;
  /** Child logger carrying `handler`, `event`, `eventSeq` and `attempt`. */
  logger: Logger;
  event: DeliveredEvent<N>;
  /** 1 on the first delivery. */
  attempt: number;
}

export type DurableHandler<N extends DomainEventName> = (payload: Jsonified<DomainEventMap[N]>, context: DurableContext<N>) => void | Promise<void>;

/** One delivery of a batch: its payload and its recorded event. */
export interface BatchItem<N extends DomainEventName = DomainEventName> {
  payload: Jsonified<DomainEventMap[N]>;
  event: DeliveredEvent<N>;
}

/**
 * A durable handler that takes many deliveries at once (high-volume facts such as comments): one
 * transaction writes the effects of the whole batch and marks every delivery done.
 */
export type DurableBatchHandler<N extends DomainEventName> = (items: BatchItem<N>[], context: Omit<DurableContext<N>, 'event'>) => void | Promise<void>;

export interface DurableRegistration {
  handlerName: string;
  eventName: DomainEventName;
  handler: DurableHandler<DomainEventName>;
  /** Set for batch handlers (`onDurableBatch`): the most deliveries handed over at once. */
  batch?: { maxSize: number; handler: DurableBatchHandler<DomainEventName> };
}

/** `<namespace>:<name>`: core handlers use `core:`, plugins their own namespace. */
const HANDLER_NAME = /^[a-z][a-z0-9-]*:[A-Za-z0-9_.-]+$/;

interface OutboxRow {
  id: string;
  organization_id: string | null;
  session_id: string | null;
  name: string;
  payload: unknown;
  occurred_at: string;
  actor_id: string | null;
}

/**
 * Typed event bus owned by the services.
 *
 * `emit` runs in-transaction handlers (`on`) inside the emitting service's transaction, so a
 * session and its checklist are created or rolled back together, and writes the fact to the
 * outbox (`domain_events`) in that same transaction, with one `event_deliveries` row per durable
 * handler (`onDurable`) of its name. The delivery worker runs durable handlers after commit, at
 * least once, with retries; see `worker/delivery-worker.ts`.
 */
export class DomainEvents {
  /**
   * @param clock The app's clock: deliveries are due by it (the worker compares with the same
   * clock), so tests that move time run jobs and retries without waiting.
   */
  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** The time deliveries are scheduled by. */
  now(): Date {
    return this.clock();
  }

  readonly #handlers = new Map<DomainEventName, DomainEventHandler<DomainEventName>[]>();
  readonly #durable = new Map<string, DurableRegistration>();
  readonly #durableByEvent = new Map<DomainEventName, string[]>();
  /** Transactions that wrote deliveries, so their commit can wake the worker at once. */
  readonly #pendingCommits = new WeakSet<object>();
  readonly #wakeListeners = new Set<() => void>();

  on<N extends DomainEventName>(name: N, handler: DomainEventHandler<N>): void {
    const list = this.#handlers.get(name) ?? [];
    list.push(handler as DomainEventHandler<DomainEventName>);
    this.#handlers.set(name, list);
  }

  /**
   * Registers an after-commit handler, delivered at least once by the worker role with retries
   * and dead letters. `handlerName` (`<namespace>:<name>`, e.g. `core:tasks.onSessionScheduled`)
   * is the delivery's identity in the database: keep it stable across releases. Every process
   * (api and worker) must register the same handlers, since the emitting process creates the
   * delivery rows for the handlers it knows.
   */
  onDurable<N extends DomainEventName>(handlerName: string, eventName: N, handler: DurableHandler<N>): void {
    if (!HANDLER_NAME.test(handlerName)) throw new Error(`Durable handler name ${JSON.stringify(handlerName)} must look like <namespace>:<name>`);
    if (this.#durable.has(handlerName)) throw new Error(`Durable handler ${handlerName} is already registered`);
    this.#durable.set(handlerName, { handlerName, eventName, handler: handler as unknown as DurableHandler<DomainEventName> });
    this.#durableByEvent.set(eventName, [...(this.#durableByEvent.get(eventName) ?? []), handlerName]);
  }

  /**
   * Registers an after-commit handler that receives up to `maxSize` deliveries of `eventName` at
   * once, in event order. A batch that fails is retried one delivery at a time, so one bad event
   * never holds back (or dead-letters) the others.
   */
  onDurableBatch<N extends DomainEventName>(handlerName: string, eventName: N, handler: DurableBatchHandler<N>, { maxSize = 500 }: { maxSize?: number } = {}): void {
    const batch = handler as unknown as DurableBatchHandler<DomainEventName>;
    this.onDurable(handlerName, eventName, (payload, context) => batch([{ payload: payload as never, event: context.event as never }], context));
    this.#durable.get(handlerName)!.batch = { maxSize, handler: batch };
  }

  /** The durable handler registered under `handlerName`, if any. */
  durableHandler(handlerName: string): DurableRegistration | undefined {
    return this.#durable.get(handlerName);
  }

  /** Names of every registered durable handler. */
  durableHandlerNames(): string[] {
    return [...this.#durable.keys()];
  }

  /**
   * Whether emitting `name` has any effect: an in-transaction or durable handler, or a fact that
   * is always recorded. Hot paths skip building payloads nobody reads.
   */
  isObserved(name: DomainEventName): boolean {
    return !HIGH_VOLUME_EVENTS.has(name) || Boolean(this.#handlers.get(name)?.length || this.#durableByEvent.get(name)?.length);
  }

  /** Runs in-transaction handlers in registration order, then records the fact; a failure aborts the transaction. */
  emit<N extends DomainEventName>(name: N, payload: DomainEventMap[N], context: DomainEventContext): Promise<void> {
    return this.emitMany(name, [payload], context);
  }

  /**
   * Records many facts of one name in two multi-row inserts (one statement), for hot paths such
   * as ingestion. In-transaction handlers run for each payload, in order.
   */
  async emitMany<N extends DomainEventName>(name: N, payloads: readonly DomainEventMap[N][], context: DomainEventContext): Promise<void> {
    if (!payloads.length) return;
    const handlers = this.#handlers.get(name) ?? [];
    for (const payload of payloads) {
      for (const handler of handlers) await handler(payload, context);
    }
    await this.#record(name, payloads, context);
  }

  /** Follows the ORM's commits so a commit that wrote deliveries wakes the worker at once. */
  watchCommits(orm: MikroORM): void {
    orm.em.getEventManager().registerSubscriber({ afterTransactionCommit: ({ transaction }) => this.committed(transaction) });
  }

  /** Called for every committed transaction; wakes the worker if it wrote deliveries. */
  committed(transaction: object | undefined): void {
    if (!transaction || !this.#pendingCommits.has(transaction)) return;
    this.#pendingCommits.delete(transaction);
    this.deliveriesDue();
  }

  /** Wakes the delivery worker: deliveries became due outside an emitting transaction (a retried dead letter). */
  deliveriesDue(): void {
    for (const listener of this.#wakeListeners) listener();
  }

  /** Registers a listener called after a commit that created deliveries; returns its removal. */
  onDeliveriesCommitted(listener: () => void): () => void {
    this.#wakeListeners.add(listener);
    return () => this.#wakeListeners.delete(listener);
  }

  async #record<N extends DomainEventName>(name: N, payloads: readonly DomainEventMap[N][], { em, actorId = null, notBefore = null }: DomainEventContext): Promise<void> {
    const handlers = this.#durableByEvent.get(name) ?? [];
    if (!handlers.length && HIGH_VOLUME_EVENTS.has(name)) return;
    const now = new Date().toISOString();
    const rows: OutboxRow[] = payloads.map((payload) => {
      const fields = payload as { organizationId?: string; sessionId?: string; at?: unknown };
      return {
        id: uuidv7(),
        organization_id: fields.organizationId ?? null,
        session_id: fields.sessionId ?? null,
        name,
        payload,
        occurred_at: fields.at instanceof Date ? fields.at.toISOString() : now,
        actor_id: actorId,
      };
    });
    // The rows travel as one quoted JSON constant rather than one placeholder per value;
    // jsonb_to_recordset turns them back into rows.
    const insertEvents = `insert into domain_events (id, organization_id, session_id, name, payload, occurred_at, actor_id)
      select r.id, r.organization_id, r.session_id, r.name, r.payload, r.occurred_at, r.actor_id
        from rows from (jsonb_to_recordset(?::jsonb) as (id uuid, organization_id uuid, session_id uuid, name varchar, payload jsonb, occurred_at timestamptz, actor_id uuid))
             with ordinality as r(id, organization_id, session_id, name, payload, occurred_at, actor_id, n)
       order by r.n`;
    const connection = em.getConnection();
    const transaction = em.getTransactionContext();
    if (!handlers.length) {
      await connection.execute(insertEvents, [jsonParameter(rows)], 'run', transaction);
      return;
    }
    await connection.execute(
      `with e as (${insertEvents} returning seq)
       insert into event_deliveries (event_seq, handler, status, attempts, next_attempt_at, created_at)
       select e.seq, h.handler, 'PENDING', 0, ?::timestamptz, now() from e cross join jsonb_array_elements_text(?::jsonb) as h(handler)`,
      [jsonParameter(rows), notBefore ?? this.clock(), jsonParameter(handlers)],
      'run',
      transaction,
    );
    if (transaction) this.#pendingCommits.add(transaction);
    else this.deliveriesDue();
  }
}
