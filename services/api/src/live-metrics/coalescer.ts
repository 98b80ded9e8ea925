/**
 * Rate-limits work per key to one run per `intervalMs`, trailing edge included: the first touch
 * runs at once, touches within the interval schedule one run at its end, so the last change is
 * always followed by a run. Runs read the state they report at run time, never at touch time.
 */
export class Coalescer {
  readonly #last = new Map<string, number>();
  readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly intervalMs: number,
    private readonly runFor: (key: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  touch(key: string): void {
    if (this.#pending.has(key)) return;
    const wait = (this.#last.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) {
      this.#fire(key);
      return;
    }
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      this.#fire(key);
    }, wait);
    timer.unref?.();
    this.#pending.set(key, timer);
  }

  /** Cancels scheduled runs (app shutdown). */
  close(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  #fire(key: string): void {
    const now = this.now();
    this.#last.set(key, now);
    // Keys idle for a while can start afresh; bound the map on long-running processes.
    if (this.#last.size > 10_000) {
      for (const [other, at] of this.#last) if (now - at > this.intervalMs) this.#last.delete(other);
    }
    this.runFor(key);
  }
}
