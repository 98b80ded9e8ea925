import { formatDuration } from '$lib/i18n/format.js';
import type { SegmentKindKey } from '$lib/sessions/session-labels.js';
import { parseDuration } from './timeline.js';

/** A segment as its editor holds it: durations and cue times as typed (`mm:ss`). */
export interface SegmentDraft {
  kind: SegmentKindKey;
  title: string;
  duration: string;
  productIds: string[];
  talkingPoints: string[];
  cues: { at: string; text: string }[];
}

export interface SegmentFields {
  kind: SegmentKindKey;
  title: string;
  plannedDurationSeconds: number;
  productIds: string[];
  talkingPoints: string[];
  cues: { atSeconds: number; text: string }[];
}

/** Why a draft cannot be sent yet; the editor shows each next to its input. */
export type DraftProblem =
  | { field: 'title'; code: 'required' }
  | { field: 'duration'; code: 'format' }
  | { field: 'cue'; index: number; code: 'time' | 'afterEnd' | 'text' };

export function draftOf(segment: {
  kind: SegmentKindKey;
  title: string;
  plannedDurationSeconds: number;
  products: readonly { id: string }[];
  talkingPoints: readonly string[];
  cues: readonly { atSeconds: number; text: string }[];
}): SegmentDraft {
  return {
    kind: segment.kind,
    title: segment.title,
    duration: formatDuration(segment.plannedDurationSeconds),
    productIds: segment.products.map((product) => product.id),
    talkingPoints: [...segment.talkingPoints],
    cues: segment.cues.map((cue) => ({ at: formatDuration(cue.atSeconds), text: cue.text })),
  };
}

export function emptyDraft(kind: SegmentKindKey = 'PRODUCT_PITCH'): SegmentDraft {
  return { kind, title: '', duration: '10:00', productIds: [], talkingPoints: [], cues: [] };
}

/**
 * The fields to send for a draft, or what is wrong with it. Blank talking points and blank cue
 * rows are dropped; cues are sent in the order they come up.
 */
export function readDraft(draft: SegmentDraft): { ok: true; fields: SegmentFields } | { ok: false; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const title = draft.title.trim();
  if (!title) problems.push({ field: 'title', code: 'required' });
  const duration = parseDuration(draft.duration);
  if (duration === null || duration <= 0) problems.push({ field: 'duration', code: 'format' });
  const cues: { atSeconds: number; text: string }[] = [];
  draft.cues.forEach((cue, index) => {
    const text = cue.text.trim();
    if (!text && !cue.at.trim()) return;
    const atSeconds = parseDuration(cue.at);
    if (atSeconds === null) problems.push({ field: 'cue', index, code: 'time' });
    else if (duration !== null && atSeconds > duration) problems.push({ field: 'cue', index, code: 'afterEnd' });
    if (!text) problems.push({ field: 'cue', index, code: 'text' });
    if (atSeconds !== null && text) cues.push({ atSeconds, text });
  });
  if (problems.length || duration === null) return { ok: false, problems };
  return {
    ok: true,
    fields: {
      kind: draft.kind,
      title,
      plannedDurationSeconds: duration,
      productIds: [...draft.productIds],
      talkingPoints: draft.talkingPoints.map((point) => point.trim()).filter(Boolean),
      cues: cues.sort((a, b) => a.atSeconds - b.atSeconds),
    },
  };
}
