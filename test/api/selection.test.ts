import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, signUpOrg, type SignedIn } from '../support/seed.js';

// Monday 7 December 2026, Shanghai time (the organization default).
const MONDAY = '2026-12-07';
const at = (date: string, time: string) => `${date}T${time}:00+08:00`;
const evenings = [{ weekday: 1, startMinute: 19 * 60, endMinute: 23 * 60 }];

const RANKING = 'score available host { name } reasons { factor score weight explanation }';

interface Ranking {
  score: number;
  available: boolean;
  host: { name: string };
  reasons: { factor: string; score: number | null; weight: number; explanation: string }[];
}

async function createHost(t: TestApp, token: string, input: Record<string, unknown>): Promise<string> {
  return (await mutate(t, token, 'createHost', input, 'host { id }')).host.id;
}

async function createProduct(t: TestApp, token: string, input: Record<string, unknown>): Promise<string> {
  return (await mutate(t, token, 'createProduct', { priceAmount: 1000, listPriceAmount: 1000, stock: 100, ...input }, 'product { id }')).product.id;
}

async function createCampaign(t: TestApp, token: string, input: Record<string, unknown> = {}): Promise<string> {
  const payload = await mutate(t, token, 'createCampaign', {
    name: '双12 大促', theme: 'SHOPPING_FESTIVAL', startsAt: at('2026-12-01', '00:00'), endsAt: at('2026-12-13', '00:00'),
    targetAudienceTags: ['年轻女性', '学生党', '敏感肌', '宝妈'], channels: ['DOUYIN'], budgetAmount: 1_000_000, ...input,
  }, 'campaign { id }');
  return payload.campaign.id;
}

async function createSession(t: TestApp, token: string, input: Record<string, unknown>): Promise<string> {
  const payload = await mutate(t, token, 'createSession', {
    title: 'Session', platform: 'DOUYIN', scheduledStart: at(MONDAY, '20:00'), scheduledEnd: at(MONDAY, '22:00'), ...input,
  }, 'session { id }');
  return payload.session.id;
}

async function assign(t: TestApp, token: string, sessionId: string, hostId: string, role = 'MAIN'): Promise<void> {
  await mutate(t, token, 'assignSessionHost', { sessionId, hostId, role }, 'sessionHost { id }');
}

async function addToLineup(t: TestApp, token: string, sessionId: string, productId: string, stockReserved?: number): Promise<void> {
  const { lineupItem } = await mutate(t, token, 'addLineupItem', { sessionId, productId }, 'lineupItem { id }');
  if (stockReserved != null) await mutate(t, token, 'updateLineupItem', { id: lineupItem.id, stockReserved }, 'lineupItem { id }');
}

describe('selection helpers', () => {
  let t: TestApp;
  let owner: SignedIn;
  let campaignId: string;
  let sessionId: string;

  const rank = async (args: string, token = owner.token): Promise<Ranking[]> =>
    (await t.gql(`{ rankHosts(${args}) { ${RANKING} } }`, {}, token)).rankHosts;
  const byName = (rankings: Ranking[], name: string) => rankings.find((ranking) => ranking.host.name === name)!;
  const reason = (ranking: Ranking, factor: string) => ranking.reasons.find((item) => item.factor === factor)!;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    campaignId = await createCampaign(t, owner.token);
    sessionId = await createSession(t, owner.token, { title: '双12 美妆专场', campaignId });
    const serum = await createProduct(t, owner.token, { sku: 'SERUM', title: '修护精华', audienceTags: ['敏感肌', '年轻女性'] });
    await addToLineup(t, owner.token, sessionId, serum);

    const strong = {
      audienceTags: ['年轻女性', '学生党', '敏感肌'], styleTags: ['专业测评'], availability: evenings, costPerHourAmount: 50_000,
      platformAccounts: [{ platform: 'DOUYIN', handle: 'h', followers: 1_000_000 }, { platform: 'XIAOHONGSHU', handle: 'h', followers: 9_000_000 }],
    };
    await createHost(t, owner.token, { name: 'Ann', ...strong });
    const cai = await createHost(t, owner.token, { name: 'Cai', ...strong });
    await createHost(t, owner.token, { name: 'Dee', ...strong, availability: [{ weekday: 2, startMinute: 0, endMinute: 1440 }] });
    const bo = await createHost(t, owner.token, {
      name: 'Bo', audienceTags: ['宝妈'], styleTags: ['幽默'], availability: evenings, costPerHourAmount: 10_000,
      platformAccounts: [{ platform: 'DOUYIN', handle: 'bo', followers: 1_000 }],
    });
    await createHost(t, owner.token, { name: 'Eve', ...strong, costPerHourAmount: 600_000 });

    // Cai is already on an overlapping show; Bo only on a cancelled one.
    const other = await createSession(t, owner.token, { title: 'Other show', scheduledStart: at(MONDAY, '21:00'), scheduledEnd: at(MONDAY, '23:00') });
    await assign(t, owner.token, other, cai);
    const cancelled = await createSession(t, owner.token, { title: 'Cancelled show', scheduledStart: at(MONDAY, '20:00'), scheduledEnd: at(MONDAY, '21:00') });
    await assign(t, owner.token, cancelled, bo);
    await mutate(t, owner.token, 'cancelSession', { id: cancelled, reason: 'host ill' }, 'session { id }');
  });
  afterAll(() => t.close());

  describe('rankHosts for a session', () => {
    it('ranks the best fitting available host first and explains every factor', async () => {
      const rankings = await rank(`sessionId: "${sessionId}", styleTags: ["专业测评"]`);
      expect(rankings[0]!.host.name).toBe('Ann');
      const ann = rankings[0]!;
      expect(ann.available).toBe(true);
      expect(ann.reasons.map((item) => item.factor)).toEqual(['AUDIENCE_FIT', 'STYLE', 'FOLLOWERS', 'AVAILABILITY', 'COST', 'PAST_PERFORMANCE']);
      // Campaign tags plus the lineup product's tags, without duplicates.
      expect(reason(ann, 'AUDIENCE_FIT')).toMatchObject({ score: 0.75, explanation: '3 of 4 target audience tags match: 年轻女性, 学生党, 敏感肌' });
      expect(reason(ann, 'STYLE')).toMatchObject({ score: 1 });
      // Reach counts the session's platform only.
      expect(reason(ann, 'FOLLOWERS').explanation).toMatch(/^1,000,000 followers on DOUYIN/);
      expect(reason(ann, 'AVAILABILITY')).toMatchObject({ score: 1, explanation: 'Available Mon 20:00–Mon 22:00 and on no overlapping session' });
      expect(ann.score).toBeGreaterThan(0);
      expect(ann.score).toBeLessThanOrEqual(100);
    });

    it('skips past performance until live data exists and shares its weight among the others', async () => {
      const [ranking] = await rank(`sessionId: "${sessionId}", styleTags: ["专业测评"]`);
      const past = reason(ranking!, 'PAST_PERFORMANCE');
      expect(past).toMatchObject({ score: null, weight: 0 });
      expect(past.explanation).toMatch(/No live data/);
      const total = ranking!.reasons.reduce((sum, item) => sum + item.weight, 0);
      expect(total).toBeCloseTo(1, 6);
      const weighted = ranking!.reasons.reduce((sum, item) => sum + item.weight * (item.score ?? 0), 0);
      expect(ranking!.score).toBeCloseTo(weighted * 100, 0);
    });

    it('flags and penalises a host on an overlapping session or outside their windows, but ignores cancelled sessions', async () => {
      const rankings = await rank(`sessionId: "${sessionId}", styleTags: ["专业测评"]`);
      const [ann, cai, dee, bo] = ['Ann', 'Cai', 'Dee', 'Bo'].map((name) => byName(rankings, name));
      expect(cai).toMatchObject({ available: false });
      expect(reason(cai!, 'AVAILABILITY')).toMatchObject({ score: 0, explanation: expect.stringContaining('already on overlapping session “Other show”') });
      expect(cai!.score).toBeLessThan(ann!.score / 2 + 1);
      expect(dee).toMatchObject({ available: false });
      expect(reason(dee!, 'AVAILABILITY').explanation).toContain('Mon 20:00–Mon 22:00 is outside the weekly availability');
      expect(bo).toMatchObject({ available: true });
      const names = rankings.map((ranking) => ranking.host.name);
      expect(names.indexOf('Ann')).toBeLessThan(names.indexOf('Cai'));
    });

    it('scores cost relative to the other candidates', async () => {
      const rankings = await rank(`sessionId: "${sessionId}"`);
      expect(reason(byName(rankings, 'Bo'), 'COST').score).toBe(1);
      expect(reason(byName(rankings, 'Eve'), 'COST').score).toBe(0);
      expect(reason(byName(rankings, 'Bo'), 'STYLE')).toMatchObject({ score: null, weight: 0 });
    });

    it('returns the first results only, in a stable order', async () => {
      const top = await rank(`sessionId: "${sessionId}", first: 2`);
      expect(top).toHaveLength(2);
      const again = await rank(`sessionId: "${sessionId}"`);
      expect(again.slice(0, 2).map((ranking) => ranking.host.name)).toEqual(top.map((ranking) => ranking.host.name));
      expect(again.map((ranking) => ranking.score)).toEqual([...again.map((ranking) => ranking.score)].sort((a, b) => b - a));
    });
  });

  describe('rankHosts for a campaign', () => {
    it('uses total reach, the weekdays the campaign spans and its hourly budget', async () => {
      const rankings = await rank(`campaignId: "${campaignId}"`);
      const ann = byName(rankings, 'Ann');
      expect(reason(ann, 'FOLLOWERS').explanation).toMatch(/^10,000,000 followers across all platforms/);
      expect(reason(ann, 'AVAILABILITY')).toMatchObject({ score: 1 / 7, explanation: 'Has availability on 1 of the 7 weekdays the campaign spans' });
      expect(ann.available).toBe(true);
      expect(byName(rankings, 'Dee').available).toBe(true);
      // ¥10,000 over the 2 planned hours of its one session: ¥5,000 per hour.
      const eve = byName(rankings, 'Eve');
      expect(reason(eve, 'COST')).toMatchObject({ score: 0, explanation: expect.stringContaining('over the campaign\'s hourly budget of ¥5,000.00') });
      expect(reason(ann, 'COST').explanation).toContain('within the hourly budget of ¥5,000.00');
    });

    it('notes when there is no hourly budget yet', async () => {
      const unplanned = await createCampaign(t, owner.token, { name: 'Unplanned' });
      const [first] = await rank(`campaignId: "${unplanned}"`);
      expect(reason(first!, 'COST').explanation).toContain('no sessions are planned yet');
    });
  });

  describe('rankHosts refusals', () => {
    it('needs exactly one of sessionId and campaignId and a sane page size', async () => {
      for (const args of [`sessionId: "${sessionId}", campaignId: "${campaignId}"`, 'styleTags: ["x"]']) {
        const result = await t.request(`{ rankHosts(${args}) { score } }`, {}, owner.token);
        expect(result.errors?.[0]).toMatchObject({ message: 'sessionId: give exactly one of sessionId or campaignId', extensions: { code: 'VALIDATION' } });
      }
      const tooMany = await t.request(`{ rankHosts(sessionId: "${sessionId}", first: 0) { score } }`, {}, owner.token);
      expect(tooMany.errors?.[0]).toMatchObject({ message: 'first: must be 1 to 100', extensions: { code: 'VALIDATION' } });
    });

    it('treats another organization’s session or campaign as unknown', async () => {
      const stranger = await signUpOrg(t);
      for (const args of [`sessionId: "${sessionId}"`, `campaignId: "${campaignId}"`]) {
        const result = await t.request(`{ rankHosts(${args}) { score } }`, {}, stranger.token);
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      }
      const products = await t.request(`{ suggestProducts(campaignId: "${campaignId}") { score } }`, {}, stranger.token);
      expect(products.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('lets analysts use the helpers but not host members or anonymous callers', async () => {
      const analyst = await addMember(t, owner, 'ANALYST');
      expect((await rank(`sessionId: "${sessionId}"`, analyst.token)).length).toBeGreaterThan(0);
      const host = await addMember(t, owner, 'HOST');
      for (const query of [`{ rankHosts(sessionId: "${sessionId}") { score } }`, `{ suggestProducts(campaignId: "${campaignId}") { score } }`]) {
        expect((await t.request(query, {}, host.token)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
        expect((await t.request(query, {}, null)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    });
  });

  describe('suggestProducts', () => {
    it('ranks in-stock products by audience fit, discount and stock not yet reserved in the campaign window', async () => {
      const org = await signUpOrg(t);
      const campaign = await createCampaign(t, org.token);
      const inWindow = await createSession(t, org.token, { title: 'In window', campaignId: campaign });
      const later = await createSession(t, org.token, { title: 'Later', scheduledStart: at('2027-01-04', '20:00'), scheduledEnd: at('2027-01-04', '22:00') });
      const reserved = await createProduct(t, org.token, { sku: 'RESERVED', title: 'Reserved serum', audienceTags: ['年轻女性', '敏感肌'], priceAmount: 8_900, listPriceAmount: 12_900, stock: 500 });
      const free = await createProduct(t, org.token, { sku: 'FREE', title: 'Free serum', audienceTags: ['年轻女性', '敏感肌'], priceAmount: 8_900, listPriceAmount: 12_900, stock: 500 });
      await createProduct(t, org.token, { sku: 'STUDENT', title: 'Student pen', audienceTags: ['学生党'] });
      await createProduct(t, org.token, { sku: 'PET', title: 'Pet food', audienceTags: ['宠物'] });
      await createProduct(t, org.token, { sku: 'SOLD-OUT', title: 'Sold out', audienceTags: ['年轻女性', '学生党', '敏感肌'], priceAmount: 100, listPriceAmount: 1_000, stock: 0 });
      await addToLineup(t, org.token, inWindow, reserved, 400);
      await addToLineup(t, org.token, later, free, 400);

      const data = await t.gql(`{ suggestProducts(campaignId: "${campaign}") { score reasons product { sku } } }`, {}, org.token);
      const suggestions = data.suggestProducts as { score: number; reasons: string[]; product: { sku: string } }[];
      expect(suggestions.map((suggestion) => suggestion.product.sku)).toEqual(['FREE', 'RESERVED', 'STUDENT', 'PET']);
      expect(suggestions[0]!.reasons).toEqual([
        '2 of 4 target audience tags match: 年轻女性, 敏感肌',
        '31% below list price (¥89.00 instead of ¥129.00)',
        '500 in stock, none reserved by sessions in the campaign window',
      ]);
      expect(suggestions[1]!.reasons[2]).toBe('500 in stock, 400 (80%) already reserved by sessions in the campaign window');
      expect(suggestions[0]!.score - suggestions[1]!.score).toBeCloseTo(16, 0);

      const top = await t.gql(`{ suggestProducts(campaignId: "${campaign}", first: 1) { product { sku } } }`, {}, org.token);
      expect(top.suggestProducts).toEqual([{ product: { sku: 'FREE' } }]);
    });
  });

  it('uses the same number of SQL statements for 3 and 30 hosts or products', async () => {
    const org = await signUpOrg(t);
    const campaign = await createCampaign(t, org.token);
    const session = await createSession(t, org.token, { campaignId: campaign });
    const busy = await createSession(t, org.token, { title: 'Busy', scheduledStart: at(MONDAY, '21:00'), scheduledEnd: at(MONDAY, '23:00') });
    let hosts = 0;
    let products = 0;
    const grow = async (count: number) => {
      for (; hosts < count; hosts++) {
        const host = await createHost(t, org.token, { name: `Host ${hosts}`, audienceTags: ['宝妈'], availability: evenings, platformAccounts: [{ platform: 'DOUYIN', handle: `h${hosts}`, followers: hosts * 100 }] });
        if (hosts % 2 === 0) await assign(t, org.token, busy, host, 'GUEST');
      }
      for (; products < count; products++) {
        const product = await createProduct(t, org.token, { sku: `P-${products}`, title: `Product ${products}`, audienceTags: ['宝妈'] });
        await addToLineup(t, org.token, products % 2 ? session : busy, product, 1);
      }
    };
    const statements = async () => {
      t.sql.reset();
      const data = await t.gql(`{
        rankHosts(sessionId: "${session}", first: 100) { score host { name } }
        byCampaign: rankHosts(campaignId: "${campaign}", first: 100) { score host { name } }
        suggestProducts(campaignId: "${campaign}", first: 100) { score product { sku } }
      }`, {}, org.token);
      expect(data.rankHosts).toHaveLength(hosts);
      expect(data.suggestProducts).toHaveLength(products);
      return t.sql.statements.length;
    };
    await grow(3);
    const few = await statements();
    await grow(30);
    expect(await statements()).toBe(few);
  });
});
