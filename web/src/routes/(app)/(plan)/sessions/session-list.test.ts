import { describe, expect, it } from 'vitest';
import { groupByDay, listParamUpdates, listQuery, newSessionPrefill, readListParams } from './session-list.js';

const zone = 'Asia/Shanghai';
// 2026-11-25 01:30 in Shanghai, still the 24th in UTC.
const now = new Date('2026-11-24T17:30:00Z');

describe('sessions list filters in the URL', () => {
  it('reads filters and drops values that are not valid', () => {
    const params = readListParams(new URLSearchParams('when=past&status=LIVE,BOGUS,SCHEDULED&campaign=Q2FtcGFpZ246MQ==&from=2026-11-01&to=2026-02-30&q=%20礼盒%20'));
    expect(params).toEqual({ when: 'past', statuses: ['LIVE', 'SCHEDULED'], campaignId: 'Q2FtcGFpZ246MQ==', from: '2026-11-01', to: null, search: '礼盒' });
    expect(readListParams(new URLSearchParams('when=later'))).toMatchObject({ when: 'upcoming', statuses: [], campaignId: null });
  });

  it('writes only the parameters that differ from the defaults', () => {
    const params = readListParams(new URLSearchParams(''));
    expect(listParamUpdates(params)).toEqual({ when: null, status: null, campaign: null, from: null, to: null, q: null });
    expect(listParamUpdates({ ...params, when: 'all', statuses: ['DRAFT', 'LIVE'] })).toMatchObject({ when: 'all', status: 'DRAFT,LIVE' });
  });

  it('upcoming starts at midnight of today in the organization zone, soonest first', () => {
    const query = listQuery(readListParams(new URLSearchParams('')), zone, now);
    expect(query.filter).toEqual({ startsAfter: '2026-11-24T16:00:00.000Z' });
    expect(query.orderBy).toEqual({ field: 'SCHEDULED_START', direction: 'ASC' });
    const past = listQuery(readListParams(new URLSearchParams('when=past&status=ENDED')), zone, now);
    expect(past.filter).toEqual({ startsBefore: '2026-11-24T16:00:00.000Z', status: ['ENDED'] });
    expect(past.orderBy.direction).toBe('DESC');
    expect(listQuery(readListParams(new URLSearchParams('when=all')), zone, now).filter).toEqual({});
  });

  it('a date range covers whole days in the organization zone, the last day included', () => {
    const query = listQuery(readListParams(new URLSearchParams('when=past&from=2026-11-30&to=2026-11-30&campaign=c1&q=x')), zone, now);
    expect(query.filter).toEqual({ campaignId: 'c1', search: 'x', startsAfter: '2026-11-29T16:00:00.000Z', startsBefore: '2026-11-30T16:00:00.000Z' });
    expect(query.orderBy.direction).toBe('ASC');
    const newYork = listQuery(readListParams(new URLSearchParams('to=2026-12-31')), 'America/New_York', now);
    expect(newYork.filter).toEqual({ startsBefore: '2027-01-01T05:00:00.000Z' });
  });

  it('groups sessions by their day in the organization zone', () => {
    const sessions = [
      { id: 'a', scheduledStart: '2026-11-27T12:00:00Z' },
      { id: 'b', scheduledStart: '2026-11-27T15:30:00Z' },
      { id: 'c', scheduledStart: '2026-11-27T16:30:00Z' },
    ];
    expect(groupByDay(sessions, zone).map((group) => [group.day, group.sessions.map((session) => session.id)])).toEqual([
      ['2026-11-27', ['a', 'b']],
      ['2026-11-28', ['c']],
    ]);
  });
});

describe('new-session prefill from the calendar link', () => {
  it('opens on the given day in the evening slot', () => {
    expect(newSessionPrefill(new URLSearchParams('new=1&date=2026-12-02'), zone, now)).toEqual({ open: true, start: '2026-12-02T20:00', end: '2026-12-02T22:00' });
  });

  it('stays closed without new=1 and falls back to today in the organization zone', () => {
    expect(newSessionPrefill(new URLSearchParams('date=2026-13-40'), zone, now)).toEqual({ open: false, start: '2026-11-25T20:00', end: '2026-11-25T22:00' });
  });
});
