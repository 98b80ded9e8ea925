import { describe, expect, it } from 'vitest';
import { addMonths, byStartDay, monthGrid, parseView, queryWindow, shiftDate, weekDays, weekStart } from './calendar-dates.js';

describe('calendar dates', () => {
  it('starts weeks on Monday, also across a month and a year end', () => {
    expect(weekStart('2026-11-26')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekDays('2027-01-01')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });

  it('lays a month out in whole Monday-first weeks', () => {
    const grid = monthGrid('2026-11-26');
    expect(grid).toHaveLength(6);
    expect(grid[0]![0]).toBe('2026-10-26');
    expect(grid.at(-1)![6]).toBe('2026-12-06');
    // February 2027 starts on a Monday and has exactly four weeks.
    expect(monthGrid('2027-02-10').map((week) => week[0])).toEqual(['2027-02-01', '2027-02-08', '2027-02-15', '2027-02-22']);
  });

  it('moves by a week or a month, clamping to the shorter month', () => {
    expect(shiftDate('week', '2026-11-26', 1)).toBe('2026-12-03');
    expect(shiftDate('month', '2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(shiftDate('month', '2026-01-15', -1)).toBe('2025-12-15');
  });

  it('reads only known views from the URL', () => {
    expect(parseView('month')).toBe('month');
    expect(parseView('year')).toBe('week');
  });

  it('queries the shown days plus one day back for sessions running into the first', () => {
    expect(queryWindow('week', '2026-11-26', 'Asia/Shanghai')).toEqual({ startsAfter: '2026-11-21T16:00:00.000Z', startsBefore: '2026-11-29T16:00:00.000Z' });
    const month = queryWindow('month', '2026-11-26', 'Asia/Shanghai');
    expect(month.startsAfter).toBe('2026-10-24T16:00:00.000Z');
    expect(month.startsBefore).toBe('2026-12-06T16:00:00.000Z');
  });

  it('groups sessions by their start day in the zone, in start order', () => {
    const sessions = [
      { id: 'late', scheduledStart: '2026-11-23T16:30:00Z' },
      { id: 'evening', scheduledStart: '2026-11-23T12:00:00Z' },
      { id: 'morning', scheduledStart: '2026-11-23T01:00:00Z' },
    ];
    const shanghai = byStartDay(sessions, 'Asia/Shanghai');
    expect(shanghai.get('2026-11-23')?.map((session) => session.id)).toEqual(['morning', 'evening']);
    expect(shanghai.get('2026-11-24')?.map((session) => session.id)).toEqual(['late']);
    const utc = byStartDay(sessions, 'UTC');
    expect(utc.get('2026-11-23')?.map((session) => session.id)).toEqual(['morning', 'evening', 'late']);
  });
});
