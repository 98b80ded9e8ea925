import { describe, expect, it } from 'vitest';
import type { CampaignRow } from './campaign-documents.js';
import { campaignFormValues, emptyCampaignForm, readCampaignForm, windowDays, windowStatus, type CampaignFormValues } from './campaign-form.js';

const zone = 'Asia/Shanghai';
const filled = (overrides: Partial<CampaignFormValues> = {}): CampaignFormValues => ({
  name: ' 双十二美妆节 ',
  theme: 'SHOPPING_FESTIVAL',
  themeNote: '',
  startsAt: '2026-12-01T00:00',
  endsAt: '2026-12-13T00:00',
  budget: '300,000',
  channels: ['DOUYIN', 'KOL'],
  audienceTags: '学生党，宝妈, 学生党',
  ...overrides,
});

describe('campaign form', () => {
  it('builds the API input: window in the organization zone, budget in minor units, tags deduplicated', () => {
    const result = readCampaignForm(filled(), zone, 'CNY');
    expect(result).toEqual({
      ok: true,
      input: {
        name: '双十二美妆节',
        theme: 'SHOPPING_FESTIVAL',
        themeNote: '',
        startsAt: '2026-11-30T16:00:00.000Z',
        endsAt: '2026-12-12T16:00:00.000Z',
        budgetAmount: 30_000_000,
        channels: ['DOUYIN', 'KOL'],
        targetAudienceTags: ['学生党', '宝妈'],
      },
    });
  });

  it('reads the same wall time as another instant in another zone', () => {
    const result = readCampaignForm(filled(), 'America/New_York', 'CNY');
    expect(result.ok && result.input.startsAt).toBe('2026-12-01T05:00:00.000Z');
  });

  it('takes an empty budget as zero and refuses amounts it cannot read', () => {
    const empty = readCampaignForm(filled({ budget: ' ' }), zone, 'CNY');
    expect(empty.ok && empty.input.budgetAmount).toBe(0);
    expect(readCampaignForm(filled({ budget: '12.345' }), zone, 'CNY')).toEqual({ ok: false, problems: { budget: 'money' } });
  });

  it('names each field it refuses', () => {
    expect(readCampaignForm(filled({ name: '  ', theme: 'CUSTOM', themeNote: ' ', startsAt: '' }), zone, 'CNY')).toEqual({
      ok: false,
      problems: { name: 'required', themeNote: 'themeNote', startsAt: 'required' },
    });
    expect(readCampaignForm(filled({ endsAt: '2026-12-01T00:00' }), zone, 'CNY')).toEqual({ ok: false, problems: { endsAt: 'endBeforeStart' } });
    expect(readCampaignForm(filled({ endsAt: '2027-12-03T00:00' }), zone, 'CNY')).toEqual({ ok: false, problems: { endsAt: 'tooLong' } });
    expect(readCampaignForm(filled({ startsAt: 'soon' }), zone, 'CNY')).toEqual({ ok: false, problems: { startsAt: 'dateTime' } });
  });

  it('round-trips a saved campaign through the form', () => {
    const campaign: CampaignRow = {
      id: 'c1', name: '双十二', theme: 'CUSTOM', themeNote: '会员日', startsAt: '2026-11-30T16:00:00.000Z', endsAt: '2026-12-12T16:00:00.000Z',
      budget: { amount: 12_345_650, currency: 'CNY' }, channels: ['WEIBO'], targetAudienceTags: ['宝妈', '学生党'], goalCount: 0, updatedAt: '2026-11-01T00:00:00Z',
    };
    const values = campaignFormValues(campaign, zone);
    expect(values).toMatchObject({ startsAt: '2026-12-01T00:00', endsAt: '2026-12-13T00:00', budget: '123456.50', audienceTags: '宝妈, 学生党' });
    const result = readCampaignForm(values, zone, 'CNY');
    expect(result.ok && result.input).toMatchObject({ startsAt: campaign.startsAt, endsAt: campaign.endsAt, budgetAmount: 12_345_650, themeNote: '会员日' });
  });

  it('starts a new campaign at the next midnight in the zone, for a week', () => {
    // 15:30Z is 23:30 on Nov 25 in Shanghai; an hour later it is already Nov 26 there.
    expect(emptyCampaignForm(zone, new Date('2026-11-25T15:30:00Z'))).toMatchObject({ startsAt: '2026-11-26T00:00', endsAt: '2026-12-03T00:00' });
    expect(emptyCampaignForm(zone, new Date('2026-11-25T16:30:00Z'))).toMatchObject({ startsAt: '2026-11-27T00:00' });
  });

  it('places a campaign before, inside or after its window', () => {
    const campaign = { startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-12T00:00:00Z' };
    expect(windowStatus(campaign, new Date('2026-11-30T23:59:59Z'))).toBe('upcoming');
    expect(windowStatus(campaign, new Date('2026-12-01T00:00:00Z'))).toBe('running');
    expect(windowStatus(campaign, new Date('2026-12-12T00:00:00Z'))).toBe('ended');
    expect(windowDays({ startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-08T12:00:00Z' })).toBe(8);
  });
});
