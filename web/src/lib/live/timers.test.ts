import { describe, expect, it } from 'vitest';
import { autoAdvanceIn, segmentTiming, showTiming, timedCues } from './timers.js';

const T0 = Date.parse('2026-12-12T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('segment timers', () => {
  it('counts elapsed and remaining seconds from when the segment went on air', () => {
    const timing = segmentTiming(iso(T0), 600, T0 + 125_400);
    expect(timing).toEqual({ elapsedSeconds: 125, remainingSeconds: 475, overrun: false, progress: 125 / 600 });
  });

  it('reports an overrun with negative remaining time and a full bar', () => {
    const timing = segmentTiming(iso(T0), 300, T0 + 342_000);
    expect(timing?.remainingSeconds).toBe(-42);
    expect(timing?.overrun).toBe(true);
    expect(timing?.progress).toBe(1);
  });

  it('is not over at exactly its planned length', () => {
    expect(segmentTiming(iso(T0), 300, T0 + 300_000)?.overrun).toBe(false);
  });

  it('treats a server timestamp ahead of the local clock as just started, and no segment as null', () => {
    expect(segmentTiming(iso(T0 + 5_000), 60, T0)?.elapsedSeconds).toBe(0);
    expect(segmentTiming(null, 60, T0)).toBeNull();
  });

  it('times the show against its scheduled slot, frozen at its end', () => {
    const session = { scheduledStart: iso(T0), scheduledEnd: iso(T0 + 3_600_000), actualStart: iso(T0 + 120_000) };
    expect(showTiming(session, T0 + 720_000)).toEqual({ elapsedSeconds: 600, plannedSeconds: 3600, remainingSeconds: 3000, overrun: false });
    const ended = { ...session, actualEnd: iso(T0 + 3_900_000) };
    expect(showTiming(ended, T0 + 9_000_000)).toMatchObject({ elapsedSeconds: 3780, overrun: true, remainingSeconds: -180 });
    expect(showTiming({ scheduledStart: iso(T0), scheduledEnd: iso(T0 + 60_000) }, T0 + 30_000).elapsedSeconds).toBe(0);
  });

  it('predicts auto-advance at actual start + planned offset + duration, as the API does', () => {
    const input = {
      autoAdvance: true,
      hasNext: true,
      actualStart: iso(T0 + 60_000),
      currentSegmentSince: iso(T0 + 360_000),
      segment: { plannedOffsetSeconds: 300, plannedDurationSeconds: 600 },
    };
    // Due at T0 + 60 s + 900 s.
    expect(autoAdvanceIn(input, T0 + 400_000)).toBe(560);
    expect(autoAdvanceIn(input, T0 + 2_000_000)).toBe(0);
    expect(autoAdvanceIn({ ...input, autoAdvance: false }, T0)).toBeNull();
    expect(autoAdvanceIn({ ...input, hasNext: false }, T0)).toBeNull();
    // Put on air by hand after its planned end: the API leaves it to the operator.
    expect(autoAdvanceIn({ ...input, currentSegmentSince: iso(T0 + 1_000_000) }, T0 + 1_100_000)).toBeNull();
  });

  it('marks cues due as done and the first one still to come as next', () => {
    const cues = timedCues(
      [
        { atSeconds: 120, text: '上链接' },
        { atSeconds: 30, text: '开价' },
        { atSeconds: 240, text: '放库存' },
      ],
      60,
    );
    expect(cues.map((cue) => [cue.text, cue.state, cue.inSeconds])).toEqual([
      ['开价', 'done', -30],
      ['上链接', 'next', 60],
      ['放库存', 'later', 180],
    ]);
  });
});
