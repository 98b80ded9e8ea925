/**
 * Timing of a run-of-show. Segments run back to back from the session's scheduled start in their
 * order, so a segment's planned offset is the sum of the planned durations before it. The API
 * stores each offset (auto-advance and the control room read it); after a reorder or a duration
 * change the planner writes back the offsets that no longer match the order.
 */

export interface TimedSegment {
  id: string;
  plannedOffsetSeconds: number;
  plannedDurationSeconds: number;
}

export interface TimelineRow {
  id: string;
  /** Seconds after the scheduled start, from the order and the durations before it. */
  offsetSeconds: number;
  startsAt: Date;
  endsAt: Date;
  /** The stored offset differs from the one the order gives. */
  misaligned: boolean;
}

export type PlanFit = 'exact' | 'over' | 'under';

export interface Timeline {
  rows: TimelineRow[];
  totalSeconds: number;
  slotSeconds: number;
  /** totalSeconds - slotSeconds: positive when the plan over-runs the slot. */
  balanceSeconds: number;
  fit: PlanFit;
}

export function buildTimeline(segments: readonly TimedSegment[], scheduledStart: string | Date, scheduledEnd: string | Date): Timeline {
  const start = new Date(scheduledStart).getTime();
  const slotSeconds = Math.round((new Date(scheduledEnd).getTime() - start) / 1000);
  let offset = 0;
  const rows = segments.map((segment) => {
    const row: TimelineRow = {
      id: segment.id,
      offsetSeconds: offset,
      startsAt: new Date(start + offset * 1000),
      endsAt: new Date(start + (offset + segment.plannedDurationSeconds) * 1000),
      misaligned: segment.plannedOffsetSeconds !== offset,
    };
    offset += segment.plannedDurationSeconds;
    return row;
  });
  const balanceSeconds = offset - slotSeconds;
  return { rows, totalSeconds: offset, slotSeconds, balanceSeconds, fit: balanceSeconds > 0 ? 'over' : balanceSeconds < 0 ? 'under' : 'exact' };
}

/** The `{ id, plannedOffsetSeconds }` updates that make stored offsets follow `segments`' order. */
export function offsetUpdates(segments: readonly TimedSegment[]): { id: string; plannedOffsetSeconds: number }[] {
  const updates: { id: string; plannedOffsetSeconds: number }[] = [];
  let offset = 0;
  for (const segment of segments) {
    if (segment.plannedOffsetSeconds !== offset) updates.push({ id: segment.id, plannedOffsetSeconds: offset });
    offset += segment.plannedDurationSeconds;
  }
  return updates;
}

/**
 * Seconds from what a planner types: `m:ss`, `mm:ss` or `h:mm:ss` (seconds and, with hours,
 * minutes below 60), or a bare number of minutes (`10` → 600). Null for anything else.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{1,4}$/.test(trimmed)) return Number(trimmed) * 60;
  const match = /^(?:(\d{1,2}):)?(\d{1,4}):(\d{2})$/.exec(trimmed);
  if (!match) return null;
  const [, hours, minutes, seconds] = match;
  if (Number(seconds) >= 60) return null;
  if (hours !== undefined && Number(minutes) >= 60) return null;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** Cues in the order they come up, each with the index it has in the stored list. */
export function cuesInOrder<T extends { atSeconds: number }>(cues: readonly T[]): (T & { index: number })[] {
  return cues.map((cue, index) => ({ ...cue, index })).sort((a, b) => a.atSeconds - b.atSeconds || a.index - b.index);
}
