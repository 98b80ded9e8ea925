import { describe, expect, it } from 'vitest';
import { campaignWindowIssue, insertAt, neighbour, overlaps, plannedWindow, reorderIssues, scheduleIssues, segmentIssues } from './session-rules.js';

const at = (time: string) => new Date(`2026-12-01T${time}:00Z`);

describe('schedule rules', () => {
  it('treats windows as half-open', () => {
    expect(overlaps({ start: at('10:00'), end: at('12:00') }, { start: at('11:59'), end: at('13:00') })).toBe(true);
    expect(overlaps({ start: at('10:00'), end: at('12:00') }, { start: at('12:00'), end: at('13:00') })).toBe(false);
    expect(overlaps({ start: at('10:00'), end: at('12:00') }, { start: at('09:00'), end: at('13:00') })).toBe(true);
  });

  it('requires the end after the start and at most 24 hours later', () => {
    expect(scheduleIssues({ start: at('10:00'), end: at('10:00') })).toEqual([{ path: ['input', 'scheduledEnd'], message: 'must be after scheduledStart' }]);
    expect(scheduleIssues({ start: at('10:00'), end: new Date(at('10:00').getTime() + 24 * 3600_000 + 1000) })[0]?.message).toMatch(/24 hours/);
    expect(scheduleIssues({ start: at('10:00'), end: new Date(at('10:00').getTime() + 24 * 3600_000) })).toEqual([]);
  });

  it('reports a session outside its campaign on scheduledStart', () => {
    const campaign = { name: '双11', startsAt: at('09:00'), endsAt: at('18:00') };
    expect(campaignWindowIssue({ start: at('10:00'), end: at('18:00') }, campaign)).toBeNull();
    expect(campaignWindowIssue({ start: at('17:00'), end: at('19:00') }, campaign)).toMatchObject({ path: ['input', 'scheduledStart'], message: expect.stringContaining('双11') });
  });
});

describe('ordering rules', () => {
  it('accepts exactly the current set in any order', () => {
    expect(reorderIssues(['a', 'b', 'c'], ['c', 'a', 'b'], ['input', 'ids'])).toEqual([]);
  });

  it('reports foreign, repeated and missing ids with their paths', () => {
    expect(reorderIssues(['a', 'b', 'c'], ['a', 'x', 'a'], ['input', 'ids'])).toEqual([
      { path: ['input', 'ids', 1], message: 'is not part of this session' },
      { path: ['input', 'ids', 2], message: 'is listed twice' },
      { path: ['input', 'ids'], message: 'must list every item exactly once; 2 missing' },
    ]);
  });

  it('inserts at a clamped position, appending by default', () => {
    expect(insertAt(['a', 'b'], 'x', 0)).toEqual(['x', 'a', 'b']);
    expect(insertAt(['a', 'b'], 'x', 1)).toEqual(['a', 'x', 'b']);
    expect(insertAt(['a', 'b'], 'x', 99)).toEqual(['a', 'b', 'x']);
    expect(insertAt(['a', 'b'], 'x', null)).toEqual(['a', 'b', 'x']);
    expect(insertAt(['a', 'b', 'c'], 'a', 2)).toEqual(['b', 'c', 'a']);
  });
});

describe('running the show', () => {
  const segments = [{ id: 's1' }, { id: 's2' }, { id: 's3' }];

  it('moves to the neighbouring segment', () => {
    expect(neighbour(segments, 's2', 'NEXT')?.id).toBe('s3');
    expect(neighbour(segments, 's2', 'PREVIOUS')?.id).toBe('s1');
  });

  it('starts at the first segment and stops at the ends', () => {
    expect(neighbour(segments, null, 'NEXT')?.id).toBe('s1');
    expect(neighbour(segments, null, 'PREVIOUS')).toBeNull();
    expect(neighbour(segments, 's3', 'NEXT')).toBeNull();
    expect(neighbour(segments, 's1', 'PREVIOUS')).toBeNull();
    expect(neighbour([], null, 'NEXT')).toBeNull();
  });

  it('plans a segment from the scheduled start', () => {
    expect(plannedWindow(at('20:00'), 600, 300)).toEqual({ start: at('20:10'), end: at('20:15') });
  });
});

describe('segment rules', () => {
  const lineup = new Set(['p1', 'p2']);

  it('accepts lineup products and cues within the duration', () => {
    expect(segmentIssues({ plannedDurationSeconds: 300, productIds: ['p2', 'p1'], cues: [{ atSeconds: 0 }, { atSeconds: 300 }] }, lineup, ['input'])).toEqual([]);
  });

  it('reports products outside the lineup, repeated products and late cues by path', () => {
    const issues = segmentIssues(
      { plannedDurationSeconds: 60, productIds: ['p1', 'p9', 'p1'], cues: [{ atSeconds: 30 }, { atSeconds: 61 }] },
      lineup,
      ['input', 'segments', 2],
    );
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'input.segments.2.productIds.1',
      'input.segments.2.productIds.2',
      'input.segments.2.cues.1.atSeconds',
    ]);
  });
});
