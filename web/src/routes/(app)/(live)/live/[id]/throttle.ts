export interface Throttled {
  /** Asks for a run: now if the last one is at least the interval ago, else once when it is. */
  (): void;
  /** Drops a pending run (the component went away). */
  cancel(): void;
}

/**
 * Runs `action` at most once per `intervalMs`. Calls in between collapse into one trailing run at
 * the end of the interval, so the last call is never lost (a burst of metric ticks still ends with
 * a read of the state after the burst).
 */
export function throttle(action: () => void, intervalMs: number, now: () => number = Date.now): Throttled {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    last = now();
    action();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + intervalMs - now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}
