import { describe, expect, it } from 'vitest';
import { campaignRuleIssues, dueDateIssue, dueDateWindow, goalRuleIssues } from './campaign-rules.js';

const window = (startsAt: string, endsAt: string) => ({ theme: 'BRAND_DAY' as const, themeNote: '', startsAt: new Date(startsAt), endsAt: new Date(endsAt) });
const paths = (issues: { path: (string | number)[] }[]) => issues.map((issue) => issue.path.join('.'));

describe('campaignRuleIssues', () => {
  it('accepts a window of up to 366 days', () => {
    expect(campaignRuleIssues(window('2028-01-01T00:00:00Z', '2029-01-01T00:00:00Z'), new Set())).toEqual([]);
  });

  it('blames the window bound the caller sent', () => {
    const backwards = window('2026-11-02T00:00:00Z', '2026-11-01T00:00:00Z');
    expect(paths(campaignRuleIssues(backwards, new Set(['startsAt'])))).toEqual(['input.startsAt']);
    expect(paths(campaignRuleIssues(backwards, new Set(['endsAt'])))).toEqual(['input.endsAt']);
    expect(paths(campaignRuleIssues(backwards, new Set(['startsAt', 'endsAt'])))).toEqual(['input.endsAt']);
    expect(paths(campaignRuleIssues(window('2026-01-01T00:00:00Z', '2027-01-02T00:00:01Z'), new Set())))
      .toEqual(['input.endsAt']);
  });

  it('requires a note for a CUSTOM theme', () => {
    const custom = { ...window('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'), theme: 'CUSTOM' as const };
    expect(paths(campaignRuleIssues(custom, new Set(['theme'])))).toEqual(['input.themeNote']);
    expect(campaignRuleIssues({ ...custom, themeNote: '周年庆' }, new Set())).toEqual([]);
  });
});

describe('goalRuleIssues', () => {
  it('names the horizons a metric belongs to', () => {
    const issues = goalRuleIssues({ metric: 'GMV_PAID', horizon: 'LONG', target: 1 }, new Set(['horizon']));
    expect(issues).toEqual([{ path: ['input', 'horizon'], message: 'must be one of MID for GMV_PAID (GMV paid)' }]);
  });

  it('blames the metric when only the metric changed', () => {
    const issues = goalRuleIssues({ metric: 'CONVERSION_RATE', horizon: 'MID', target: 20_000 }, new Set(['metric']));
    expect(paths(issues)).toEqual(['input.metric']);
    expect(issues[0]!.message).toMatch(/fraction from 0 to 1/);
  });

  it('accepts targets in the unit of the metric', () => {
    expect(goalRuleIssues({ metric: 'FOLLOW_RATE', horizon: 'LONG', target: 0.02 }, new Set())).toEqual([]);
  });
});

describe('due dates', () => {
  // 2026-10-19T16:00Z is 2026-10-20 in Shanghai but still 2026-10-19 in UTC.
  const campaign = { startsAt: new Date('2026-10-19T16:00:00Z'), endsAt: new Date('2026-11-11T16:00:00Z') };

  it('spans 30 days before the local start date to 180 days after the local end date', () => {
    expect(dueDateWindow(campaign, 'Asia/Shanghai')).toEqual({ from: '2026-09-20', to: '2027-05-11' });
    expect(dueDateWindow(campaign, 'UTC')).toEqual({ from: '2026-09-19', to: '2027-05-10' });
  });

  it('explains a due date outside the window', () => {
    expect(dueDateIssue('2026-09-20', campaign, 'Asia/Shanghai')).toBeNull();
    expect(dueDateIssue('2026-09-19', campaign, 'Asia/Shanghai')).toMatch(/from 2026-09-20 to 2027-05-11/);
  });
});
