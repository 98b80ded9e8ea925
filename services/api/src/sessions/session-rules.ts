import type { FieldIssue } from '../shared/errors.js';

/** A session may last at most a day; longer broadcasts are planned as several sessions. */
export const MAX_SESSION_SECONDS = 24 * 3600;

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** Half-open windows: a session ending at 20:00 does not overlap one starting at 20:00. */
export function overlaps(a: TimeWindow, b: TimeWindow): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Problems of a scheduled start/end pair, reported on `scheduledEnd`. */
export function scheduleIssues({ start, end }: TimeWindow, base: (string | number)[] = ['input']): FieldIssue[] {
  const seconds = (end.getTime() - start.getTime()) / 1000;
  if (seconds <= 0) return [{ path: [...base, 'scheduledEnd'], message: 'must be after scheduledStart' }];
  if (seconds > MAX_SESSION_SECONDS) return [{ path: [...base, 'scheduledEnd'], message: 'must be at most 24 hours after scheduledStart' }];
  return [];
}

/** The issue, on `scheduledStart`, when a session does not fall within its campaign's window. */
export function campaignWindowIssue(
  session: TimeWindow,
  campaign: { name: string; startsAt: Date; endsAt: Date },
  base: (string | number)[] = ['input'],
): FieldIssue | null {
  if (session.start >= campaign.startsAt && session.end <= campaign.endsAt) return null;
  return {
    path: [...base, 'scheduledStart'],
    message: `must fall within campaign “${campaign.name}” (${campaign.startsAt.toISOString()} to ${campaign.endsAt.toISOString()})`,
  };
}

/**
 * Checks that `requested` lists exactly the ids of `current`, once each, and reports every id
 * that is foreign or repeated by its index and every missing one on the list itself.
 */
export function reorderIssues(current: readonly string[], requested: readonly string[], path: (string | number)[]): FieldIssue[] {
  const known = new Set(current);
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  requested.forEach((id, index) => {
    if (!known.has(id)) issues.push({ path: [...path, index], message: 'is not part of this session' });
    else if (seen.has(id)) issues.push({ path: [...path, index], message: 'is listed twice' });
    seen.add(id);
  });
  const missing = current.filter((id) => !seen.has(id)).length;
  if (missing) issues.push({ path, message: `must list every item exactly once; ${missing} missing` });
  return issues;
}

/** Puts `item` at `position` (0-based, clamped) and returns the new order. */
export function insertAt<T>(items: readonly T[], item: T, position: number | null | undefined): T[] {
  const rest = items.filter((other) => other !== item);
  const index = position == null ? rest.length : Math.max(0, Math.min(position, rest.length));
  return [...rest.slice(0, index), item, ...rest.slice(index)];
}

export type Direction = 'NEXT' | 'PREVIOUS';

/**
 * The segment to go to from `currentId` in `ordered`. Without a current segment NEXT means the
 * first one. Null when there is nothing in that direction.
 */
export function neighbour<T extends { id: string }>(ordered: readonly T[], currentId: string | null | undefined, direction: Direction): T | null {
  const index = currentId ? ordered.findIndex((segment) => segment.id === currentId) : -1;
  if (index === -1) return direction === 'NEXT' ? (ordered[0] ?? null) : null;
  return ordered[index + (direction === 'NEXT' ? 1 : -1)] ?? null;
}

/** When a segment is planned to run, from the session's scheduled start. */
export function plannedWindow(scheduledStart: Date, offsetSeconds: number, durationSeconds: number): TimeWindow {
  const start = new Date(scheduledStart.getTime() + offsetSeconds * 1000);
  return { start, end: new Date(start.getTime() + durationSeconds * 1000) };
}

/** What a segment must satisfy beyond its field formats. */
export interface SegmentPlan {
  plannedDurationSeconds: number;
  productIds: readonly string[];
  cues: readonly { atSeconds: number }[];
}

/**
 * A segment may only pitch products of the session's lineup (each once), and its cues must fall
 * within its planned duration. Issues are reported under `base` (e.g. ['input', 'segments', 2]).
 */
export function segmentIssues(segment: SegmentPlan, lineupProductIds: ReadonlySet<string>, base: (string | number)[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  segment.productIds.forEach((id, index) => {
    if (!lineupProductIds.has(id)) issues.push({ path: [...base, 'productIds', index], message: 'is not in the session’s lineup' });
    else if (segment.productIds.indexOf(id) !== index) issues.push({ path: [...base, 'productIds', index], message: 'is listed twice' });
  });
  segment.cues.forEach((cue, index) => {
    if (cue.atSeconds > segment.plannedDurationSeconds) {
      issues.push({ path: [...base, 'cues', index, 'atSeconds'], message: `must be within the segment’s ${segment.plannedDurationSeconds} seconds` });
    }
  });
  return issues;
}
