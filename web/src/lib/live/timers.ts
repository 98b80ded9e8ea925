/** The segment on air against its planned length. */
export interface SegmentTiming {
  elapsedSeconds: number;
  /** Negative once the segment runs over. */
  remainingSeconds: number;
  overrun: boolean;
  /** elapsed / planned, 0..1 (1 once over). */
  progress: number;
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const time = (value: string | null | undefined) => (value ? Date.parse(value) : Number.NaN);

/**
 * Elapsed and remaining time of the segment on air, from when it last went on air
 * (`currentSegmentSince`); null when nothing is on air. Clock skew that would make the elapsed time
 * negative counts as zero.
 */
export function segmentTiming(since: string | null | undefined, plannedDurationSeconds: number, now: number): SegmentTiming | null {
  const start = time(since);
  if (!Number.isFinite(start)) return null;
  const elapsedSeconds = Math.max(0, seconds(now - start));
  const remainingSeconds = plannedDurationSeconds - elapsedSeconds;
  return {
    elapsedSeconds,
    remainingSeconds,
    overrun: remainingSeconds < 0,
    progress: plannedDurationSeconds > 0 ? Math.min(1, elapsedSeconds / plannedDurationSeconds) : 1,
  };
}

/** The whole show against its scheduled slot. */
export interface ShowTiming {
  /** Time on air so far (to the end once it ended); 0 before the start. */
  elapsedSeconds: number;
  plannedSeconds: number;
  /** Negative once the show runs past its planned length. */
  remainingSeconds: number;
  overrun: boolean;
}

export function showTiming(
  session: { actualStart?: string | null; actualEnd?: string | null; scheduledStart: string; scheduledEnd: string },
  now: number,
): ShowTiming {
  const plannedSeconds = Math.max(0, seconds(time(session.scheduledEnd) - time(session.scheduledStart)));
  const start = time(session.actualStart);
  const end = Number.isFinite(time(session.actualEnd)) ? time(session.actualEnd) : now;
  const elapsedSeconds = Number.isFinite(start) ? Math.max(0, seconds(end - start)) : 0;
  const remainingSeconds = plannedSeconds - elapsedSeconds;
  return { elapsedSeconds, plannedSeconds, remainingSeconds, overrun: remainingSeconds < 0 };
}

/**
 * Seconds until the API's auto-advance moves on (mirrors `advanceDue`): at the show's actual start
 * + the segment's planned offset + its planned duration, i.e. the plan shifted by a late start. Null
 * when it will not happen: auto-advance off, nothing after this segment, not started, or the
 * segment went on air by hand after that moment (then the operator moves on).
 */
export function autoAdvanceIn(
  input: {
    autoAdvance: boolean;
    hasNext: boolean;
    actualStart: string | null | undefined;
    currentSegmentSince: string | null | undefined;
    segment: { plannedOffsetSeconds: number; plannedDurationSeconds: number } | null | undefined;
  },
  now: number,
): number | null {
  const { autoAdvance, hasNext, segment } = input;
  const start = time(input.actualStart);
  const since = time(input.currentSegmentSince);
  if (!autoAdvance || !hasNext || !segment || !Number.isFinite(start) || !Number.isFinite(since)) return null;
  const due = start + (segment.plannedOffsetSeconds + segment.plannedDurationSeconds) * 1000;
  if (since >= due) return null;
  return Math.max(0, Math.ceil((due - now) / 1000));
}

export type CueState = 'done' | 'next' | 'later';

/** A cue of the segment on air, with where it stands against the segment's clock. */
export interface TimedCue {
  atSeconds: number;
  text: string;
  state: CueState;
  /** Seconds until the cue (0 or less once due). */
  inSeconds: number;
}

/** The segment's cues in time order: those due are done, the first one not yet due is next. */
export function timedCues(cues: readonly { atSeconds: number; text: string }[], elapsedSeconds: number): TimedCue[] {
  let nextMarked = false;
  return [...cues]
    .sort((a, b) => a.atSeconds - b.atSeconds)
    .map((cue) => {
      const inSeconds = cue.atSeconds - elapsedSeconds;
      let state: CueState = 'done';
      if (inSeconds > 0) {
        state = nextMarked ? 'later' : 'next';
        nextMarked = true;
      }
      return { atSeconds: cue.atSeconds, text: cue.text, state, inSeconds };
    });
}
