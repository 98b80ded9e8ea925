/**
 * A clock that ticks every second while its component lives, for timers (no server call per
 * second). `now` is the server's time as well as it can be estimated: timers count from server
 * timestamps, and the control-room laptop's clock may be off.
 */
export class LiveClock {
  #local = $state(Date.now());
  /** Server clock minus local clock, in ms. */
  offsetMs = $state(0);
  #sampled = false;

  constructor(intervalMs = 1000) {
    $effect(() => {
      const timer = setInterval(() => (this.#local = Date.now()), intervalMs);
      return () => clearInterval(timer);
    });
  }

  get now(): number {
    return this.#local + this.offsetMs;
  }

  /**
   * Learns the offset from a realtime notice stamped with the server's time of the change and sent
   * at once. Delivery only makes it later, so each sample is a lower bound and the largest one seen
   * wins. Query answers must not be passed: their timestamps may be old.
   */
  observeServerTime(iso: string | null | undefined, receivedAt = Date.now()): void {
    const stamp = iso ? Date.parse(iso) : Number.NaN;
    if (!Number.isFinite(stamp)) return;
    const sample = stamp - receivedAt;
    if (!this.#sampled || sample > this.offsetMs) {
      this.offsetMs = sample;
      this.#sampled = true;
    }
  }
}
