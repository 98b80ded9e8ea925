export interface BackoffOptions {
  /** Delay before the second attempt. @default 1000 ms */
  baseMs: number;
  /** Longest delay between attempts. @default 5 minutes */
  maxMs: number;
  /** Fraction of the delay randomised either way, so retries of one outage spread out. @default 0.2 */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 5 * 60_000, jitter: 0.2 };

/**
 * Delay before the next attempt after `attempts` failed ones: base, 2x base, 4x base... capped
 * at `maxMs`, then spread by ±`jitter`. `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, { baseMs, maxMs, jitter }: BackoffOptions, random: number = Math.random()): number {
  const exponent = Math.max(0, attempts - 1);
  const delay = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 30));
  return Math.max(0, Math.round(delay * (1 - jitter + 2 * jitter * random)));
}
