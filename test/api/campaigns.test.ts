import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';

const CAMPAIGN = 'id name theme themeNote startsAt endsAt targetAudienceTags channels budget { amount currency } goalCount';

const validCampaign = (overrides: Record<string, unknown> = {}) => ({
  name: '双11 预热',
  theme: 'SHOPPING_FESTIVAL',
  startsAt: '2026-10-20T00:00:00+08:00',
  endsAt: '2026-11-12T00:00:00+08:00',
  ...overrides,
});

const paths = (result: { issues: { path: string[] }[] }) => result.issues.map((issue) => issue.path.join('.'));

describe('campaigns', () => {
  let t: TestApp;
  let owner: SignedIn;

  const createCampaign = async (overrides: Record<string, unknown> = {}, token = owner.token) =>
    (await mutate(t, token, 'createCampaign', validCampaign(overrides), `campaign { ${CAMPAIGN} }`)).campaign;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('creates a campaign with its budget as money and tidy tags and channels', async () => {
    const campaign = await createCampaign({
      targetAudienceTags: [' 宝妈 ', '宝妈', '学生党'], channels: ['DOUYIN', 'WEIBO', 'DOUYIN'], budgetAmount: 5_000_000,
    });
    expect(campaign).toMatchObject({
      name: '双11 预热',
      theme: 'SHOPPING_FESTIVAL',
      themeNote: '',
      startsAt: '2026-10-19T16:00:00.000Z',
      targetAudienceTags: ['宝妈', '学生党'],
      channels: ['DOUYIN', 'WEIBO'],
      budget: { amount: 5_000_000, currency: 'CNY' },
      goalCount: 0,
    });
  });

  it('defaults optional fields and treats null as not given', async () => {
    const campaign = await createCampaign({ themeNote: null, targetAudienceTags: null, channels: null, budgetAmount: null });
    expect(campaign).toMatchObject({ themeNote: '', targetAudienceTags: [], channels: [], budget: { amount: 0 } });
  });

  it('reports each invalid field with its path and keeps nothing', async () => {
    const result = await mutateResult(t, owner.token, 'createCampaign', validCampaign({
      name: '  ', budgetAmount: -1, targetAudienceTags: ['ok', '   '], themeNote: 'x'.repeat(201),
    }), 'campaign { id }');
    expect(result.__typename).toBe('ValidationError');
    expect(paths(result)).toEqual(expect.arrayContaining(['input.name', 'input.budgetAmount', 'input.targetAudienceTags.1', 'input.themeNote']));
    const list = await t.gql('{ campaigns(filter: { search: "ok" }) { totalCount } }', {}, owner.token);
    expect(list.campaigns.totalCount).toBe(0);
  });

  it('refuses an end before the start and windows longer than 366 days', async () => {
    const backwards = await mutateResult(t, owner.token, 'createCampaign', validCampaign({ endsAt: '2026-10-19T00:00:00+08:00' }), 'campaign { id }');
    expect(backwards.__typename).toBe('ValidationError');
    expect(paths(backwards)).toEqual(['input.endsAt']);
    const empty = await mutateResult(t, owner.token, 'createCampaign', validCampaign({ endsAt: '2026-10-20T00:00:00+08:00' }), 'campaign { id }');
    expect(empty.__typename, JSON.stringify(empty)).toBe('ValidationError');
    expect(paths(empty)).toEqual(['input.endsAt']);
    const tooLong = await mutateResult(t, owner.token, 'createCampaign', validCampaign({ endsAt: '2027-10-21T00:00:01+08:00' }), 'campaign { id }');
    expect(tooLong.__typename, JSON.stringify(tooLong)).toBe('ValidationError');
    expect(paths(tooLong)).toEqual(['input.endsAt']);
    expect(tooLong.issues[0].message).toMatch(/at most 366 days/);
    await createCampaign({ endsAt: '2027-10-21T00:00:00+08:00' });
  });

  it('requires a theme note for a CUSTOM theme', async () => {
    const result = await mutateResult(t, owner.token, 'createCampaign', validCampaign({ theme: 'CUSTOM', themeNote: '   ' }), 'campaign { id }');
    expect(result.__typename).toBe('ValidationError');
    expect(paths(result)).toEqual(['input.themeNote']);
    const campaign = await createCampaign({ theme: 'CUSTOM', themeNote: '周年庆' });
    expect(campaign).toMatchObject({ theme: 'CUSTOM', themeNote: '周年庆' });
  });

  it('updates only the given fields and checks the rules on the result', async () => {
    const campaign = await createCampaign({ budgetAmount: 100, channels: ['DOUYIN'] });
    const { campaign: updated } = await mutate(t, owner.token, 'updateCampaign', { id: campaign.id, name: '双11 正式', budgetAmount: 200 }, `campaign { ${CAMPAIGN} }`);
    expect(updated).toMatchObject({ name: '双11 正式', budget: { amount: 200 }, channels: ['DOUYIN'], startsAt: campaign.startsAt });

    const late = await mutateResult(t, owner.token, 'updateCampaign', { id: campaign.id, startsAt: '2026-12-01T00:00:00Z' }, 'campaign { id }');
    expect(late.__typename).toBe('ValidationError');
    expect(paths(late)).toEqual(['input.startsAt']);
    const custom = await mutateResult(t, owner.token, 'updateCampaign', { id: campaign.id, theme: 'CUSTOM' }, 'campaign { id }');
    expect(paths(custom)).toEqual(['input.themeNote']);
    const negative = await mutateResult(t, owner.token, 'updateCampaign', { id: campaign.id, budgetAmount: -5 }, 'campaign { id }');
    expect(paths(negative)).toEqual(['input.budgetAmount']);

    const node = await t.gql('query($id: ID!) { node(id: $id) { ... on Campaign { name startsAt budget { amount } } } }', { id: campaign.id }, owner.token);
    expect(node.node).toEqual({ name: '双11 正式', startsAt: campaign.startsAt, budget: { amount: 200 } });
  });

  it('deletes a campaign with its goals', async () => {
    const campaign = await createCampaign();
    const { goal } = await mutate(t, owner.token, 'createCampaignGoal', {
      campaignId: campaign.id, title: 'GMV', horizon: 'MID', metric: 'GMV_PAID', target: 100_000,
    }, 'goal { id }');
    const { deletedId } = await mutate(t, owner.token, 'deleteCampaign', { id: campaign.id }, 'deletedId');
    expect(deletedId).toBe(campaign.id);
    const nodes = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [campaign.id, goal.id] }, owner.token);
    expect(nodes.nodes).toEqual([null, null]);
    const again = await mutateResult(t, owner.token, 'deleteCampaign', { id: campaign.id }, 'deletedId');
    expect(again.__typename).toBe('NotFoundError');
  });

  it('filters, sorts and pages the list', async () => {
    const org = await signUpOrg(t);
    const make = (name: string, theme: string, startsAt: string, endsAt: string) =>
      createCampaign({ name, theme, startsAt, endsAt, themeNote: theme === 'CUSTOM' ? '100% 会员日' : '' }, org.token);
    await make('Spring launch', 'NEW_LAUNCH', '2026-03-01T00:00:00Z', '2026-03-10T00:00:00Z');
    await make('618 大促', 'SHOPPING_FESTIVAL', '2026-06-01T00:00:00Z', '2026-06-19T00:00:00Z');
    await make('Member day', 'CUSTOM', '2026-06-10T00:00:00Z', '2026-06-11T00:00:00Z');
    await make('双11', 'SHOPPING_FESTIVAL', '2026-10-20T00:00:00Z', '2026-11-12T00:00:00Z');
    const names = async (args: string) => {
      const data = await t.gql(`{ campaigns${args ? `(${args})` : ''} { totalCount edges { node { name } } } }`, {}, org.token);
      return data.campaigns.edges.map((edge: any) => edge.node.name);
    };
    expect(await names('')).toEqual(['Spring launch', '618 大促', 'Member day', '双11']);
    expect(await names('orderBy: { field: NAME, direction: DESC }')).toEqual(['双11', 'Spring launch', 'Member day', '618 大促']);
    expect(await names('filter: { theme: SHOPPING_FESTIVAL }')).toEqual(['618 大促', '双11']);
    expect(await names('filter: { activeAt: "2026-06-10T12:00:00Z" }')).toEqual(['618 大促', 'Member day']);
    expect(await names('filter: { activeAt: "2026-06-19T00:00:00Z" }')).toEqual([]);
    expect(await names('filter: { startsAfter: "2026-06-01T00:00:00Z", startsBefore: "2026-10-20T00:00:00Z" }')).toEqual(['618 大促', 'Member day']);
    expect(await names('filter: { search: "launch" }')).toEqual(['Spring launch']);
    expect(await names('filter: { search: "100%" }')).toEqual(['Member day']);
    expect(await names('filter: { search: "%" }')).toEqual(['Member day']);

    const page = await t.gql('{ campaigns(first: 3) { totalCount pageInfo { hasNextPage endCursor } } }', {}, org.token);
    expect(page.campaigns).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const rest = await t.gql('query($after: String) { campaigns(first: 3, after: $after) { edges { node { name } } } }', { after: page.campaigns.pageInfo.endCursor }, org.token);
    expect(rest.campaigns.edges.map((edge: any) => edge.node.name)).toEqual(['双11']);
  });

  it('lets analysts and hosts read but not write', async () => {
    const campaign = await createCampaign();
    for (const role of ['ANALYST', 'HOST'] as const) {
      const member = await addMember(t, owner, role);
      const created = await mutateResult(t, member.token, 'createCampaign', validCampaign(), 'campaign { id }');
      expect(created.__typename).toBe('ForbiddenError');
      const updated = await mutateResult(t, member.token, 'updateCampaign', { id: campaign.id, name: 'mine' }, 'campaign { id }');
      expect(updated.__typename).toBe('ForbiddenError');
      const deleted = await mutateResult(t, member.token, 'deleteCampaign', { id: campaign.id }, 'deletedId');
      expect(deleted.__typename).toBe('ForbiddenError');
      const list = await t.gql('{ campaigns { totalCount } }', {}, member.token);
      expect(list.campaigns.totalCount).toBeGreaterThan(0);
    }
    const operator = await addMember(t, owner, 'OPERATOR');
    await mutate(t, operator.token, 'updateCampaign', { id: campaign.id, name: 'by operator' }, 'campaign { id }');
  });

  it('refuses anonymous callers', async () => {
    const result = await mutateResult(t, null, 'createCampaign', validCampaign(), 'campaign { id }');
    expect(result.__typename).toBe('UnauthenticatedError');
    const list = await t.request('{ campaigns { totalCount } }');
    expect(list.errors?.length).toBeGreaterThan(0);
  });

  it('treats another organization’s campaign id as unknown', async () => {
    const campaign = await createCampaign({ name: 'secret plan' });
    const stranger = await signUpOrg(t);
    const update = await mutateResult(t, stranger.token, 'updateCampaign', { id: campaign.id, name: 'stolen' }, 'campaign { id }');
    expect(update.__typename).toBe('NotFoundError');
    const deleted = await mutateResult(t, stranger.token, 'deleteCampaign', { id: campaign.id }, 'deletedId');
    expect(deleted.__typename).toBe('NotFoundError');
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: campaign.id }, stranger.token);
    expect(node.node).toBeNull();
    const list = await t.gql('{ campaigns(filter: { search: "secret" }) { totalCount } }', {}, stranger.token);
    expect(list.campaigns.totalCount).toBe(0);
    const mine = await t.gql('query($id: ID!) { node(id: $id) { ... on Campaign { name } } }', { id: campaign.id }, owner.token);
    expect(mine.node.name).toBe('secret plan');
  });
});

describe('the metric dictionary', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('lists every metric with its formula, unit and horizons', async () => {
    const data = await t.gql('{ metricDefinitions { key nameZh nameEn unit numerator denominator scale description additive horizons } }', {}, owner.token);
    const byKey = new Map(data.metricDefinitions.map((definition: any) => [definition.key, definition]));
    expect(byKey.get('GPM')).toMatchObject({ nameZh: '千次观看成交金额', unit: 'MONEY', numerator: 'GMV_PAID', denominator: 'PV', scale: 1000, additive: false, horizons: ['MID'] });
    expect(byKey.get('GMV_PAID')).toMatchObject({ unit: 'MONEY', numerator: null, denominator: null, additive: true });
    expect(byKey.get('PCU')).toMatchObject({ unit: 'COUNT', additive: false, horizons: ['SHORT'] });
    expect(byKey.get('CONVERSION_RATE')).toMatchObject({ unit: 'RATE', numerator: 'BUYERS', denominator: 'UV' });
    expect(byKey.get('LOYAL_BUYERS')).toMatchObject({ horizons: ['LONG'] });
    for (const definition of data.metricDefinitions) {
      if (definition.unit === 'RATE') expect(definition.denominator, definition.key).not.toBeNull();
    }
  });

  it('filters metrics by horizon', async () => {
    const data = await t.gql('{ metricDefinitions(horizon: LONG) { key horizons } }', {}, owner.token);
    expect(data.metricDefinitions.map((definition: any) => definition.key)).toEqual(expect.arrayContaining(['NEW_FOLLOWERS', 'LOYAL_BUYERS', 'BRAND_REACH']));
    for (const definition of data.metricDefinitions) expect(definition.horizons).toContain('LONG');
    expect(data.metricDefinitions.map((definition: any) => definition.key)).not.toContain('GMV_PAID');
  });
});
