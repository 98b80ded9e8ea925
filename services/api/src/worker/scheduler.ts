import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { runInBackground } from './background.js';

/** What a periodic task runs with. */
export interface ScheduledTaskContext {
  /** A fresh entity manager for this tick. */
  em: EntityManager;
  /** Child logger carrying `task`. */
  logger: Logger;
  /** The app's clock (injectable, so tests move time instead of sleeping). */
  now: Date;
}

export type ScheduledTask = (context: ScheduledTaskContext) => Promise<void>;

interface Registration {
  name: string;
  intervalMs: number;
  task: ScheduledTask;
  timer: NodeJS.Timeout | null;
  tick: Promise<boolean> | null;
}

/**
 * The first tick of a long-interval task comes at most this long after start, so an hourly task
 * still runs in processes that are restarted (deployed) more often than hourly.
 */
const FIRST_TICK_WITHIN_MS = 30_000;

/** First key of the advisory locks the scheduler takes ('bcst'), so they cannot clash with others. */
const LOCK_NAMESPACE = 0x62637374;

/**
 * Periodic tasks of the worker role. Each tick runs in a transaction holding
 * `pg_try_advisory_xact_lock(namespace, hashtext(name))`, so however many worker processes run,
 * one runs a given task at a time (the others skip that tick). A failing tick is logged with
 * the task's name and the next tick runs as planned. Ticks of one task never overlap; the next
 * one is `intervalMs` after the previous finished (the first, at most 30 s after start).
 */
export class Scheduler {
  readonly #tasks = new Map<string, Registration>();
  #running = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Registers a task; it runs only once `start()` was called (worker and all roles). */
  every(name: string, intervalMs: number, task: ScheduledTask): void {
    if (this.#tasks.has(name)) throw new Error(`Scheduled task ${name} is already registered`);
    if (!(intervalMs > 0)) throw new Error(`Scheduled task ${name} needs a positive interval`);
    const registration: Registration = { name, intervalMs, task, timer: null, tick: null };
    this.#tasks.set(name, registration);
    if (this.#running) this.#schedule(registration, Math.min(intervalMs, FIRST_TICK_WITHIN_MS));
  }

  /** Names of the registered tasks. */
  names(): string[] {
    return [...this.#tasks.keys()];
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const registration of this.#tasks.values()) this.#schedule(registration, Math.min(registration.intervalMs, FIRST_TICK_WITHIN_MS));
  }

  /** Stops scheduling and waits for ticks in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    const ticks: Promise<boolean>[] = [];
    for (const registration of this.#tasks.values()) {
      if (registration.timer) clearTimeout(registration.timer);
      registration.timer = null;
      if (registration.tick) ticks.push(registration.tick);
    }
    await Promise.allSettled(ticks);
  }

  /**
   * Runs one tick of `name` now, under its lock. Resolves true when it ran, false when another
   * process held the lock; rejects with the task's error.
   */
  async runNow(name: string): Promise<boolean> {
    const registration = this.#tasks.get(name);
    if (!registration) throw new Error(`No scheduled task ${name}`);
    return this.#tick(registration);
  }

  #schedule(registration: Registration, delayMs = registration.intervalMs): void {
    registration.timer = setTimeout(() => {
      registration.timer = null;
      registration.tick = runInBackground(registration.name, () => this.#tick(registration))
        .catch((error: unknown) => {
          this.logger.error({ err: error, task: registration.name }, 'scheduled task failed');
          return false;
        })
        .finally(() => {
          registration.tick = null;
          if (this.#running && !registration.timer) this.#schedule(registration);
        });
    }, delayMs);
  }

  #tick({ name, task }: Registration): Promise<boolean> {
    return this.orm.em.fork().transactional(async (tx) => {
      const [row] = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?, hashtext(?)) as locked', [LOCK_NAMESPACE, name]);
      if (!row?.locked) return false;
      await task({ em: this.orm.em.fork(), logger: this.logger.child({ task: name }), now: this.clock() });
      return true;
    });
  }
}
