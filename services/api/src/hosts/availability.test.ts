import { describe, expect, it } from 'vitest';
import { coversInterval, describeInterval, findOverlaps, formatMinute, weekdaysBetween, weekMinute } from './availability.js';

const SHANGHAI = 'Asia/Shanghai';
// Monday 23 November 2026, in Shanghai (UTC+8).
const monday = (time: string) => new Date(`2026-11-23T${time}:00+08:00`);

describe('formatMinute', () => {
  it('formats minutes after midnight as HH:MM, with the end of the day as 24:00', () => {
    expect(formatMinute(0)).toBe('00:00');
    expect(formatMinute(75)).toBe('01:15');
    expect(formatMinute(1440)).toBe('24:00');
  });
});

describe('findOverlaps', () => {
  it('reports a window overlapping an earlier one of the same weekday', () => {
    const windows = [
      { weekday: 1, startMinute: 600, endMinute: 720 },
      { weekday: 2, startMinute: 600, endMinute: 720 },
      { weekday: 1, startMinute: 700, endMinute: 800 },
    ];
    expect(findOverlaps(windows)).toEqual([{ index: 2, overlapsIndex: 0 }]);
  });

  it('accepts windows that only touch', () => {
    expect(findOverlaps([{ weekday: 3, startMinute: 600, endMinute: 720 }, { weekday: 3, startMinute: 720, endMinute: 800 }])).toEqual([]);
  });
});

describe('weekMinute', () => {
  it('reads the wall clock of the given time zone', () => {
    expect(weekMinute(monday('08:30'), SHANGHAI)).toBe(8 * 60 + 30);
    // The same instant is Monday 00:30 in UTC and still Sunday 19:30 in New York.
    expect(weekMinute(monday('08:30'), 'UTC')).toBe(30);
    expect(weekMinute(monday('08:30'), 'America/New_York')).toBe(6 * 1440 + 19 * 60 + 30);
  });
});

describe('coversInterval', () => {
  const evenings = [{ weekday: 1, startMinute: 19 * 60, endMinute: 23 * 60 }];

  it('covers an interval inside a window', () => {
    expect(coversInterval(evenings, monday('20:00'), monday('22:00'), SHANGHAI)).toBe(true);
    expect(coversInterval(evenings, monday('19:00'), monday('23:00'), SHANGHAI)).toBe(true);
  });

  it('does not cover an interval that runs past the window or falls on another day', () => {
    expect(coversInterval(evenings, monday('22:00'), monday('23:30'), SHANGHAI)).toBe(false);
    expect(coversInterval(evenings, new Date('2026-11-24T20:00:00+08:00'), new Date('2026-11-24T21:00:00+08:00'), SHANGHAI)).toBe(false);
  });

  it('evaluates the windows in the organization time zone', () => {
    // 20:00-22:00 in Shanghai is 12:00-14:00 UTC: outside a 19:00-23:00 window read in UTC.
    expect(coversInterval(evenings, monday('20:00'), monday('22:00'), 'UTC')).toBe(false);
  });

  it('joins touching windows across midnight', () => {
    const lateShift = [
      { weekday: 1, startMinute: 22 * 60, endMinute: 1440 },
      { weekday: 2, startMinute: 0, endMinute: 2 * 60 },
    ];
    expect(coversInterval(lateShift, monday('23:00'), new Date('2026-11-24T01:30:00+08:00'), SHANGHAI)).toBe(true);
    expect(coversInterval(lateShift.slice(0, 1), monday('23:00'), new Date('2026-11-24T01:30:00+08:00'), SHANGHAI)).toBe(false);
  });

  it('wraps from Sunday night into Monday morning', () => {
    const overnight = [
      { weekday: 7, startMinute: 23 * 60, endMinute: 1440 },
      { weekday: 1, startMinute: 0, endMinute: 60 },
    ];
    expect(coversInterval(overnight, new Date('2026-11-29T23:30:00+08:00'), new Date('2026-11-30T00:30:00+08:00'), SHANGHAI)).toBe(true);
  });

  it('covers nothing without windows, and a week-long interval only with round-the-clock windows', () => {
    expect(coversInterval([], monday('20:00'), monday('21:00'), SHANGHAI)).toBe(false);
    const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 }));
    const weekLater = new Date(monday('20:00').getTime() + 8 * 24 * 3600 * 1000);
    expect(coversInterval(always, monday('20:00'), weekLater, SHANGHAI)).toBe(true);
    expect(coversInterval(always.slice(1), monday('20:00'), weekLater, SHANGHAI)).toBe(false);
  });
});

describe('weekdaysBetween', () => {
  it('lists the local weekdays an interval touches', () => {
    expect([...weekdaysBetween(monday('10:00'), new Date('2026-11-25T09:00:00+08:00'), SHANGHAI)].sort()).toEqual([1, 2, 3]);
    expect([...weekdaysBetween(monday('23:00'), new Date('2026-11-24T01:00:00+08:00'), SHANGHAI)].sort()).toEqual([1, 2]);
    expect([...weekdaysBetween(monday('20:00'), monday('22:00'), SHANGHAI)]).toEqual([1]);
  });

  it('returns every weekday for a week or more, and none for an empty interval', () => {
    expect(weekdaysBetween(monday('00:00'), new Date('2026-12-01T00:00:00+08:00'), SHANGHAI).size).toBe(7);
    expect(weekdaysBetween(monday('20:00'), monday('20:00'), SHANGHAI).size).toBe(0);
  });
});

describe('describeInterval', () => {
  it('describes an interval in the local wall clock', () => {
    expect(describeInterval(monday('20:00'), monday('23:30'), SHANGHAI)).toBe('Mon 20:00–Mon 23:30');
  });
});
