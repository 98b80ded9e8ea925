import { setImmediate as nextTurn, setTimeout as delay } from 'node:timers/promises';
import { MAX_EVENTS_PER_BATCH, type IngestReply, type WireEvent } from '../ingest/contract.js';
import { TrafficModel, type ShowState, type TrafficOptions } from './traffic-model.js';

/** Where batches go: the signed `POST /ingest` (CLI) or the ingestion service (in-process demo). */
export interface SimulationSink {
  send(sessionId: string, events: WireEvent[]): Promise<IngestReply>;
}

/**
 * A failed send. `retryable` failures (network errors, 5xx, 429) are sent again with the same
 * event ids, which the ingestion API treats as duplicates if the first attempt did land.
 */
export class SinkError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SinkError';
  }
}

/** What is on air, and whether the session is still LIVE. */
export interface ShowSource {
  read(): Promise<{ live: boolean; show: ShowState }>;
}

export interface SimulationStats {
  /** Show time simulated so far, seconds. */
  elapsedSeconds: number;
  online: number;
  /** Events delivered (each counted once, whatever the retries). */
  eventsSent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Failed send attempts (each retried or, if not retryable, given up). */
  errors: number;
  /** The last few distinct rejection reasons and send errors, for the progress line. */
  lastProblems: string[];
}

export interface RunnerOptions extends Omit<TrafficOptions, 'tickMs'> {
  sessionId: string;
  sink: SimulationSink;
  showSource: ShowSource;
  /**
   * How many times faster than real time the show runs: 1 for a real show, 20 to compress
   * 10 minutes into 30 s, `Infinity` to run as fast as the sink accepts (tests).
   * @default 1
   */
  speed?: number;
  /** Show time between two reads of what is on air. @default 1000 */
  showRefreshMs?: number;
  /** Called about once per second of real time, and once at the end. */
  onProgress?: (stats: SimulationStats) => void;
  /** Wall clock for event stamps. @default Date.now */
  now?: () => number;
}

export type StopReason = 'DURATION' | 'STOPPED' | 'SESSION_ENDED' | 'FAILED';

/** Batch cadence in show time: one batch per tick. */
const TICK_MS = 250;
const MAX_BACKOFF_MS = 5_000;

/**
 * Drives a `TrafficModel` in (possibly accelerated) real time and delivers one batch per tick
 * through the sink, in order, retrying failed batches with the same ids until they land or the
 * run is stopped.
 */
export class SimulationRunner {
  readonly stats: SimulationStats = { elapsedSeconds: 0, online: 0, eventsSent: 0, accepted: 0, duplicates: 0, rejected: 0, errors: 0, lastProblems: [] };
  readonly model: TrafficModel;
  #stopRequested = false;
  #wakeUp: (() => void) | null = null;
  readonly #options: RunnerOptions;
  readonly #now: () => number;
  #running: Promise<StopReason> | null = null;

  constructor(options: RunnerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.model = new TrafficModel({ ...options, tickMs: TICK_MS });
  }

  /** Runs the show until its duration, `stop()`, the session ending or a refused send; resolves with why it stopped. */
  run(): Promise<StopReason> {
    this.#running ??= this.#run();
    return this.#running;
  }

  /** Asks the run to stop after the batch in flight; resolves when it has. */
  async stop(): Promise<StopReason | null> {
    this.#stopRequested = true;
    this.#wakeUp?.();
    return this.#running;
  }

  async #run(): Promise<StopReason> {
    const { speed = 1, showRefreshMs = 1000, onProgress } = this.#options;
    const startedAt = this.#now();
    let lastProgress = startedAt;
    let nextRefreshMs = 0;
    let reason: StopReason = 'DURATION';
    try {
      while (!this.model.finished) {
        if (this.#stopRequested) {
          reason = 'STOPPED';
          break;
        }
        if (this.model.elapsedMs >= nextRefreshMs) {
          nextRefreshMs = this.model.elapsedMs + showRefreshMs;
          const state = await this.#readShow(this.model.elapsedMs === 0);
          if (state && !state.live) {
            reason = 'SESSION_ENDED';
            break;
          }
          if (state) this.model.setShow(state.show);
        }
        const events = this.model.step(new Date(this.#now()));
        if (!(await this.#deliver(events))) {
          reason = this.#stopRequested ? 'STOPPED' : 'FAILED';
          break;
        }
        this.stats.elapsedSeconds = this.model.elapsedMs / 1000;
        this.stats.online = this.model.online;
        if (onProgress && this.#now() - lastProgress >= 1000) {
          lastProgress = this.#now();
          onProgress(this.stats);
        }
        await this.#pace(startedAt, speed);
      }
      // Viewers still present leave, so online figures fall back to zero; a session that ended may refuse them.
      if (reason !== 'FAILED') await this.#deliver(this.model.closeShow(new Date(this.#now())), 1);
    } catch (error) {
      this.#problem(error instanceof Error ? error.message : String(error));
      reason = 'FAILED';
    }
    this.stats.online = this.model.online;
    onProgress?.(this.stats);
    return reason;
  }

  /**
   * What is on air. A failed read after the first keeps the show as it was (the API may be
   * restarting; sends retry meanwhile); the first must succeed, or the session is wrong.
   */
  async #readShow(first: boolean): Promise<{ live: boolean; show: ShowState } | null> {
    try {
      return await this.#options.showSource.read();
    } catch (error) {
      if (first) throw error;
      this.stats.errors++;
      this.#problem(`reading the show: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /** Waits until the next tick is due in (accelerated) real time. */
  async #pace(startedAt: number, speed: number): Promise<void> {
    if (!Number.isFinite(speed)) {
      await nextTurn();
      return;
    }
    const dueAt = startedAt + this.model.elapsedMs / speed;
    const wait = dueAt - this.#now();
    if (wait > 0) await this.#sleep(wait);
  }

  async #sleep(ms: number): Promise<void> {
    const controller = new AbortController();
    this.#wakeUp = () => controller.abort();
    await delay(ms, undefined, { signal: controller.signal }).catch(() => undefined);
    this.#wakeUp = null;
  }

  /**
   * Sends events in batches of at most MAX_EVENTS_PER_BATCH, in order. Returns false when a batch
   * could not be delivered (refused, or stopped while retrying). `attempts` bounds retries.
   */
  async #deliver(events: WireEvent[], attempts = Infinity): Promise<boolean> {
    for (let start = 0; start < events.length; start += MAX_EVENTS_PER_BATCH) {
      const batch = events.slice(start, start + MAX_EVENTS_PER_BATCH);
      let backoff = 250;
      for (let attempt = 1; ; attempt++) {
        try {
          const reply = await this.#options.sink.send(this.#options.sessionId, batch);
          this.stats.eventsSent += batch.length;
          this.stats.accepted += reply.accepted.length;
          this.stats.duplicates += reply.duplicates.length;
          this.stats.rejected += reply.rejected.length;
          for (const rejection of reply.rejected.slice(0, 3)) this.#problem(`rejected ${rejection.id ?? `#${rejection.index}`}: ${rejection.reason}`);
          break;
        } catch (error) {
          this.stats.errors++;
          this.#problem(error instanceof Error ? error.message : String(error));
          const retryable = !(error instanceof SinkError) || error.retryable;
          if (!retryable || attempt >= attempts || this.#stopRequested) return false;
          await this.#sleep(backoff);
          backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
      }
    }
    return true;
  }

  #problem(message: string): void {
    const problems = this.stats.lastProblems.filter((existing) => existing !== message);
    problems.push(message);
    this.stats.lastProblems = problems.slice(-3);
  }
}
