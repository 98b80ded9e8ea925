import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';

const SPLIT = 'split { target allocated difference addsUp message targets { id target session { id } goal { id } } }';
const paths = (result: { issues: { path: string[] }[] }) => result.issues.map((issue) => issue.path.join('.'));

describe('splitting campaign goals onto sessions', () => {
  let t: TestApp;
  let owner: SignedIn;

  const createCampaign = async (token = owner.token) =>
    (await mutate(t, token, 'createCampaign', {
      name: '双11', theme: 'SHOPPING_FESTIVAL', startsAt: '2026-10-20T00:00:00+08:00', endsAt: '2026-11-12T00:00:00+08:00',
    }, 'campaign { id }')).campaign.id as string;

  const createSession = async (campaignId: string | null, day = 1, token = owner.token) =>
    (await mutate(t, token, 'createSession', {
      title: `Day ${day}`,
      platform: 'DOUYIN',
      scheduledStart: `2026-11-${String(day).padStart(2, '0')}T19:00:00+08:00`,
      scheduledEnd: `2026-11-${String(day).padStart(2, '0')}T22:00:00+08:00`,
      ...(campaignId ? { campaignId } : {}),
    }, 'session { id }')).session.id as string;

  const createGoal = async (campaignId: string, input: Record<string, unknown> = {}, token = owner.token) =>
    (await mutate(t, token, 'createCampaignGoal', {
      campaignId, title: 'GMV', horizon: 'MID', metric: 'GMV_PAID', target: 20_000_000, ...input,
    }, 'goal { id }')).goal.id as string;

  const setTargets = (goalId: string, targets: { sessionId: string; target: number }[], token = owner.token) =>
    mutateResult(t, token, 'setSessionTargets', { goalId, targets }, `goal { id ${SPLIT} }`);

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('reports money that is left unallocated, then confirms a split that adds up', async () => {
    const campaignId = await createCampaign();
    const [first, second] = [await createSession(campaignId, 1), await createSession(campaignId, 2)];
    const goalId = await createGoal(campaignId);

    const partial = await setTargets(goalId, [{ sessionId: first, target: 10_000_000 }, { sessionId: second, target: 8_000_000 }]);
    expect(partial.__typename).toBe('SetSessionTargetsPayload');
    expect(partial.goal.split).toMatchObject({
      target: 20_000_000, allocated: 18_000_000, difference: 2_000_000, addsUp: false,
      message: 'Session targets sum to ¥180,000 of ¥200,000: ¥20,000 unallocated',
    });
    expect(partial.goal.split.targets.map((row: any) => [row.session.id, row.target, row.goal.id])).toEqual([
      [first, 10_000_000, goalId],
      [second, 8_000_000, goalId],
    ]);

    const whole = await setTargets(goalId, [{ sessionId: first, target: 12_000_000 }, { sessionId: second, target: 8_000_000 }]);
    expect(whole.goal.split).toMatchObject({ allocated: 20_000_000, difference: 0, addsUp: true, message: 'Session targets add up to ¥200,000' });
  });

  it('reports over-allocated counts', async () => {
    const campaignId = await createCampaign();
    const sessions = [await createSession(campaignId, 3), await createSession(campaignId, 4)];
    const goalId = await createGoal(campaignId, { title: 'UV', horizon: 'SHORT', metric: 'UV', target: 100_000 });
    const result = await setTargets(goalId, sessions.map((sessionId) => ({ sessionId, target: 60_000 })));
    expect(result.goal.split).toMatchObject({
      allocated: 120_000, difference: -20_000, addsUp: false, message: 'Session targets sum to 120,000 of 100,000: 20,000 over-allocated',
    });
  });

  it('does not sum non-additive metrics and says so', async () => {
    const campaignId = await createCampaign();
    const sessions = [await createSession(campaignId, 5), await createSession(campaignId, 6)];
    const goalId = await createGoal(campaignId, { title: '转化率', metric: 'CONVERSION_RATE', target: 0.05 });
    const result = await setTargets(goalId, [{ sessionId: sessions[0]!, target: 0.04 }, { sessionId: sessions[1]!, target: 0.06 }]);
    expect(result.goal.split).toMatchObject({ target: 0.05, allocated: null, difference: null, addsUp: null });
    expect(result.goal.split.message).toBe(
      'Viewer conversion rate is not additive across sessions, so session targets are not summed; they range from 4% to 6% against a goal of 5%',
    );
    const peak = await createGoal(campaignId, { title: 'PCU', horizon: 'SHORT', metric: 'PCU', target: 5000 });
    const split = await t.gql(`query($id: ID!) { node(id: $id) { ... on CampaignGoal { ${SPLIT} } } }`, { id: peak }, owner.token);
    expect(split.node.split).toMatchObject({ allocated: null, addsUp: null, targets: [] });
  });

  it('replaces the whole split, keeping the ids of sessions that stay', async () => {
    const campaignId = await createCampaign();
    const [a, b, c] = [await createSession(campaignId, 7), await createSession(campaignId, 8), await createSession(campaignId, 9)];
    const goalId = await createGoal(campaignId);
    const before = await setTargets(goalId, [{ sessionId: a, target: 1 }, { sessionId: b, target: 2 }]);
    const kept = before.goal.split.targets.find((row: any) => row.session.id === b).id;
    const after = await setTargets(goalId, [{ sessionId: b, target: 5 }, { sessionId: c, target: 6 }]);
    expect(after.goal.split.targets.map((row: any) => [row.session.id, row.target])).toEqual([[b, 5], [c, 6]]);
    expect(after.goal.split.targets[0].id).toBe(kept);
    const removed = before.goal.split.targets.find((row: any) => row.session.id === a).id;
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: removed }, owner.token);
    expect(node.node).toBeNull();
    const cleared = await setTargets(goalId, []);
    expect(cleared.goal.split).toMatchObject({ allocated: 0, targets: [], message: 'No session targets yet: ¥200,000 unallocated' });
  });

  it('refuses sessions of another campaign or none, with the path of the target', async () => {
    const campaignId = await createCampaign();
    const mine = await createSession(campaignId, 10);
    const elsewhere = await createSession(await createCampaign(), 10);
    const loose = await createSession(null, 11);
    const goalId = await createGoal(campaignId);
    const result = await setTargets(goalId, [{ sessionId: mine, target: 1 }, { sessionId: elsewhere, target: 1 }, { sessionId: loose, target: 1 }]);
    expect(result.__typename).toBe('ValidationError');
    expect(paths(result)).toEqual(['input.targets.1.sessionId', 'input.targets.2.sessionId']);
    const split = await t.gql(`query($id: ID!) { node(id: $id) { ... on CampaignGoal { ${SPLIT} } } }`, { id: goalId }, owner.token);
    expect(split.node.split.targets).toEqual([]);
  });

  it('refuses negative, out-of-unit and duplicate targets with their paths', async () => {
    const campaignId = await createCampaign();
    const [a, b] = [await createSession(campaignId, 1), await createSession(campaignId, 2)];
    const money = await createGoal(campaignId);
    const negative = await setTargets(money, [{ sessionId: a, target: 100 }, { sessionId: b, target: -1 }]);
    expect(paths(negative)).toEqual(['input.targets.1.target']);
    const fractional = await setTargets(money, [{ sessionId: a, target: 0.5 }]);
    expect(paths(fractional)).toEqual(['input.targets.0.target']);
    const duplicate = await setTargets(money, [{ sessionId: a, target: 1 }, { sessionId: a, target: 2 }]);
    expect(paths(duplicate)).toEqual(['input.targets.1.sessionId']);
    const rate = await createGoal(campaignId, { metric: 'CONVERSION_RATE', target: 0.05 });
    const percent = await setTargets(rate, [{ sessionId: a, target: 5 }]);
    expect(paths(percent)).toEqual(['input.targets.0.target']);
  });

  it('refuses to switch a goal to a metric its session targets do not fit', async () => {
    const campaignId = await createCampaign();
    const session = await createSession(campaignId, 3);
    const goalId = await createGoal(campaignId);
    await setTargets(goalId, [{ sessionId: session, target: 5_000_000 }]);
    const result = await mutateResult(t, owner.token, 'updateCampaignGoal', { id: goalId, metric: 'ORDERS' }, 'goal { id }');
    expect(result.__typename).toBe('ConflictError');
    expect(result.conflictingIds).toHaveLength(1);
    const sameUnit = await mutate(t, owner.token, 'updateCampaignGoal', { id: goalId, metric: 'GMV_CREATED' }, `goal { metric ${SPLIT} }`);
    expect(sameUnit.goal).toMatchObject({ metric: 'GMV_CREATED', split: { allocated: 5_000_000 } });
  });

  it('lets analysts read the split but not set it', async () => {
    const campaignId = await createCampaign();
    const session = await createSession(campaignId, 4);
    const goalId = await createGoal(campaignId);
    await setTargets(goalId, [{ sessionId: session, target: 1 }]);
    const analyst = await addMember(t, owner, 'ANALYST');
    const result = await setTargets(goalId, [], analyst.token);
    expect(result.__typename).toBe('ForbiddenError');
    const split = await t.gql(`query($id: ID!) { node(id: $id) { ... on CampaignGoal { ${SPLIT} } } }`, { id: goalId }, analyst.token);
    expect(split.node.split.allocated).toBe(1);
  });

  it('treats another organization’s goal and session ids as unknown', async () => {
    const campaignId = await createCampaign();
    const session = await createSession(campaignId, 5);
    const goalId = await createGoal(campaignId);
    const stranger = await signUpOrg(t);
    const strangerCampaign = await createCampaign(stranger.token);
    const strangerSession = await createSession(strangerCampaign, 5, stranger.token);
    const strangerGoal = await createGoal(strangerCampaign, {}, stranger.token);

    const foreignGoal = await setTargets(goalId, [{ sessionId: strangerSession, target: 1 }], stranger.token);
    expect(foreignGoal.__typename).toBe('NotFoundError');
    const foreignSession = await setTargets(strangerGoal, [{ sessionId: session, target: 1 }], stranger.token);
    expect(foreignSession.__typename).toBe('NotFoundError');
    const wrongType = await setTargets(strangerGoal, [{ sessionId: strangerCampaign, target: 1 }], stranger.token);
    expect(wrongType.__typename).toBe('NotFoundError');
  });

  it('drops the targets of a deleted goal and a deleted session', async () => {
    const campaignId = await createCampaign();
    const [a, b] = [await createSession(campaignId, 6), await createSession(campaignId, 7)];
    const goalId = await createGoal(campaignId);
    const set = await setTargets(goalId, [{ sessionId: a, target: 1 }, { sessionId: b, target: 2 }]);
    await mutate(t, owner.token, 'deleteSession', { id: a }, 'deletedId');
    const split = await t.gql(`query($id: ID!) { node(id: $id) { ... on CampaignGoal { ${SPLIT} } } }`, { id: goalId }, owner.token);
    expect(split.node.split.targets.map((row: any) => row.session.id)).toEqual([b]);
    await mutate(t, owner.token, 'deleteCampaignGoal', { id: goalId }, 'deletedIds');
    const nodes = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: set.goal.split.targets.map((row: any) => row.id) }, owner.token);
    expect(nodes.nodes).toEqual([null, null]);
  });

  it('drops a session’s targets when the session leaves the campaign', async () => {
    const campaignId = await createCampaign();
    const [staying, leaving] = [await createSession(campaignId, 9), await createSession(campaignId, 10)];
    const goalId = await createGoal(campaignId);
    await setTargets(goalId, [{ sessionId: staying, target: 1 }, { sessionId: leaving, target: 2 }]);
    await mutate(t, owner.token, 'updateSession', { id: leaving, campaignId: null }, 'session { id }');
    await mutate(t, owner.token, 'updateSession', { id: staying, title: 'renamed' }, 'session { id }');
    const split = await t.gql(`query($id: ID!) { node(id: $id) { ... on CampaignGoal { ${SPLIT} } } }`, { id: goalId }, owner.token);
    expect(split.node.split).toMatchObject({ allocated: 1, targets: [{ session: { id: staying } }] });
  });

  it('keeps the sessions of a deleted campaign, unlinked', async () => {
    const campaignId = await createCampaign();
    const session = await createSession(campaignId, 8);
    await setTargets(await createGoal(campaignId), [{ sessionId: session, target: 1 }]);
    await mutate(t, owner.token, 'deleteCampaign', { id: campaignId }, 'deletedId');
    const node = await t.gql('query($id: ID!) { node(id: $id) { ... on LiveSession { id campaign { id } } } }', { id: session }, owner.token);
    expect(node.node).toEqual({ id: session, campaign: null });
  });

  it('refuses to shrink the campaign window away from its sessions', async () => {
    const campaignId = await createCampaign();
    await createSession(campaignId, 10);
    const result = await mutateResult(t, owner.token, 'updateCampaign', { id: campaignId, endsAt: '2026-11-05T00:00:00+08:00' }, 'campaign { id }');
    expect(result.__typename).toBe('ConflictError');
    expect(result.conflictingIds).toHaveLength(1);
    const { campaign } = await mutate(t, owner.token, 'updateCampaign', { id: campaignId, endsAt: '2026-11-11T00:00:00+08:00' }, 'campaign { endsAt }');
    expect(campaign.endsAt).toBe('2026-11-10T16:00:00.000Z');
  });

  it('loads splits and their sessions in a constant number of statements', async () => {
    const org = await signUpOrg(t);
    const query = `{ campaigns { edges { node { allGoals { split { addsUp message targets { target session { id } goal { id } } } } } } } }`;
    const count = async () => {
      t.sql.reset();
      await t.gql(query, {}, org.token);
      return t.sql.statements.length;
    };
    const seed = async (goals: number, sessions: number) => {
      const campaignId = await createCampaign(org.token);
      const sessionIds = [];
      for (let day = 1; day <= sessions; day++) sessionIds.push(await createSession(campaignId, day, org.token));
      for (let g = 0; g < goals; g++) {
        const goalId = await createGoal(campaignId, {}, org.token);
        await setTargets(goalId, sessionIds.map((sessionId) => ({ sessionId, target: 1000 })), org.token);
      }
    };
    await seed(1, 1);
    const baseline = await count();
    await seed(4, 5);
    await seed(3, 3);
    expect(await count()).toBe(baseline);
  });
});
