import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';

describe('campaigns', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('creates a campaign', async () => {
    const { campaign } = await mutate(t, owner.token, 'createCampaign', {
      name: '双11 预热', theme: 'SHOPPING_FESTIVAL', startsAt: '2026-10-20T00:00:00+08:00', endsAt: '2026-11-12T00:00:00+08:00',
      targetAudienceTags: [' 宝妈 ', '宝妈'], channels: ['DOUYIN', 'WEIBO'], budgetAmount: 5_000_000,
    }, 'campaign { id name theme themeNote startsAt endsAt targetAudienceTags channels budget { amount currency } }');
    expect(campaign).toMatchObject({ name: '双11 预热', targetAudienceTags: ['宝妈'], channels: ['DOUYIN', 'WEIBO'], budget: { amount: 5_000_000, currency: 'CNY' }, startsAt: '2026-10-19T16:00:00.000Z' });
  });
});
