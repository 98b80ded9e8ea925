import { describe, expect, it } from 'vitest';
import { dayKey } from '$lib/dates/plain-date.js';
import { conflictsBySession, findConflicts, otherSession, roomKey, type ScheduledSession } from './conflicts.js';

const xiaoya = { id: 'h-xiaoya', name: '小雅' };
const ajie = { id: 'h-ajie', name: '阿杰' };
const lily = { id: 'h-lily', name: 'Lily' };

let counter = 0;
function session(start: string, end: string, overrides: Partial<ScheduledSession> & { hostList?: { id: string; name: string }[] } = {}): ScheduledSession {
  const { hostList = [xiaoya], ...rest } = overrides;
  return {
    id: `s${++counter}`,
    status: 'SCHEDULED',
    scheduledStart: start,
    scheduledEnd: end,
    platform: 'DOUYIN',
    roomUrl: null,
    hosts: hostList.map((host) => ({ host })),
    ...rest,
  };
}

describe('scheduling conflicts', () => {
  it('finds the same host on two overlapping sessions, with the overlap', () => {
    const a = session('2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z');
    const b = session('2026-11-26T14:00:00Z', '2026-11-26T16:00:00Z');
    const conflicts = findConflicts([b, a]);
    expect(conflicts).toEqual([{ kind: 'host', sessionIds: [a.id, b.id], from: '2026-11-26T14:00:00.000Z', to: '2026-11-26T15:00:00.000Z', host: xiaoya }]);
  });

  it('treats windows as half-open: back-to-back shows do not collide, one minute of overlap does', () => {
    const a = session('2026-11-26T12:00:00Z', '2026-11-26T14:00:00Z');
    const next = session('2026-11-26T14:00:00Z', '2026-11-26T16:00:00Z');
    expect(findConflicts([a, next])).toEqual([]);
    const early = session('2026-11-26T13:59:00Z', '2026-11-26T16:00:00Z');
    expect(findConflicts([a, early]).map((conflict) => conflict.sessionIds)).toEqual([[a.id, early.id]]);
  });

  it('finds a session nested inside another and identical windows', () => {
    const long = session('2026-11-26T10:00:00Z', '2026-11-26T18:00:00Z');
    const inner = session('2026-11-26T12:00:00Z', '2026-11-26T13:00:00Z');
    const twin = session('2026-11-26T10:00:00Z', '2026-11-26T18:00:00Z');
    const conflicts = findConflicts([inner, long, twin]);
    expect(conflicts).toHaveLength(3);
    const innerConflict = conflicts.find((conflict) => conflict.sessionIds.includes(inner.id) && conflict.sessionIds.includes(long.id));
    expect(innerConflict).toMatchObject({ from: '2026-11-26T12:00:00.000Z', to: '2026-11-26T13:00:00.000Z' });
  });

  it('looks past a long session to later ones it still overlaps', () => {
    const long = session('2026-11-26T08:00:00Z', '2026-11-26T20:00:00Z');
    const shortOther = session('2026-11-26T09:00:00Z', '2026-11-26T10:00:00Z', { hostList: [ajie] });
    const late = session('2026-11-26T19:00:00Z', '2026-11-26T21:00:00Z');
    expect(findConflicts([long, shortOther, late]).map((conflict) => conflict.sessionIds)).toEqual([[long.id, late.id]]);
  });

  it('does not flag overlapping sessions of different hosts in different rooms', () => {
    const a = session('2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z', { hostList: [xiaoya], roomUrl: 'https://live.douyin.com/1' });
    const b = session('2026-11-26T13:00:00Z', '2026-11-26T15:00:00Z', { hostList: [ajie], roomUrl: 'https://live.douyin.com/2' });
    expect(findConflicts([a, b])).toEqual([]);
  });

  it('names each shared host when two sessions share several', () => {
    const a = session('2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z', { hostList: [xiaoya, ajie, lily] });
    const b = session('2026-11-26T13:00:00Z', '2026-11-26T15:00:00Z', { hostList: [ajie, xiaoya] });
    expect(findConflicts([a, b]).map((conflict) => conflict.host?.name).sort()).toEqual(['小雅', '阿杰']);
  });

  it('ignores cancelled sessions but keeps drafts, live and past ones', () => {
    const a = session('2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z', { status: 'CANCELLED' });
    const b = session('2026-11-26T13:00:00Z', '2026-11-26T15:00:00Z', { status: 'DRAFT' });
    const c = session('2026-11-26T14:00:00Z', '2026-11-26T17:00:00Z', { status: 'LIVE' });
    const conflicts = findConflicts([a, b, c]);
    expect(conflicts.map((conflict) => conflict.sessionIds)).toEqual([[b.id, c.id]]);
    const past = session('2026-11-20T12:00:00Z', '2026-11-20T15:00:00Z', { status: 'ENDED' });
    const pastToo = session('2026-11-20T13:00:00Z', '2026-11-20T14:00:00Z', { status: 'REVIEWED' });
    expect(findConflicts([past, pastToo])).toHaveLength(1);
  });

  it('flags two sessions in the same platform room even with different hosts', () => {
    const a = session('2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z', { hostList: [xiaoya], roomUrl: 'https://live.douyin.com/880000001' });
    const b = session('2026-11-26T14:30:00Z', '2026-11-26T16:00:00Z', { hostList: [ajie], roomUrl: 'HTTPS://www.live.douyin.com/880000001/?from=share' });
    expect(findConflicts([a, b])).toEqual([
      { kind: 'room', sessionIds: [a.id, b.id], from: '2026-11-26T14:30:00.000Z', to: '2026-11-26T15:00:00.000Z', room: 'https://live.douyin.com/880000001' },
    ]);
  });

  it('keeps rooms of different platforms apart and sessions without a room out of room conflicts', () => {
    expect(roomKey({ platform: 'DOUYIN', roomUrl: 'https://live.example.com/1' })).not.toBe(roomKey({ platform: 'KUAISHOU', roomUrl: 'https://live.example.com/1' }));
    expect(roomKey({ platform: 'DOUYIN', roomUrl: '  ' })).toBeNull();
    const a = session('2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z', { hostList: [xiaoya] });
    const b = session('2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z', { hostList: [ajie] });
    expect(findConflicts([a, b])).toEqual([]);
  });

  it('catches a host on a show crossing midnight in the organization zone and one the next morning', () => {
    // 23:00–01:30 and 01:00–03:00 Shanghai time: different calendar days, still one host twice.
    const lateNight = session('2026-11-26T15:00:00Z', '2026-11-26T17:30:00Z');
    const earlyMorning = session('2026-11-26T17:00:00Z', '2026-11-26T19:00:00Z');
    expect(dayKey(lateNight.scheduledStart, 'Asia/Shanghai')).toBe('2026-11-26');
    expect(dayKey(earlyMorning.scheduledStart, 'Asia/Shanghai')).toBe('2026-11-27');
    const conflicts = findConflicts([lateNight, earlyMorning]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ from: '2026-11-26T17:00:00.000Z', to: '2026-11-26T17:30:00.000Z' });
  });

  it('compares instants, not wall times, across zone offsets and a DST change', () => {
    // 01:30 EDT and 01:10 EST on 2026-11-01 in New York are 50 minutes apart; a 40-minute show at
    // the first does not reach the second, though the wall clock goes back.
    const beforeChange = session('2026-11-01T05:30:00Z', '2026-11-01T06:10:00Z');
    const afterChange = session('2026-11-01T06:10:00Z', '2026-11-01T07:00:00Z');
    expect(findConflicts([beforeChange, afterChange])).toEqual([]);
    const offsetWritten = session('2026-11-01T01:30:00-04:00', '2026-11-01T02:30:00-05:00');
    expect(findConflicts([offsetWritten, afterChange])).toHaveLength(1);
  });

  it('skips sessions whose end is not after their start and refuses unreadable times', () => {
    const empty = session('2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z');
    const other = session('2026-11-26T11:00:00Z', '2026-11-26T13:00:00Z');
    expect(findConflicts([empty, other])).toEqual([]);
    expect(() => findConflicts([session('soon', '2026-11-26T12:00:00Z')])).toThrow(/unreadable schedule: soon/);
  });

  it('indexes conflicts by session and names the other side', () => {
    const a = session('2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z');
    const b = session('2026-11-26T13:00:00Z', '2026-11-26T14:00:00Z');
    const c = session('2026-11-26T14:30:00Z', '2026-11-26T16:00:00Z');
    const index = conflictsBySession(findConflicts([a, b, c]));
    expect(index.get(a.id)).toHaveLength(2);
    expect(index.get(b.id)).toHaveLength(1);
    expect(index.get(c.id)?.map((conflict) => otherSession(conflict, c.id))).toEqual([a.id]);
  });
});
