import { describe, expect, it } from 'vitest';
import { campaignRows, campaignVariables, hasFilters, readCampaignListState } from './campaign-filters.js';

const now = new Date('2026-11-26T04:00:00Z');

describe('campaign list filters', () => {
  it('reads known values from the URL and ignores the rest', () => {
    expect(readCampaignListState(new URL('http://app.test/campaigns?q=%20双十二%20&theme=BRAND_DAY&window=running'))).toEqual({ search: '双十二', theme: 'BRAND_DAY', window: 'running' });
    const junk = readCampaignListState(new URL('http://app.test/campaigns?theme=PARTY&window=later'));
    expect(junk).toEqual({ search: '', theme: '', window: 'all' });
    expect(hasFilters(junk)).toBe(false);
  });

  it('turns the window filter into the API filter at the given instant', () => {
    expect(campaignVariables({ search: 'x', theme: 'CUSTOM', window: 'running' }, 20, now)).toEqual({
      filter: { search: 'x', theme: 'CUSTOM', activeAt: '2026-11-26T04:00:00.000Z' },
      orderBy: { field: 'STARTS_AT', direction: 'DESC' },
      first: 20,
    });
    expect(campaignVariables({ search: '', theme: '', window: 'upcoming' }, 20, now)).toMatchObject({ filter: { startsAfter: '2026-11-26T04:00:00.000Z' }, orderBy: { direction: 'ASC' } });
    expect(campaignVariables({ search: '', theme: '', window: 'all' }, 20, now).filter).toEqual({});
  });

  it('keeps only closed windows for "ended"', () => {
    const rows = [
      { id: 'running', startsAt: '2026-11-20T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' },
      { id: 'ended', startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-11-11T00:00:00Z' },
    ];
    expect(campaignRows(rows, { search: '', theme: '', window: 'ended' }, now).map((row) => row.id)).toEqual(['ended']);
    expect(campaignRows(rows, { search: '', theme: '', window: 'all' }, now)).toHaveLength(2);
  });
});
