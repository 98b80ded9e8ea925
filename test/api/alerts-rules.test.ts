import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, issuePaths, seedProduct, seedSession } from '../support/sessions-seed.js';

const RULE = 'alertRule { id name metric condition threshold windowSeconds cooldownSeconds enabled expectedPerMinute session { id } product { id } }';

describe('alert rules', () => {
  let t: TestApp;
  let owner: SignedIn;
  let sessionId: string;
  let onLineup: string;
  let offLineup: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    sessionId = await seedSession(t, owner.token);
    onLineup = await seedProduct(t, owner.token);
    offLineup = await seedProduct(t, owner.token);
    await addProduct(t, owner.token, sessionId, onLineup);
  });
  afterAll(() => t.close());

  const create = (input: Record<string, unknown>, token = owner.token) => mutateResult(t, token, 'createAlertRule', input, RULE);

  it('creates session and organization-wide rules with defaults, and lists them by session', async () => {
    const { alertRule } = await mutate(t, owner.token, 'createAlertRule', {
      sessionId, name: '在线下跌', metric: 'ONLINE_VIEWERS', condition: 'DROP_PERCENT', threshold: 30,
    }, RULE);
    expect(alertRule).toMatchObject({ windowSeconds: 300, cooldownSeconds: 300, enabled: true, session: { id: sessionId }, product: null });
    const { alertRule: orgWide } = await mutate(t, owner.token, 'createAlertRule', {
      name: 'GMV 落后', metric: 'GMV_PAID', condition: 'BELOW_PACE', threshold: 0.8,
    }, RULE);
    expect(orgWide.session).toBeNull();

    const list = async (filter: Record<string, unknown>) =>
      (await t.gql<{ alertRules: any }>('query($filter: AlertRuleFilter) { alertRules(filter: $filter) { totalCount edges { node { id } } } }', { filter }, owner.token)).alertRules;
    expect((await list({ sessionId })).edges.map((edge: any) => edge.node.id)).toEqual([alertRule.id]);
    expect((await list({ sessionId, includeOrganizationRules: true })).totalCount).toBe(2);

    const { alertRule: updated } = await mutate(t, owner.token, 'updateAlertRule', { id: alertRule.id, threshold: 40, enabled: false }, RULE);
    expect(updated).toMatchObject({ threshold: 40, enabled: false, condition: 'DROP_PERCENT', windowSeconds: 300 });
    expect((await list({ enabled: false })).totalCount).toBe(1);
  });

  it('reports invalid rules with the path of each field', async () => {
    const unknownMetric = await create({ sessionId, name: 'x', metric: 'NOT_A_METRIC', condition: 'ABOVE', threshold: 1 });
    expect(unknownMetric.__typename).toBe('ValidationError');
    expect(issuePaths(unknownMetric)).toEqual(['input.metric']);

    const shortWindow = await create({ sessionId, name: 'x', metric: 'COMMENTS', condition: 'RISE_PERCENT', threshold: 50, windowSeconds: 30 });
    expect(issuePaths(shortWindow)).toEqual(['input.windowSeconds']);
    const longWindow = await create({ sessionId, name: 'x', metric: 'ONLINE_VIEWERS', condition: 'DROP_PERCENT', threshold: 50, windowSeconds: 7200 });
    expect(issuePaths(longWindow)).toEqual(['input.windowSeconds']);
    const rateChange = await create({ sessionId, name: 'x', metric: 'CONVERSION_RATE', condition: 'DROP_PERCENT', threshold: 50 });
    expect(issuePaths(rateChange)).toEqual(['input.metric']);

    const noProduct = await create({ sessionId, name: 'x', metric: 'GMV_PAID', condition: 'PRODUCT_BELOW_EXPECTED', threshold: 0.5 });
    expect(issuePaths(noProduct)).toEqual(['input.productId']);
    const notOnLineup = await create({ sessionId, name: 'x', metric: 'GMV_PAID', condition: 'PRODUCT_BELOW_EXPECTED', threshold: 0.5, productId: offLineup });
    expect(issuePaths(notOnLineup)).toEqual(['input.productId']);
    expect(notOnLineup.issues[0].message).toMatch(/lineup/);
    const noRate = await create({ sessionId, name: 'x', metric: 'UNITS_PAID', condition: 'PRODUCT_BELOW_EXPECTED', threshold: 0.5, productId: onLineup });
    expect(issuePaths(noRate)).toEqual(['input.expectedPerMinute']);
    const productElsewhere = await create({ sessionId, name: 'x', metric: 'UV', condition: 'ABOVE', threshold: 1, productId: onLineup });
    expect(issuePaths(productElsewhere)).toEqual(['input.productId']);
    const several = await create({ sessionId, name: ' ', metric: 'UV', condition: 'ABOVE', threshold: -1, cooldownSeconds: -5 });
    expect(issuePaths(several).sort()).toEqual(['input.cooldownSeconds', 'input.name', 'input.threshold']);

    const { alertRule } = await mutate(t, owner.token, 'createAlertRule', {
      sessionId, name: '面霜', metric: 'UNITS_PAID', condition: 'PRODUCT_BELOW_EXPECTED', threshold: 0.5, productId: onLineup, expectedPerMinute: 2,
    }, RULE);
    expect(alertRule).toMatchObject({ product: { id: onLineup }, expectedPerMinute: 2 });
    const switched = await mutateResult(t, owner.token, 'updateAlertRule', { id: alertRule.id, condition: 'RISE_PERCENT' }, RULE);
    expect(issuePaths(switched).sort()).toEqual(['input.expectedPerMinute', 'input.metric', 'input.productId']);
  });

  it('lets only editors change rules', async () => {
    const analyst = await addMember(t, owner, 'ANALYST');
    const refused = await create({ name: 'x', metric: 'UV', condition: 'ABOVE', threshold: 1 }, analyst.token);
    expect(refused).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const readable = await t.gql<{ alertRules: any }>('{ alertRules { totalCount } }', {}, analyst.token);
    expect(readable.alertRules.totalCount).toBeGreaterThan(0);
  });

  it('keeps rules and alerts of another organization out of reach', async () => {
    const { alertRule } = await mutate(t, owner.token, 'createAlertRule', { sessionId, name: '私有', metric: 'UV', condition: 'ABOVE', threshold: 1 }, RULE);
    const stranger = await signUpOrg(t);
    const read = await t.gql<{ node: unknown; alertRules: any }>(
      'query($id: ID!) { node(id: $id) { id } alertRules { totalCount } }',
      { id: alertRule.id },
      stranger.token,
    );
    expect(read).toEqual({ node: null, alertRules: { totalCount: 0 } });
    const update = await mutateResult(t, stranger.token, 'updateAlertRule', { id: alertRule.id, threshold: 5 }, RULE);
    expect(update).toMatchObject({ __typename: 'NotFoundError' });
    const remove = await mutateResult(t, stranger.token, 'deleteAlertRule', { id: alertRule.id }, 'deletedId');
    expect(remove).toMatchObject({ __typename: 'NotFoundError' });
    const onForeignSession = await create({ sessionId, name: 'x', metric: 'UV', condition: 'ABOVE', threshold: 1 }, stranger.token);
    expect(onForeignSession).toMatchObject({ __typename: 'NotFoundError' });
    const alerts = await t.gql<{ node: unknown }>('query($id: ID!) { node(id: $id) { ... on LiveSession { alerts { id } } } }', { id: sessionId }, stranger.token);
    expect(alerts.node).toBeNull();

    const { deletedId } = await mutate(t, owner.token, 'deleteAlertRule', { id: alertRule.id }, 'deletedId');
    expect(deletedId).toBe(alertRule.id);
    const gone = await t.gql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: alertRule.id }, owner.token);
    expect(gone.node).toBeNull();
  });
});
