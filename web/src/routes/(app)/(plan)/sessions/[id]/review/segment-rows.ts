import type { ReviewSegmentRow } from './review-query.js';
import type { SortValue } from './table-sort.js';

export const SEGMENT_COLUMNS = ['position', 'title', 'plannedDuration', 'actualDuration', 'overrun', 'pv', 'comments', 'clicks', 'paidOrders', 'gmvPaid', 'gmvPerMinute'] as const;
export type SegmentColumn = (typeof SEGMENT_COLUMNS)[number];

/** On air now: it went on and has not come off yet. */
export function isOnAir(segment: Pick<ReviewSegmentRow, 'actualStart' | 'actualEnd'>): boolean {
  return segment.actualStart !== null && segment.actualEnd === null;
}

/**
 * Seconds on air beyond the plan (negative: cut short); null for a segment that never aired, and
 * for one still on air within its plan (it is not short, it is not over yet).
 */
export function overrunSeconds(segment: Pick<ReviewSegmentRow, 'actualStart' | 'actualEnd' | 'actualDurationSeconds' | 'plannedDurationSeconds'>): number | null {
  if (segment.actualDurationSeconds === null) return null;
  const overrun = segment.actualDurationSeconds - segment.plannedDurationSeconds;
  return isOnAir(segment) && overrun < 0 ? null : overrun;
}

export function segmentValue(segment: ReviewSegmentRow, column: SegmentColumn): SortValue {
  switch (column) {
    case 'position':
      return segment.position;
    case 'title':
      return segment.title;
    case 'plannedDuration':
      return segment.plannedDurationSeconds;
    case 'actualDuration':
      return segment.actualDurationSeconds;
    case 'overrun':
      return overrunSeconds(segment);
    case 'pv':
      return segment.pv;
    case 'comments':
      return segment.comments;
    case 'clicks':
      return segment.clicks;
    case 'paidOrders':
      return segment.paidOrders;
    case 'gmvPaid':
      return segment.gmvPaid.amount;
    case 'gmvPerMinute':
      return segment.gmvPaidPerMinute?.amount ?? null;
  }
}

export interface SegmentTotals {
  plannedDurationSeconds: number;
  /** Null when no segment aired. */
  actualDurationSeconds: number | null;
  /** Over or under the plan across the segments whose overrun is known; null when none is. */
  overrunSeconds: number | null;
  pv: number;
  comments: number;
  clicks: number;
  paidOrders: number;
  gmvPaid: number;
}

/** The run-of-show's footer: sums over every segment (entries can repeat across segments, so PV adds up). */
export function segmentTotals(segments: readonly ReviewSegmentRow[]): SegmentTotals {
  const aired = segments.filter((segment) => segment.actualDurationSeconds !== null);
  const overruns = segments.map(overrunSeconds).filter((seconds): seconds is number => seconds !== null);
  return {
    plannedDurationSeconds: segments.reduce((sum, segment) => sum + segment.plannedDurationSeconds, 0),
    actualDurationSeconds: aired.length ? aired.reduce((sum, segment) => sum + segment.actualDurationSeconds!, 0) : null,
    // Segments not aired yet would count as cut short by their whole plan; only known overruns add up.
    overrunSeconds: overruns.length ? overruns.reduce((sum, seconds) => sum + seconds, 0) : null,
    pv: segments.reduce((sum, segment) => sum + segment.pv, 0),
    comments: segments.reduce((sum, segment) => sum + segment.comments, 0),
    clicks: segments.reduce((sum, segment) => sum + segment.clicks, 0),
    paidOrders: segments.reduce((sum, segment) => sum + segment.paidOrders, 0),
    gmvPaid: segments.reduce((sum, segment) => sum + segment.gmvPaid.amount, 0),
  };
}
