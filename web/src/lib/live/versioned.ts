/** Anything realtime that carries a version growing with every change (metrics, sessions, alerts). */
export interface Versioned {
  version: number;
}

/**
 * What to hold after a realtime notice: notices may arrive late, twice, or after a re-query
 * already returned something newer, so only a strictly higher version replaces what is held.
 */
export function acceptTick<T extends Versioned>(held: T | null | undefined, tick: T | null | undefined): T | null {
  if (!tick) return held ?? null;
  if (!held || tick.version > held.version) return tick;
  return held;
}

/**
 * What to hold after a query answer (the first load, or a resync after a reconnect): an answer of
 * the same version replaces what is held, because its time-based fields (online now, time on air)
 * are fresher; an older one (a notice overtook the query) is dropped.
 */
export function acceptSnapshot<T extends Versioned>(held: T | null | undefined, snapshot: T | null | undefined): T | null {
  if (!snapshot) return held ?? null;
  if (!held || snapshot.version >= held.version) return snapshot;
  return held;
}
