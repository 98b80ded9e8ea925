import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';

const GOAL = 'id title horizon metric target dueDate position parent { id } owner { id } campaign { id }';
const paths = (result: { issues: { path: string[] }[] }) => result.issues.map((issue) => issue.path.join('.'));

describe('campaign goal trees', () => {
  let t: TestApp;
  let owner: SignedIn;

  const createCampaign = async (token = owner.token, overrides: Record<string, unknown> = {}) =>
    (await mutate(t, token, 'createCampaign', {
      name: '双11', theme: 'SHOPPING_FESTIVAL', startsAt: '2026-10-20T00:00:00+08:00', endsAt: '2026-11-12T00:00:00+08:00', ...overrides,
    }, 'campaign { id }')).campaign.id as string;

  const createGoal = async (campaignId: string, input: Record<string, unknown> = {}, token = owner.token) =>
    (await mutate(t, token, 'createCampaignGoal', {
      campaignId, title: 'GMV', horizon: 'MID', metric: 'GMV_PAID', target: 20_000_000, ...input,
    }, `goal { ${GOAL} }`)).goal;

  const tree = async (campaignId: string) =>
    (await t.gql(`query($id: ID!) { node(id: $id) { ... on Campaign {
      goalCount
      goals { title position children { title position children { title } } }
      allGoals { title }
    } } }`, { id: campaignId }, owner.token)).node;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('builds a tree of goals with owners, due dates and metric definitions', async () => {
    const campaignId = await createCampaign();
    const operator = await addMember(t, owner, 'OPERATOR');
    const gmv = await createGoal(campaignId, { ownerId: operator.memberId, dueDate: '2026-11-11' });
    expect(gmv).toMatchObject({ title: 'GMV', horizon: 'MID', metric: 'GMV_PAID', target: 20_000_000, dueDate: '2026-11-11', position: 0, parent: null, owner: { id: operator.memberId }, campaign: { id: campaignId } });
    const traffic = await createGoal(campaignId, { parentId: gmv.id, title: '流量', horizon: 'SHORT', metric: 'UV', target: 500_000 });
    await createGoal(campaignId, { parentId: gmv.id, title: '转化', metric: 'CONVERSION_RATE', target: 0.04 });
    await createGoal(campaignId, { parentId: traffic.id, title: '互动', horizon: 'SHORT', metric: 'INTERACTION_RATE', target: 0.12 });
    await createGoal(campaignId, { title: '品牌', horizon: 'LONG', metric: 'NEW_FOLLOWERS', target: 20_000 });
    expect(traffic).toMatchObject({ parent: { id: gmv.id }, position: 0, owner: null, dueDate: null });

    expect(await tree(campaignId)).toEqual({
      goalCount: 5,
      goals: [
        { title: 'GMV', position: 0, children: [{ title: '流量', position: 0, children: [{ title: '互动' }] }, { title: '转化', position: 1, children: [] }] },
        { title: '品牌', position: 1, children: [] },
      ],
      allGoals: [{ title: 'GMV' }, { title: '流量' }, { title: '互动' }, { title: '转化' }, { title: '品牌' }],
    });
    const definition = await t.gql('query($id: ID!) { node(id: $id) { ... on CampaignGoal { metricDefinition { key nameZh unit denominator } } } }', { id: traffic.id }, owner.token);
    expect(definition.node.metricDefinition).toEqual({ key: 'UV', nameZh: '观看人数', unit: 'COUNT', denominator: null });
  });

  it('refuses a horizon the metric does not belong to and names the allowed ones', async () => {
    const campaignId = await createCampaign();
    const result = await mutateResult(t, owner.token, 'createCampaignGoal', { campaignId, title: 'x', horizon: 'SHORT', metric: 'GMV_PAID', target: 1 }, 'goal { id }');
    expect(result.__typename).toBe('ValidationError');
    expect(paths(result)).toEqual(['input.horizon']);
    expect(result.issues[0].message).toMatch(/MID/);
    const both = await mutateResult(t, owner.token, 'createCampaignGoal', { campaignId, title: 'x', horizon: 'MID', metric: 'FOLLOW_RATE', target: 0.1 }, 'goal { id }');
    expect(both.issues[0].message).toMatch(/SHORT, LONG/);
  });

  it('checks the target against the unit of the metric', async () => {
    const campaignId = await createCampaign();
    const cases: [string, string, number][] = [
      ['CONVERSION_RATE', 'MID', 4],
      ['GMV_PAID', 'MID', 100.5],
      ['UV', 'SHORT', -1],
      ['ORDERS', 'MID', 2.5],
    ];
    for (const [metric, horizon, target] of cases) {
      const result = await mutateResult(t, owner.token, 'createCampaignGoal', { campaignId, title: 'x', horizon, metric, target }, 'goal { id }');
      expect(result.__typename, metric).toBe('ValidationError');
      expect(paths(result), metric).toEqual(['input.target']);
    }
    await createGoal(campaignId, { metric: 'CONVERSION_RATE', target: 0.035 });
    await createGoal(campaignId, { metric: 'PAY_ROI', target: 3.5 });
    expect((await tree(campaignId)).goalCount).toBe(2);
  });

  it('reports an empty title and a due date far from the campaign with their paths', async () => {
    const campaignId = await createCampaign();
    const result = await mutateResult(t, owner.token, 'createCampaignGoal', { campaignId, title: ' ', horizon: 'MID', metric: 'ORDERS', target: 1 }, 'goal { id }');
    expect(paths(result)).toEqual(['input.title']);
    // The campaign runs 2026-10-20 to 2026-11-12 (Asia/Shanghai): goals may fall due 30 days before to 180 days after.
    for (const dueDate of ['2026-09-19', '2027-05-12']) {
      const far = await mutateResult(t, owner.token, 'createCampaignGoal', { campaignId, title: 'x', horizon: 'MID', metric: 'ORDERS', target: 1, dueDate }, 'goal { id }');
      expect(far.__typename, dueDate).toBe('ValidationError');
      expect(paths(far)).toEqual(['input.dueDate']);
    }
    for (const dueDate of ['2026-09-20', '2027-05-11']) await createGoal(campaignId, { dueDate });
  });

  it('keeps trees at most four levels deep', async () => {
    const campaignId = await createCampaign();
    let parentId: string | null = null;
    for (let level = 1; level <= 4; level++) parentId = (await createGoal(campaignId, { parentId, title: `L${level}` })).id;
    const fifth = await mutateResult(t, owner.token, 'createCampaignGoal', { campaignId, parentId, title: 'L5', horizon: 'MID', metric: 'ORDERS', target: 1 }, 'goal { id }');
    expect(fifth.__typename).toBe('ValidationError');
    expect(paths(fifth)).toEqual(['input.parentId']);
  });

  it('refuses a parent of another campaign', async () => {
    const first = await createCampaign();
    const second = await createCampaign();
    const parent = await createGoal(first);
    const result = await mutateResult(t, owner.token, 'createCampaignGoal', { campaignId: second, parentId: parent.id, title: 'x', horizon: 'MID', metric: 'ORDERS', target: 1 }, 'goal { id }');
    expect(result.__typename).toBe('ValidationError');
    expect(paths(result)).toEqual(['input.parentId']);
  });

  it('updates only the given fields, clears owners and due dates with null, and rechecks the metric rules', async () => {
    const campaignId = await createCampaign();
    const goal = await createGoal(campaignId, { ownerId: owner.memberId, dueDate: '2026-11-11' });
    const { goal: renamed } = await mutate(t, owner.token, 'updateCampaignGoal', { id: goal.id, title: '成交', target: 25_000_000 }, `goal { ${GOAL} }`);
    expect(renamed).toMatchObject({ title: '成交', target: 25_000_000, metric: 'GMV_PAID', owner: { id: owner.memberId }, dueDate: '2026-11-11' });
    const { goal: cleared } = await mutate(t, owner.token, 'updateCampaignGoal', { id: goal.id, ownerId: null, dueDate: null, title: null }, `goal { ${GOAL} }`);
    expect(cleared).toMatchObject({ title: '成交', owner: null, dueDate: null });

    const wrongHorizon = await mutateResult(t, owner.token, 'updateCampaignGoal', { id: goal.id, metric: 'PV' }, 'goal { id }');
    expect(wrongHorizon.__typename).toBe('ValidationError');
    expect(paths(wrongHorizon)).toEqual(['input.metric']);
    const rateTooBig = await mutateResult(t, owner.token, 'updateCampaignGoal', { id: goal.id, metric: 'CONVERSION_RATE' }, 'goal { id }');
    expect(paths(rateTooBig)).toEqual(['input.metric']);
    const rateTarget = await mutateResult(t, owner.token, 'updateCampaignGoal', { id: goal.id, metric: 'CONVERSION_RATE', target: 1.5 }, 'goal { id }');
    expect(paths(rateTarget)).toEqual(['input.target']);
    const badDate = await mutateResult(t, owner.token, 'updateCampaignGoal', { id: goal.id, dueDate: '2030-01-01' }, 'goal { id }');
    expect(paths(badDate)).toEqual(['input.dueDate']);
    const { goal: switched } = await mutate(t, owner.token, 'updateCampaignGoal', { id: goal.id, metric: 'PV', horizon: 'SHORT', target: 1_000_000 }, `goal { ${GOAL} }`);
    expect(switched).toMatchObject({ metric: 'PV', horizon: 'SHORT', target: 1_000_000 });
  });

  it('moves goals between parents and positions', async () => {
    const campaignId = await createCampaign();
    const a = await createGoal(campaignId, { title: 'A' });
    const b = await createGoal(campaignId, { title: 'B' });
    await createGoal(campaignId, { title: 'A1', parentId: a.id });
    await createGoal(campaignId, { title: 'A2', parentId: a.id });

    const { goal: moved } = await mutate(t, owner.token, 'moveCampaignGoal', { id: b.id, parentId: a.id, position: 1 }, `goal { ${GOAL} }`);
    expect(moved).toMatchObject({ parent: { id: a.id }, position: 1 });
    expect((await tree(campaignId)).goals).toEqual([
      { title: 'A', position: 0, children: [{ title: 'A1', position: 0, children: [] }, { title: 'B', position: 1, children: [] }, { title: 'A2', position: 2, children: [] }] },
    ]);

    await mutate(t, owner.token, 'moveCampaignGoal', { id: b.id, parentId: null, position: 0 }, 'goal { id }');
    const after = await tree(campaignId);
    expect(after.goals.map((goal: any) => goal.title)).toEqual(['B', 'A']);
    expect(after.allGoals.map((goal: any) => goal.title)).toEqual(['B', 'A', 'A1', 'A2']);
  });

  it('refuses moves that would make a cycle or a tree deeper than four levels', async () => {
    const campaignId = await createCampaign();
    const root = await createGoal(campaignId, { title: 'root' });
    const child = await createGoal(campaignId, { title: 'child', parentId: root.id });
    const grandchild = await createGoal(campaignId, { title: 'grandchild', parentId: child.id });

    const cycle = await mutateResult(t, owner.token, 'moveCampaignGoal', { id: root.id, parentId: grandchild.id }, 'goal { id }');
    expect(cycle.__typename).toBe('ConflictError');
    expect(cycle.message).toMatch(/cycle/);
    const self = await mutateResult(t, owner.token, 'moveCampaignGoal', { id: child.id, parentId: child.id }, 'goal { id }');
    expect(self.__typename).toBe('ConflictError');

    // root > child > grandchild has 3 levels; under another 2-level branch it would have 5.
    const other = await createGoal(campaignId, { title: 'other' });
    const otherChild = await createGoal(campaignId, { title: 'other child', parentId: other.id });
    const deep = await mutateResult(t, owner.token, 'moveCampaignGoal', { id: root.id, parentId: otherChild.id }, 'goal { id }');
    expect(deep.__typename).toBe('ValidationError');
    expect(paths(deep)).toEqual(['input.parentId']);
    await mutate(t, owner.token, 'moveCampaignGoal', { id: root.id, parentId: other.id }, 'goal { id }');

    const elsewhere = await createGoal(await createCampaign());
    const crossCampaign = await mutateResult(t, owner.token, 'moveCampaignGoal', { id: child.id, parentId: elsewhere.id }, 'goal { id }');
    expect(paths(crossCampaign)).toEqual(['input.parentId']);
    const negative = await mutateResult(t, owner.token, 'moveCampaignGoal', { id: child.id, position: -1 }, 'goal { id }');
    expect(paths(negative)).toEqual(['input.position']);
  });

  it('deletes a goal with its whole subtree', async () => {
    const campaignId = await createCampaign();
    const root = await createGoal(campaignId, { title: 'root' });
    const child = await createGoal(campaignId, { title: 'child', parentId: root.id });
    const grandchild = await createGoal(campaignId, { title: 'grandchild', parentId: child.id });
    const keep = await createGoal(campaignId, { title: 'keep' });
    const result = await mutate(t, owner.token, 'deleteCampaignGoal', { id: child.id }, 'deletedIds campaign { goalCount }');
    expect(result.deletedIds).toEqual([child.id, grandchild.id]);
    expect(result.campaign.goalCount).toBe(2);
    const nodes = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [root.id, child.id, grandchild.id, keep.id] }, owner.token);
    expect(nodes.nodes).toEqual([{ id: root.id }, null, null, { id: keep.id }]);
  });

  it('checks whether children in the parent’s metric add up to it', async () => {
    const campaignId = await createCampaign();
    const gmv = await createGoal(campaignId, { target: 20_000_000 });
    await createGoal(campaignId, { parentId: gmv.id, title: '第一周', target: 10_000_000 });
    await createGoal(campaignId, { parentId: gmv.id, title: '第二周', target: 8_000_000 });
    await createGoal(campaignId, { parentId: gmv.id, title: '转化', metric: 'CONVERSION_RATE', target: 0.05 });
    const rate = await createGoal(campaignId, { title: 'rate', metric: 'CONVERSION_RATE', target: 0.05 });
    await createGoal(campaignId, { parentId: rate.id, title: 'rate child', metric: 'CONVERSION_RATE', target: 0.06 });
    const leaf = await createGoal(campaignId, { title: 'leaf' });

    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on CampaignGoal {
      childrenCheck { target allocated difference addsUp message children { title } }
    } } }`;
    const data = await t.gql(query, { ids: [gmv.id, rate.id, leaf.id] }, owner.token);
    const [money, nonAdditive, none] = data.nodes.map((node: any) => node.childrenCheck);
    expect(money).toEqual({
      target: 20_000_000, allocated: 18_000_000, difference: 2_000_000, addsUp: false,
      message: 'Child goals sum to ¥180,000 of ¥200,000: ¥20,000 unallocated',
      children: [{ title: '第一周' }, { title: '第二周' }],
    });
    expect(nonAdditive).toMatchObject({ allocated: null, difference: null, addsUp: null, children: [{ title: 'rate child' }] });
    expect(nonAdditive.message).toMatch(/not additive/);
    expect(none).toBeNull();

    await createGoal(campaignId, { parentId: gmv.id, title: '第三周', target: 2_000_000 });
    const fixed = await t.gql(query, { ids: [gmv.id] }, owner.token);
    expect(fixed.nodes[0].childrenCheck).toMatchObject({ addsUp: true, difference: 0, message: 'Child goals add up to ¥200,000' });
  });

  it('refuses to move the campaign window away from goals’ due dates', async () => {
    const campaignId = await createCampaign();
    const goal = await createGoal(campaignId, { dueDate: '2026-10-25' });
    const result = await mutateResult(t, owner.token, 'updateCampaign', {
      id: campaignId, startsAt: '2027-03-01T00:00:00+08:00', endsAt: '2027-03-10T00:00:00+08:00',
    }, 'campaign { id }');
    expect(result.__typename).toBe('ConflictError');
    expect(result.conflictingIds).toHaveLength(1);
    await mutate(t, owner.token, 'updateCampaignGoal', { id: goal.id, dueDate: null }, 'goal { id }');
    await mutate(t, owner.token, 'updateCampaign', { id: campaignId, startsAt: '2027-03-01T00:00:00+08:00', endsAt: '2027-03-10T00:00:00+08:00' }, 'campaign { id }');
  });

  it('lets analysts read goals but not change them', async () => {
    const campaignId = await createCampaign();
    const goal = await createGoal(campaignId);
    const analyst = await addMember(t, owner, 'ANALYST');
    const attempts: [string, Record<string, unknown>][] = [
      ['createCampaignGoal', { campaignId, title: 'x', horizon: 'MID', metric: 'ORDERS', target: 1 }],
      ['updateCampaignGoal', { id: goal.id, title: 'x' }],
      ['moveCampaignGoal', { id: goal.id, parentId: null }],
      ['deleteCampaignGoal', { id: goal.id }],
    ];
    for (const [name, input] of attempts) {
      const result = await mutateResult(t, analyst.token, name, input, name === 'deleteCampaignGoal' ? 'deletedIds' : 'goal { id }');
      expect(result.__typename, name).toBe('ForbiddenError');
    }
    const read = await t.gql('query($id: ID!) { node(id: $id) { ... on CampaignGoal { title } } }', { id: goal.id }, analyst.token);
    expect(read.node.title).toBe('GMV');
  });

  it('treats another organization’s campaign, goal and member ids as unknown', async () => {
    const campaignId = await createCampaign();
    const goal = await createGoal(campaignId);
    const stranger = await signUpOrg(t);
    const strangerCampaign = await createCampaign(stranger.token);
    const strangerGoal = await createGoal(strangerCampaign, {}, stranger.token);

    const foreignCampaign = await mutateResult(t, stranger.token, 'createCampaignGoal', { campaignId, title: 'x', horizon: 'MID', metric: 'ORDERS', target: 1 }, 'goal { id }');
    expect(foreignCampaign).toMatchObject({ __typename: 'NotFoundError' });
    const foreignParent = await mutateResult(t, stranger.token, 'createCampaignGoal', { campaignId: strangerCampaign, parentId: goal.id, title: 'x', horizon: 'MID', metric: 'ORDERS', target: 1 }, 'goal { id }');
    expect(foreignParent.__typename).toBe('NotFoundError');
    const foreignOwner = await mutateResult(t, stranger.token, 'createCampaignGoal', { campaignId: strangerCampaign, ownerId: owner.memberId, title: 'x', horizon: 'MID', metric: 'ORDERS', target: 1 }, 'goal { id }');
    expect(foreignOwner.__typename).toBe('NotFoundError');
    for (const [name, input] of [
      ['updateCampaignGoal', { id: goal.id, title: 'stolen' }],
      ['moveCampaignGoal', { id: goal.id, parentId: null }],
      ['moveCampaignGoal', { id: strangerGoal.id, parentId: goal.id }],
      ['updateCampaignGoal', { id: strangerGoal.id, ownerId: owner.memberId }],
    ] as const) {
      const result = await mutateResult(t, stranger.token, name, input, 'goal { id }');
      expect(result.__typename, `${name} ${JSON.stringify(input)}`).toBe('NotFoundError');
    }
    const deleted = await mutateResult(t, stranger.token, 'deleteCampaignGoal', { id: goal.id }, 'deletedIds');
    expect(deleted.__typename).toBe('NotFoundError');
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: goal.id }, stranger.token);
    expect(node.node).toBeNull();
    expect((await tree(campaignId)).goalCount).toBe(1);
  });

  it('loads goal trees in a constant number of statements', async () => {
    const org = await signUpOrg(t);
    const query = `{ campaigns { edges { node { goalCount goals {
      title owner { displayName } metricDefinition { nameZh } split { addsUp targets { target } } childrenCheck { addsUp }
      children { title owner { displayName } split { message } childrenCheck { message } children { title parent { title } split { addsUp } } }
    } allGoals { title } } } } }`;
    const count = async () => {
      t.sql.reset();
      await t.gql(query, {}, org.token);
      return t.sql.statements.length;
    };
    const small = await createCampaign(org.token);
    const root = await createGoal(small, { ownerId: org.memberId }, org.token);
    const child = await createGoal(small, { parentId: root.id, ownerId: org.memberId }, org.token);
    await createGoal(small, { parentId: child.id }, org.token);
    const baseline = await count();

    for (let c = 0; c < 3; c++) {
      const campaignId = await createCampaign(org.token);
      for (let r = 0; r < 3; r++) {
        const parent = await createGoal(campaignId, { ownerId: org.memberId }, org.token);
        for (let k = 0; k < 3; k++) {
          const child = await createGoal(campaignId, { parentId: parent.id, ownerId: org.memberId }, org.token);
          await createGoal(campaignId, { parentId: child.id }, org.token);
        }
      }
    }
    expect(await count()).toBe(baseline);
  });
});
