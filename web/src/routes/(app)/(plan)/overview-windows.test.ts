import { describe, expect, it } from 'vitest';
import { groupByDay, overviewWindow, relativeDay } from './overview-windows.js';

describe('overview windows', () => {
  it('reads today and the next 7 days, and tasks due within 3 days', () => {
    // 23:30 on 11 Dec in Shanghai is already 12 Dec there.
    const window = overviewWindow(new Date('2025-12-11T16:30:00Z'), 'Asia/Shanghai');
    expect(window).toEqual({
      today: '2025-12-12',
      from: '2025-12-11T16:00:00.000Z',
      to: '2025-12-19T16:00:00.000Z',
      now: '2025-12-11T16:30:00.000Z',
      soon: '2025-12-14T16:30:00.000Z',
    });
  });

  it('groups sessions by their day in the zone', () => {
    const sessions = [
      { id: 'a', start: '2025-12-11T16:30:00Z' },
      { id: 'b', start: '2025-12-12T15:59:00Z' },
      { id: 'c', start: '2025-12-12T16:00:00Z' },
    ];
    expect(groupByDay(sessions, (session) => session.start, 'Asia/Shanghai')).toEqual([
      { date: '2025-12-12', items: [sessions[0], sessions[1]] },
      { date: '2025-12-13', items: [sessions[2]] },
    ]);
    expect(relativeDay('2025-12-12', '2025-12-12')).toBe('today');
    expect(relativeDay('2025-12-13', '2025-12-12')).toBe('tomorrow');
    expect(relativeDay('2025-12-14', '2025-12-12')).toBeNull();
  });
});
