import { randomUUID } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, seedCampaign, seedProduct, seedSession } from '../support/sessions-seed.js';

const local = (id: string) => decodeGlobalID(id).id;
const minute = 60_000;

describe('alert evaluation', () => {
  let t: TestApp;
  let owner: SignedIn;
  const clients: Client[] = [];

  beforeAll(async () => {
    // Evaluation is driven with chosen instants here; the worker's own 2-second ticks would race them.
    t = await startTestApp({ role: 'api' });
    owner = await signUpOrg(t);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  afterAll(() => t.close());

  /**
   * A LIVE session whose show (and first segment) started at `start`, a whole minute some time in
   * the past, so events can be stamped on a timeline the evaluator is then run along.
   */
  async function liveSession(options: { campaignId?: string; productIds?: string[] } = {}): Promise<{ id: string; start: Date }> {
    const id = await seedSession(t, owner.token, { startHour: 0, hours: 2, ...(options.campaignId ? { campaignId: options.campaignId } : {}) });
    for (const productId of options.productIds ?? []) await addProduct(t, owner.token, id, productId);
    await mutate(t, owner.token, 'createSegment', {
      sessionId: id, kind: 'PRODUCT_PITCH', title: '讲品', plannedOffsetSeconds: 0, plannedDurationSeconds: 1200, productIds: options.productIds ?? [],
    }, 'segment { id }');
    await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id }, 'session { id }');
    const start = new Date(Math.floor(Date.now() / minute) * minute - 60 * minute);
    await t.app.orm.em.getConnection().execute(
      'update live_sessions set actual_start = ?, current_segment_since = ? where id = ?',
      [start, start, local(id)],
    );
    return { id, start };
  }

  async function ingest(sessionId: string, events: Record<string, unknown>[]): Promise<void> {
    const reply = await mutate(t, owner.token, 'ingestEvents', {
      sessionId,
      events: events.map((event) => ({ id: randomUUID(), ...event, occurredAt: (event.occurredAt as Date).toISOString() })),
    }, 'acceptedCount rejected { reason }');
    expect(reply.rejected).toEqual([]);
  }

  const after = (start: Date, minutes: number, seconds = 0) => new Date(start.getTime() + minutes * minute + seconds * 1000);
  const evaluate = (id: string, now: Date) => t.app.services.alerts.evaluateSession(t.app.orm.em.fork(), local(id), now);

  async function alertsOf(id: string, active?: boolean) {
    const data = await t.gql<{ node: { alerts: any[] } }>(
      `query($id: ID!, $active: Boolean) { node(id: $id) { ... on LiveSession { alerts(active: $active) {
        id active value threshold messageZh messageEn version firedAt clearedAt rule { id name }
      } } } }`,
      { id, active },
      owner.token,
    );
    return data.node.alerts;
  }

  async function createRule(input: Record<string, unknown>): Promise<string> {
    const { alertRule } = await mutate(t, owner.token, 'createAlertRule', input, 'alertRule { id }');
    return alertRule.id;
  }

  it('fires when online viewers drop 30% within 5 minutes, clears when they recover, and respects the cooldown', async () => {
    const { id, start } = await liveSession();
    const ruleId = await createRule({
      sessionId: id, name: '在线下跌', metric: 'ONLINE_VIEWERS', condition: 'DROP_PERCENT', threshold: 30, windowSeconds: 300, cooldownSeconds: 300,
    });
    await ingest(id, [800, 1000, 1000, 1000, 1000, 900, 800, 690].map((count, index) => ({ kind: 'VIEWER_COUNT', count, occurredAt: after(start, index, 10) })));

    const fired = await evaluate(id, after(start, 7, 30));
    expect(fired.map((decision) => decision.kind)).toEqual(['FIRE']);
    const [alert] = await alertsOf(id, true);
    expect(alert).toMatchObject({ active: true, threshold: 30, version: 1, rule: { id: ruleId, name: '在线下跌' } });
    expect(alert.value).toBeCloseTo(31, 5);
    expect(alert.messageZh).toContain('5分钟内下降 31.0%');
    expect(alert.messageEn).toContain('dropped 31.0% in 5 min');
    // Still breached: nothing new.
    expect(await evaluate(id, after(start, 7, 35))).toEqual([]);

    await ingest(id, [{ kind: 'VIEWER_COUNT', count: 950, occurredAt: after(start, 7, 40) }]);
    expect((await evaluate(id, after(start, 7, 45))).map((decision) => decision.kind)).toEqual(['CLEAR']);
    expect(await alertsOf(id, true)).toEqual([]);
    const [cleared] = await alertsOf(id, false);
    expect(cleared).toMatchObject({ id: alert.id, active: false, version: 2 });

    // Down again within the cooldown of the first firing: no second alert yet.
    await ingest(id, [{ kind: 'VIEWER_COUNT', count: 600, occurredAt: after(start, 8, 0) }]);
    expect(await evaluate(id, after(start, 8, 10))).toEqual([]);
    await ingest(id, [{ kind: 'VIEWER_COUNT', count: 600, occurredAt: after(start, 12, 30) }]);
    expect((await evaluate(id, after(start, 12, 35))).map((decision) => decision.kind)).toEqual(['FIRE']);
    expect(await alertsOf(id)).toHaveLength(2);
  });

  it('records alert.fired and alert.cleared in the outbox with the session', async () => {
    const { id, start } = await liveSession();
    await createRule({ sessionId: id, name: '评论过多', metric: 'COMMENTS', condition: 'ABOVE', threshold: 1, windowSeconds: 0 });
    await ingest(id, ['a', 'b'].map((text, index) => ({ kind: 'COMMENT', viewer: `v${index}`, text, occurredAt: after(start, 1) })));
    await evaluate(id, after(start, 2));
    await t.app.orm.em.getConnection().execute('update alert_rules set threshold = 10 where session_id = ?', [local(id)]);
    await evaluate(id, after(start, 3));
    const rows = await t.app.orm.em.getConnection().execute<{ name: string; payload: any }[]>(
      `select name, payload from domain_events where session_id = ? and name like 'alert.%' order by seq`,
      [local(id)],
    );
    expect(rows.map((row) => row.name)).toEqual(['alert.fired', 'alert.cleared']);
    expect(rows[0]!.payload).toMatchObject({ metric: 'COMMENTS', value: 2, threshold: 1 });
    expect(rows[1]!.payload.alertId).toBe(rows[0]!.payload.alertId);
  });

  it('fires when conversion is below the session target pace and clears once buyers catch up', async () => {
    const campaignId = await seedCampaign(t, owner.token, -24, 48);
    const { goal } = await mutate(t, owner.token, 'createCampaignGoal', {
      campaignId, title: '转化率', horizon: 'MID', metric: 'CONVERSION_RATE', target: 0.02,
    }, 'goal { id }');
    const { id, start } = await liveSession({ campaignId });
    await mutate(t, owner.token, 'setSessionTargets', { goalId: goal.id, targets: [{ sessionId: id, target: 0.02 }] }, 'goal { id }');
    await createRule({ sessionId: id, name: '转化落后', metric: 'CONVERSION_RATE', condition: 'BELOW_PACE', threshold: 1, windowSeconds: 600 });
    const product = await seedProduct(t, owner.token);
    const viewers = Array.from({ length: 100 }, (_, index) => ({ kind: 'VIEWER_JOINED', viewer: `viewer-${index}`, occurredAt: after(start, 1) }));
    const buy = (viewer: string, at: Date) => [
      { kind: 'ORDER_CREATED', viewer, orderId: `order-${viewer}`, amount: 9900, items: [{ product: local(product), quantity: 1, unitPrice: 9900 }], occurredAt: at },
      { kind: 'ORDER_PAID', viewer, orderId: `order-${viewer}`, occurredAt: at },
    ];
    await ingest(id, [...viewers, ...buy('viewer-1', after(start, 2))]);

    // 1% against 2%, but not within the 10-minute grace period.
    expect(await evaluate(id, after(start, 5))).toEqual([]);
    const [fired] = await evaluate(id, after(start, 11));
    expect(fired).toMatchObject({ kind: 'FIRE', value: 0.01, threshold: 0.02 });
    expect((await alertsOf(id, true))[0].messageZh).toContain('低于目标进度 2.00%');

    await ingest(id, [...buy('viewer-2', after(start, 12)), ...buy('viewer-3', after(start, 12))]);
    expect((await evaluate(id, after(start, 13))).map((decision) => decision.kind)).toEqual(['CLEAR']);
  });

  it('fires when a product sells below its expected rate during its own segment', async () => {
    const slow = await seedProduct(t, owner.token, 100, '慢销面霜');
    const other = await seedProduct(t, owner.token, 100, '爆款精华');
    const { id, start } = await liveSession({ productIds: [slow, other] });
    await createRule({
      sessionId: id, name: '面霜卖得慢', metric: 'GMV_PAID', condition: 'PRODUCT_BELOW_EXPECTED', productId: slow,
      threshold: 0.5, expectedPerMinute: 10_000, windowSeconds: 60,
    });
    const order = (orderId: string, product: string, quantity: number, at: Date) => [
      { kind: 'ORDER_CREATED', viewer: orderId, orderId, amount: 9900 * quantity, items: [{ product: local(product), quantity, unitPrice: 9900 }], occurredAt: at },
      { kind: 'ORDER_PAID', viewer: orderId, orderId, occurredAt: at },
    ];
    await ingest(id, [...order('o-1', slow, 1, after(start, 1)), ...order('o-2', other, 5, after(start, 1))]);

    // 9,900 over 4 minutes is 2,475 a minute, under half of 10,000.
    const [fired] = await evaluate(id, after(start, 4));
    expect(fired).toMatchObject({ kind: 'FIRE', threshold: 5_000 });
    expect(fired!.kind === 'FIRE' && fired!.value).toBeCloseTo(2_475, 5);
    const [alert] = await alertsOf(id, true);
    expect(alert.messageZh).toContain('慢销面霜');
    expect(alert.messageEn).toContain('CNY 24.75');

    await ingest(id, order('o-3', slow, 3, after(start, 4, 10)));
    expect((await evaluate(id, after(start, 4, 30))).map((decision) => decision.kind)).toEqual(['CLEAR']);
  });

  it('applies organization-wide rules to every live session and clears what is open when the show ends', async () => {
    const { id, start } = await liveSession();
    const ruleId = await createRule({ name: '全场评论', metric: 'COMMENTS', condition: 'ABOVE', threshold: 0, windowSeconds: 0 });
    await ingest(id, [{ kind: 'COMMENT', viewer: 'v', text: '好', occurredAt: after(start, 1) }]);
    await evaluate(id, after(start, 2));
    const [open] = await alertsOf(id, true);
    expect(open.rule.id).toBe(ruleId);
    const { alert: acknowledged } = await mutate(t, owner.token, 'acknowledgeAlert', { id: open.id }, 'alert { active version acknowledgedAt acknowledgedBy { id } }');
    expect(acknowledged).toMatchObject({ active: true, version: 2, acknowledgedBy: { id: owner.memberId } });
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    await mutate(t, owner.token, 'endSession', { id }, 'session { id }');
    expect(await alertsOf(id, true)).toEqual([]);
    await mutate(t, owner.token, 'deleteAlertRule', { id: ruleId }, 'deletedId');
  });

  it('pushes fired and cleared alerts to subscribers of the session with growing versions', async () => {
    const { id, start } = await liveSession();
    await createRule({ sessionId: id, name: '点赞', metric: 'LIKES', condition: 'ABOVE', threshold: 5, windowSeconds: 0 });
    const client = createClient({
      url: `${t.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${owner.token}` },
      retryAttempts: 0,
    });
    clients.push(client);
    const iterator = client
      .iterate<{ alerts: { version: number; alert: { active: boolean; messageEn: string } } }>({
        query: 'subscription($id: ID!) { alerts(sessionId: $id) { version alert { active messageEn } } }',
        variables: { id },
      })
      [Symbol.asyncIterator]();
    const deadline = Date.now() + 5000;
    while (t.app.services.realtime.subscriberCount('session:alerts', local(id)) === 0) {
      if (Date.now() > deadline) throw new Error('the subscription was never registered');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await ingest(id, [{ kind: 'LIKE', viewer: 'v', count: 10, occurredAt: after(start, 1) }]);
    await evaluate(id, after(start, 2));
    const first = await iterator.next();
    expect(first.value.data.alerts).toMatchObject({ version: 1, alert: { active: true } });
    expect(first.value.data.alerts.alert.messageEn).toContain('above 5');
    await t.app.orm.em.getConnection().execute('update alert_rules set enabled = false where session_id = ?', [local(id)]);
    await evaluate(id, after(start, 3));
    const second = await iterator.next();
    expect(second.value.data.alerts).toMatchObject({ version: 2, alert: { active: false } });

    const stranger = await signUpOrg(t);
    const foreign = createClient({
      url: `${t.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${stranger.token}` },
      retryAttempts: 0,
    });
    clients.push(foreign);
    const refused = await foreign.iterate({ query: 'subscription($id: ID!) { alerts(sessionId: $id) { version } }', variables: { id } })[Symbol.asyncIterator]().next();
    expect((refused.value as { errors?: { message: string }[] }).errors?.[0]?.message).toMatch(/^LiveSession .* was not found$/);
  });
});

describe('alert evaluation in the worker role', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('evaluates the rules of live sessions every 2 seconds by itself', async () => {
    expect(t.app.services.scheduler.names()).toContain('alerts.evaluate');
    const id = await seedSession(t, owner.token, { startHour: 0 });
    await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id }, 'session { id }');
    await mutate(t, owner.token, 'createAlertRule', { sessionId: id, name: '有评论', metric: 'COMMENTS', condition: 'ABOVE', threshold: 0, windowSeconds: 0 }, 'alertRule { id }');
    const reply = await mutate(t, owner.token, 'ingestEvents', {
      sessionId: id, events: [{ id: randomUUID(), kind: 'COMMENT', viewer: 'v', text: '来了', occurredAt: new Date().toISOString() }],
    }, 'rejected { reason }');
    expect(reply.rejected).toEqual([]);
    const deadline = Date.now() + 10_000;
    let alerts: unknown[] = [];
    while (!alerts.length) {
      if (Date.now() > deadline) throw new Error('the worker never fired the alert');
      await new Promise((resolve) => setTimeout(resolve, 100));
      alerts = (await t.gql<{ node: { alerts: unknown[] } }>('query($id: ID!) { node(id: $id) { ... on LiveSession { alerts(active: true) { id } } } }', { id }, owner.token)).node.alerts;
    }
    expect(alerts).toHaveLength(1);

    // Ending the show clears the alert in its transaction; the notice follows through the durable bus.
    const client = createClient({
      url: `${t.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${owner.token}` },
      retryAttempts: 0,
    });
    try {
      const iterator = client
        .iterate<{ alerts: { version: number; alert: { active: boolean } } }>({ query: 'subscription($id: ID!) { alerts(sessionId: $id) { version alert { active } } }', variables: { id } })
        [Symbol.asyncIterator]();
      const registered = Date.now() + 5000;
      while (t.app.services.realtime.subscriberCount('session:alerts', local(id)) === 0) {
        if (Date.now() > registered) throw new Error('the subscription was never registered');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await mutate(t, owner.token, 'endSession', { id }, 'session { id }');
      const cleared = await iterator.next();
      expect(cleared.value.data.alerts).toMatchObject({ version: 2, alert: { active: false } });
    } finally {
      await client.dispose();
    }
  });
});

describe('alert evaluation cost', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  /** A LIVE session with a lineup product, a segment featuring it, a target, and one rule of every condition (none breached). */
  async function watchedSession(startHour: number, campaignId: string): Promise<void> {
    const id = await seedSession(t, owner.token, { startHour, hours: 2, campaignId });
    const product = await seedProduct(t, owner.token);
    await addProduct(t, owner.token, id, product);
    await mutate(t, owner.token, 'createSegment', {
      sessionId: id, kind: 'PRODUCT_PITCH', title: '讲品', plannedOffsetSeconds: 0, plannedDurationSeconds: 600, productIds: [product],
    }, 'segment { id }');
    await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id }, 'session { id }');
    const rules = [
      { metric: 'UV', condition: 'ABOVE', threshold: 1e9 },
      { metric: 'ONLINE_VIEWERS', condition: 'DROP_PERCENT', threshold: 50 },
      { metric: 'COMMENTS', condition: 'RISE_PERCENT', threshold: 50 },
      { metric: 'GMV_PAID', condition: 'BELOW_PACE', threshold: 0.5, windowSeconds: 3600 },
      { metric: 'GMV_PAID', condition: 'PRODUCT_BELOW_EXPECTED', threshold: 0.5, productId: product, windowSeconds: 3600 },
    ];
    for (const [index, rule] of rules.entries()) {
      await mutate(t, owner.token, 'createAlertRule', { sessionId: id, name: `rule ${index}`, ...rule }, 'alertRule { id }');
    }
  }

  it('reads live sessions in the same number of statements whatever the number of sessions and rules', async () => {
    const campaignId = await seedCampaign(t, owner.token, -24, 72);
    await watchedSession(0, campaignId);
    const count = async () => {
      t.sql.reset();
      expect(await t.app.services.alerts.evaluateLive(t.app.orm.em.fork(), new Date())).toEqual([]);
      return t.sql.statements.length;
    };
    const one = await count();
    await watchedSession(3, campaignId);
    await watchedSession(6, campaignId);
    expect(await count()).toBe(one);
    expect(one).toBeLessThanOrEqual(8);
  });
});
