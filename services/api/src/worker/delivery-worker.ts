import type { MikroORM } from '@mikro-orm/postgresql';
import type { QueryResult } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { DeliveredEvent, DomainEventName, DomainEvents } from '../events/domain-events.js';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';
import { runInBackground } from './background.js';
import { withTimeout } from '../shared/timeout.js';

export interface DeliveryWorkerOptions {
  /** Deliveries claimed (and run concurrently, each in its own transaction, so a share of the pool) per round. @default 5 */
  batchSize: number;
  /** How often the table is polled when no commit has nudged the worker. @default 500 ms */
  pollIntervalMs: number;
  /**
   * How long a claim is held. A worker that dies mid-delivery loses its claims after this, and
   * another worker takes them; it must exceed `handlerTimeoutMs`. @default 60 s
   */
  leaseMs: number;
  /** A handler still running after this counts as failed. @default 30 s */
  handlerTimeoutMs: number;
  /** Attempts before a delivery is DEAD (a dead letter). @default 8 */
  maxAttempts: number;
  backoff: BackoffOptions;
  /**
   * The app's clock: a delivery is due when its `next_attempt_at` has passed by this clock, so
   * tests that move the clock run scheduled jobs without waiting. @default the system clock
   */
  clock: () => Date;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryWorkerOptions = {
  batchSize: 5,
  pollIntervalMs: 500,
  leaseMs: 60_000,
  handlerTimeoutMs: 30_000,
  maxAttempts: 8,
  backoff: DEFAULT_BACKOFF,
  clock: () => new Date(),
};

/** A delivery this worker has claimed: its lease runs until it is marked done or failed. */
export interface ClaimedDelivery {
  id: string;
  handler: string;
  /** Including this one. */
  attempts: number;
  event: DeliveredEvent;
  payload: unknown;
}

interface ClaimRow {
  id: string;
  handler: string;
  attempts: number;
  seq: string;
  event_id: string;
  name: DomainEventName;
  payload: unknown;
  occurred_at: Date | string;
  organization_id: string | null;
  session_id: string | null;
}

/** Another worker took the delivery over after this worker's lease ran out. */
class LeaseLost extends Error {}

class HandlerTimeout extends Error {
  override name = 'HandlerTimeout';
}

const handlerTimeout = (ms: number) => () => new HandlerTimeout(`handler did not finish within ${ms} ms`);

/**
 * Drains `event_deliveries`: claims due rows with `FOR UPDATE SKIP LOCKED` (so any number of
 * worker processes share the table), runs each durable handler in its own transaction that also
 * marks the delivery DONE, and on failure schedules a retry with exponential backoff, or marks
 * it DEAD after `maxAttempts`. Deliveries are independent rows, so a failing handler never holds
 * up another handler of the same event. No ordering is promised between deliveries.
 */
export class DeliveryWorker {
  readonly options: DeliveryWorkerOptions;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #nudged = false;
  #nextRetryAt = Number.POSITIVE_INFINITY;
  #unsubscribe: (() => void) | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly events: DomainEvents,
    private readonly logger: Logger,
    options: Partial<DeliveryWorkerOptions> = {},
  ) {
    this.options = { ...DEFAULT_DELIVERY_OPTIONS, ...options, backoff: { ...DEFAULT_DELIVERY_OPTIONS.backoff, ...options.backoff } };
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.events.onDeliveriesCommitted(() => this.nudge());
    this.#loop = runInBackground('delivery', () => this.#run());
  }

  /** Stops claiming and waits for the deliveries in flight to finish. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unsubscribe?.();
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
  }

  /** Look for due deliveries now (a commit created some). */
  nudge(): void {
    this.#nudged = true;
    this.#wake?.();
  }

  /**
   * Claims up to `limit` due deliveries of `handlers` (default: every one-at-a-time handler this
   * process knows), leasing them for `leaseMs`.
   */
  async claim(limit = this.options.batchSize, handlers = this.#singleHandlers()): Promise<ClaimedDelivery[]> {
    if (!handlers.length) return [];
    const rows = await this.orm.em.getConnection().execute<ClaimRow[]>(
      `update event_deliveries d
          set attempts = d.attempts + 1, next_attempt_at = ?::timestamptz + ? * interval '1 millisecond'
         from domain_events e
        where e.seq = d.event_seq
          and d.id in (select id from event_deliveries
                        where status = 'PENDING' and next_attempt_at <= ?
                          and handler in (select jsonb_array_elements_text(?::jsonb))
                        order by next_attempt_at, event_seq
                        limit ? for update skip locked)
      returning d.id::text as id, d.handler, d.attempts, e.seq::text as seq, e.id as event_id, e.name, e.payload,
                e.occurred_at, e.organization_id, e.session_id`,
      [this.options.clock(), this.options.leaseMs, this.options.clock(), JSON.stringify(handlers), limit],
    );
    return rows.map((row) => ({
      id: row.id,
      handler: row.handler,
      attempts: row.attempts,
      payload: row.payload,
      event: {
        seq: Number(row.seq),
        id: row.event_id,
        name: row.name,
        occurredAt: new Date(row.occurred_at),
        organizationId: row.organization_id,
        sessionId: row.session_id,
      },
    }));
  }

  #singleHandlers(): string[] {
    return this.events.durableHandlerNames().filter((name) => !this.events.durableHandler(name)!.batch);
  }

  /**
   * One round: claims due deliveries of the one-at-a-time handlers (`batchSize`, each in its own
   * transaction) and, for each batch handler, up to its `maxSize` (one transaction per batch).
   * Returns how many deliveries were claimed.
   */
  async runOnce(): Promise<number> {
    const batchHandlers = this.events
      .durableHandlerNames()
      .map((name) => this.events.durableHandler(name)!)
      .filter((registration) => registration.batch);
    const [singles, ...batches] = await Promise.all([
      this.claim(),
      ...batchHandlers.map((registration) => this.claim(registration.batch!.maxSize, [registration.handlerName])),
    ]);
    await Promise.all([...singles!.map((delivery) => this.deliver(delivery)), ...batches.filter((batch) => batch.length).map((batch) => this.deliverBatch(batch))]);
    return batches.reduce((total, batch) => total + batch.length, singles!.length);
  }

  /**
   * Runs a batch handler over claimed deliveries of one handler, in event order, in one
   * transaction that marks them all done. If the batch fails, each delivery is retried on its own
   * at once, so only a failing event is recorded as failed. Never throws.
   */
  async deliverBatch(deliveries: ClaimedDelivery[]): Promise<void> {
    if (deliveries.length === 1) return this.deliver(deliveries[0]!);
    const handlerName = deliveries[0]!.handler;
    const registration = this.events.durableHandler(handlerName);
    const ordered = [...deliveries].sort((a, b) => a.event.seq - b.event.seq);
    const log = this.logger.child({ handler: handlerName, event: ordered[0]!.event.name, batch: ordered.length });
    try {
      if (!registration?.batch) throw new Error(`no durable batch handler ${handlerName} is registered in this process`);
      const batch = registration.batch;
      await this.orm.em.fork().transactional(async (tx) => {
        const items = ordered.map((delivery) => ({ payload: delivery.payload as never, event: delivery.event }));
        await withTimeout(Promise.resolve(batch.handler(items, { em: tx, logger: log, attempt: Math.max(...ordered.map((d) => d.attempts)) })), this.options.handlerTimeoutMs, handlerTimeout(this.options.handlerTimeoutMs));
        await tx.flush();
        const marked = await tx
          .getConnection()
          .execute<QueryResult>(
            `update event_deliveries d set status = 'DONE', done_at = now(), last_error = null
               from jsonb_to_recordset(?::jsonb) as c(id bigint, attempts int)
              where d.id = c.id and d.attempts = c.attempts and d.status = 'PENDING'`,
            [JSON.stringify(ordered.map((delivery) => ({ id: Number(delivery.id), attempts: delivery.attempts })))],
            'run',
            tx.getTransactionContext(),
          );
        if (marked.affectedRows !== ordered.length) throw new LeaseLost();
      });
    } catch (error) {
      if (error instanceof LeaseLost) {
        log.warn('a batch lease ran out before the handler finished; left to the worker that took it over');
        return;
      }
      log.warn({ err: error }, 'batch failed; delivering its events one at a time');
      for (const delivery of ordered) await this.deliver(delivery);
    }
  }

  /** Runs the handler of one claimed delivery and records the outcome. Never throws. */
  async deliver(delivery: ClaimedDelivery): Promise<void> {
    const { id, handler: handlerName, attempts, event } = delivery;
    const log = this.logger.child({ handler: handlerName, event: event.name, eventSeq: event.seq, attempt: attempts });
    const registration = this.events.durableHandler(handlerName);
    try {
      if (!registration) throw new Error(`no durable handler ${handlerName} is registered in this process`);
      await this.orm.em.fork().transactional(async (tx) => {
        await withTimeout(
          Promise.resolve(registration.handler(delivery.payload as never, { em: tx, logger: log, event, attempt: attempts })),
          this.options.handlerTimeoutMs,
          handlerTimeout(this.options.handlerTimeoutMs),
        );
        await tx.flush();
        const marked = await tx
          .getConnection()
          .execute<QueryResult>(
            `update event_deliveries set status = 'DONE', done_at = now(), last_error = null where id = ? and attempts = ? and status = 'PENDING'`,
            [id, attempts],
            'run',
            tx.getTransactionContext(),
          );
        // Our lease ran out and another worker claimed the delivery: roll back, it delivers.
        if (!marked.affectedRows) throw new LeaseLost();
      });
    } catch (error) {
      if (error instanceof LeaseLost) {
        log.warn('delivery lease ran out before the handler finished; left to the worker that took it over');
        return;
      }
      await this.#recordFailure(delivery, error, log).catch((recordError: unknown) =>
        log.error({ err: recordError }, 'could not record a failed delivery; it is retried when its lease runs out'),
      );
    }
  }

  async #recordFailure({ id, handler, attempts }: ClaimedDelivery, error: unknown, log: Logger): Promise<void> {
    const dead = attempts >= this.options.maxAttempts;
    const delayMs = dead ? 0 : retryDelayMs(attempts, this.options.backoff);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log.error({ err: error, handler, dead, retryInMs: dead ? null : delayMs }, 'handler failed');
    await this.orm.em.getConnection().execute(
      `update event_deliveries
          set status = ?, next_attempt_at = ?::timestamptz + ? * interval '1 millisecond', last_error = ?, done_at = ${dead ? 'now()' : 'null'}
        where id = ? and attempts = ? and status = 'PENDING'`,
      [dead ? 'DEAD' : 'PENDING', this.options.clock(), delayMs, message.slice(0, 4000), id, attempts],
      'run',
    );
    if (dead) log.error({ handler, attempts }, 'delivery is dead after its last attempt; retry it with retryDeadLetter');
    else this.#nextRetryAt = Math.min(this.#nextRetryAt, Date.now() + delayMs);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#nudged = false;
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (error) {
        this.logger.error({ err: error }, 'delivery worker could not claim deliveries');
      }
      if (!this.#running) break;
      if (claimed >= this.options.batchSize || this.#nudged) continue;
      await this.#sleep();
    }
  }

  /** Waits for a nudge, the poll interval, or the earliest retry this worker scheduled. */
  async #sleep(): Promise<void> {
    if (this.#nudged) return;
    const now = Date.now();
    const untilRetry = this.#nextRetryAt - now;
    if (untilRetry <= this.options.pollIntervalMs) this.#nextRetryAt = Number.POSITIVE_INFINITY;
    const waitMs = Math.max(0, Math.min(this.options.pollIntervalMs, untilRetry));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = null;
  }
}
