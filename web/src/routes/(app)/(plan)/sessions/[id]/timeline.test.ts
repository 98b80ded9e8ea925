import { describe, expect, it } from 'vitest';
import { buildTimeline, cuesInOrder, offsetUpdates, parseDuration } from './timeline.js';

const start = '2026-11-27T12:00:00.000Z';
const end = '2026-11-27T13:00:00.000Z';
const segment = (id: string, offset: number, minutes: number) => ({ id, plannedOffsetSeconds: offset, plannedDurationSeconds: minutes * 60 });

describe('run-of-show timing', () => {
  it('chains segments from the scheduled start and reports the slot exactly filled', () => {
    const timeline = buildTimeline([segment('a', 0, 10), segment('b', 600, 35), segment('c', 2700, 15)], start, end);
    expect(timeline.rows.map((row) => row.offsetSeconds)).toEqual([0, 600, 2700]);
    expect(timeline.rows[1]!.startsAt.toISOString()).toBe('2026-11-27T12:10:00.000Z');
    expect(timeline.rows[2]!.endsAt.toISOString()).toBe('2026-11-27T13:00:00.000Z');
    expect(timeline.rows.some((row) => row.misaligned)).toBe(false);
    expect(timeline).toMatchObject({ totalSeconds: 3600, slotSeconds: 3600, balanceSeconds: 0, fit: 'exact' });
  });

  it('warns when the plan over-runs or under-runs the slot', () => {
    const over = buildTimeline([segment('a', 0, 50), segment('b', 3000, 15)], start, end);
    expect(over).toMatchObject({ totalSeconds: 3900, balanceSeconds: 300, fit: 'over' });
    const under = buildTimeline([segment('a', 0, 20)], start, end);
    expect(under).toMatchObject({ totalSeconds: 1200, balanceSeconds: -2400, fit: 'under' });
    expect(buildTimeline([], start, end)).toMatchObject({ rows: [], totalSeconds: 0, fit: 'under' });
  });

  it('marks stored offsets that no longer follow the order, and lists the updates that fix them', () => {
    // b (35 min) was moved above a (10 min): both stored offsets are stale.
    const reordered = [segment('b', 600, 35), segment('a', 0, 10), segment('c', 2700, 15)];
    const timeline = buildTimeline(reordered, start, end);
    expect(timeline.rows.map((row) => row.misaligned)).toEqual([true, true, false]);
    expect(offsetUpdates(reordered)).toEqual([
      { id: 'b', plannedOffsetSeconds: 0 },
      { id: 'a', plannedOffsetSeconds: 2100 },
    ]);
    expect(offsetUpdates([segment('a', 0, 10), segment('b', 600, 5)])).toEqual([]);
  });

  it('reads typed durations as m:ss, h:mm:ss or whole minutes', () => {
    expect(parseDuration('10:00')).toBe(600);
    expect(parseDuration('2:30')).toBe(150);
    expect(parseDuration(' 90:00 ')).toBe(5400);
    expect(parseDuration('1:05:30')).toBe(3930);
    expect(parseDuration('15')).toBe(900);
    expect(parseDuration('0:75')).toBeNull();
    expect(parseDuration('1:75:00')).toBeNull();
    expect(parseDuration('ten')).toBeNull();
    expect(parseDuration('')).toBeNull();
    expect(parseDuration('-5:00')).toBeNull();
  });

  it('sorts cues by when they come up and remembers where each is stored', () => {
    const cues = [{ atSeconds: 900, text: '放库存' }, { atSeconds: 0, text: '上链接' }, { atSeconds: 900, text: '开价' }];
    expect(cuesInOrder(cues).map((cue) => [cue.text, cue.index])).toEqual([['上链接', 1], ['放库存', 0], ['开价', 2]]);
  });
});
