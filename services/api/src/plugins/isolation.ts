import { AppError, PluginUnavailableError } from '@broadcart/plugin-sdk';
import type { Logger } from 'pino';
import { withTimeout } from '../shared/timeout.js';

/** Where the host called into a plugin; labels its logs and metrics. */
export type PluginCallKind = 'field' | 'handler' | 'intercept' | 'timer' | 'job' | 'http' | 'setup' | 'shutdown';

export interface IsolationOptions {
  /** Consecutive failures that open a plugin's circuit. @default 5 */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before one trial call. @default 30 s */
  openMs?: number;
  /** Time box of a plugin's query and subscription-event fields, and of its HTTP routes. @default 5 s */
  fieldTimeoutMs?: number;
  /** Time box of a plugin's mutations. @default 60 s */
  mutationTimeoutMs?: number;
  /** The app's clock. */
  clock?: () => Date;
}

export interface PluginCallStats {
  calls: number;
  failures: number;
  timeouts: number;
  /** Calls refused while the circuit was open. */
  rejected: number;
}

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export class PluginTimeoutError extends Error {
  constructor(plugin: string, what: string, ms: number) {
    super(`plugin ${plugin}: ${what} did not finish within ${ms} ms`);
    this.name = 'PluginTimeoutError';
  }
}

/**
 * One plugin's guard: every call the host makes into the plugin goes through `run`, which counts
 * it, times it out, logs failures with the plugin's name and keeps a circuit breaker. Expected
 * failures (AppError: bad input, not found ...) are answers, not faults, and do not count.
 *
 * The circuit opens after `failureThreshold` consecutive faults; while open, calls fail at once
 * with PluginUnavailableError (a GraphQL field resolves to null with that error, a durable
 * delivery is retried later). After `openMs` one trial call goes through: success closes the
 * circuit, failure opens it again.
 */
export class PluginGuard {
  readonly stats: Record<PluginCallKind, PluginCallStats>;
  #consecutiveFailures = 0;
  #openedAt: number | null = null;
  #trialInFlight = false;
  #disabled: string | null = null;
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #clock: () => Date;

  constructor(
    readonly plugin: string,
    private readonly logger: Logger,
    options: IsolationOptions = {},
  ) {
    this.#threshold = options.failureThreshold ?? 5;
    this.#openMs = options.openMs ?? 30_000;
    this.#clock = options.clock ?? (() => new Date());
    const kinds: PluginCallKind[] = ['field', 'handler', 'intercept', 'timer', 'job', 'http', 'setup', 'shutdown'];
    this.stats = Object.fromEntries(kinds.map((kind) => [kind, { calls: 0, failures: 0, timeouts: 0, rejected: 0 }])) as Record<PluginCallKind, PluginCallStats>;
  }

  /** Refuses every call from now on (an optional plugin whose setup failed). */
  disable(reason: string): void {
    this.#disabled = reason;
  }

  get state(): CircuitState | 'DISABLED' {
    if (this.#disabled) return 'DISABLED';
    if (this.#openedAt === null) return 'CLOSED';
    return this.#clock().getTime() - this.#openedAt >= this.#openMs ? 'HALF_OPEN' : 'OPEN';
  }

  /** When the circuit opened (null while closed). */
  get openedAt(): Date | null {
    return this.#openedAt === null ? null : new Date(this.#openedAt);
  }

  /**
   * Runs one call into the plugin. With `circuit: false` the call is refused while the circuit
   * is open but its outcome does not move the circuit (decision points: a slow answer there must
   * not pause the plugin's other work).
   */
  async run<T>(kind: PluginCallKind, what: string, call: () => Promise<T> | T, timeoutMs: number | null, { circuit = true }: { circuit?: boolean } = {}): Promise<T> {
    const stats = this.stats[kind];
    const state = this.state;
    if (state === 'DISABLED') {
      stats.rejected += 1;
      throw new PluginUnavailableError(this.plugin, `plugin ${this.plugin} is not running on this server (${this.#disabled})`);
    }
    if (state === 'OPEN' || (state === 'HALF_OPEN' && this.#trialInFlight)) {
      stats.rejected += 1;
      throw new PluginUnavailableError(this.plugin, `plugin ${this.plugin} is paused after ${this.#threshold} failures in a row; it is retried shortly`);
    }
    const trial = circuit && state === 'HALF_OPEN';
    if (trial) this.#trialInFlight = true;
    stats.calls += 1;
    try {
      const result = await withTimeout(Promise.resolve().then(call), timeoutMs, () => new PluginTimeoutError(this.plugin, what, timeoutMs ?? 0));
      if (circuit) this.#succeeded();
      return result;
    } catch (error) {
      if (error instanceof AppError) {
        if (circuit) this.#succeeded();
        throw error;
      }
      stats.failures += 1;
      if (error instanceof PluginTimeoutError) stats.timeouts += 1;
      if (circuit) this.#failed();
      this.logger.error({ err: error, plugin: this.plugin, kind, call: what, circuit: this.state }, 'plugin call failed');
      throw error;
    } finally {
      if (trial) this.#trialInFlight = false;
    }
  }

  #succeeded(): void {
    this.#consecutiveFailures = 0;
    this.#openedAt = null;
  }

  #failed(): void {
    this.#consecutiveFailures += 1;
    if (this.#openedAt !== null || this.#consecutiveFailures >= this.#threshold) {
      if (this.#openedAt === null) this.logger.warn({ plugin: this.plugin }, 'plugin circuit opened');
      this.#openedAt = this.#clock().getTime();
    }
  }
}
