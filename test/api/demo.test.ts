import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_EMAIL, DEMO_PASSWORD } from '@broadcart/api';
import { mutate } from '../support/seed.js';
import { localSessionId, readStoredMetrics, recomputeSessionMetrics } from '../support/metrics-recompute.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('demo organization', () => {
  let t: TestApp;
  let token: string;
  const now = new Date('2026-12-01T04:00:00Z');

  beforeAll(async () => {
    t = await startTestApp();
    expect(await seedDemo(t.app, now)).toBe(true);
    token = (await mutate(t, null, 'signIn', { email: DEMO_EMAIL, password: DEMO_PASSWORD }, 'token')).token;
  });
  afterAll(() => t.close());

  it('is seeded only into an empty database', async () => {
    expect(await seedDemo(t.app, now)).toBe(false);
  });

  it('has 3 hosts with training history and 20 products', async () => {
    const data = await t.gql('{ hosts { totalCount edges { node { name trainingRecords { topic score } } } } products { totalCount } }', {}, token);
    expect(data.hosts.totalCount).toBe(3);
    for (const edge of data.hosts.edges) expect(edge.node.trainingRecords.length).toBeGreaterThanOrEqual(2);
    expect(data.products.totalCount).toBe(20);
  });

  it('has a campaign with a goal tree split onto its sessions', async () => {
    const data = await t.gql(
      '{ campaigns { totalCount edges { node { name goals { metric children { metric } split { addsUp message } } } } } }',
      {},
      token,
    );
    expect(data.campaigns.totalCount).toBe(1);
    const goals = data.campaigns.edges[0].node.goals;
    const gmv = goals.find((goal: any) => goal.metric === 'GMV_PAID');
    expect(gmv.children.map((child: any) => child.metric)).toEqual(['UV', 'INTERACTION_RATE', 'CONVERSION_RATE']);
    expect(gmv.split.addsUp).toBe(false);
    expect(goals.map((goal: any) => goal.metric)).toEqual(expect.arrayContaining(['REPURCHASE_RATE', 'NEW_FOLLOWERS']));
  });

  it('has three sessions: one reviewed, one tomorrow with a full run-of-show and checklist, one draft', async () => {
    const data = await t.gql(
      `{ liveSessions(orderBy: { field: SCHEDULED_START }) { edges { node {
          status scheduledStart hosts { role host { name } } lineup { confirmed } segments { kind productIds: products { id } }
          checklist { title dueAt } warmUpPosts { channel }
      } } } }`,
      {},
      token,
    );
    const sessions = data.liveSessions.edges.map((edge: any) => edge.node);
    expect(sessions.map((s: any) => s.status)).toEqual(['REVIEWED', 'SCHEDULED', 'DRAFT']);
    const tomorrow = sessions[1];
    expect(new Date(tomorrow.scheduledStart).toISOString()).toBe('2026-12-02T12:00:00.000Z');
    expect(tomorrow.hosts.map((h: any) => h.role).sort()).toEqual(['ASSISTANT', 'MAIN']);
    expect(tomorrow.lineup).toHaveLength(8);
    expect(tomorrow.lineup.every((item: any) => item.confirmed)).toBe(true);
    expect(tomorrow.segments.map((s: any) => s.kind)).toEqual(['WARM_UP', 'PRODUCT_PITCH', 'INTERACTION', 'PRODUCT_PITCH', 'FLASH_SALE', 'GIVEAWAY', 'PRODUCT_PITCH', 'QA', 'CLOSING']);
    expect(tomorrow.checklist.length).toBeGreaterThanOrEqual(6);
    expect(tomorrow.warmUpPosts).toHaveLength(3);
  });
});

describe('demo organization seeded at the current time', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    expect(await seedDemo(t.app)).toBe(true);
    token = (await mutate(t, null, 'signIn', { email: DEMO_EMAIL, password: DEMO_PASSWORD }, 'token')).token;
  });
  afterAll(() => t.close());

  it('gives the past show an audience history whose review has numbers in every table', async () => {
    const sessions = await t.gql('{ liveSessions(filter: { status: [REVIEWED] }) { edges { node { id } } } }', {}, token);
    const id = sessions.liveSessions.edges[0].node.id as string;
    const { sessionReview: review } = await t.gql(
      `query($id: ID!) { sessionReview(id: $id) {
        totals { metric value }
        segments { title pv comments clicks paidOrders }
        products { sku clicks gmvPaid { amount } }
        series { minute pv }
        annotations { name }
      } }`,
      { id },
      token,
    );
    const total = (metric: string) => review.totals.find((row: { metric: string }) => row.metric === metric)?.value as number;
    expect(total('UV')).toBeGreaterThan(30);
    expect(total('COMMENTS')).toBeGreaterThan(0);
    expect(total('GMV_PAID')).toBeGreaterThan(0);
    // Each segment's events were ingested while it was on air, so each segment has its own viewers.
    expect(review.segments).toHaveLength(3);
    for (const segment of review.segments) expect(segment.pv, segment.title).toBeGreaterThan(0);
    // Product interest only happens in the pitch segment, which features the lineup.
    expect(review.segments[1].clicks).toBeGreaterThan(0);
    expect(review.segments[0].clicks + review.segments[2].clicks).toBe(0);
    expect(review.products.filter((product: { clicks: number }) => product.clicks > 0).length).toBeGreaterThan(1);
    // Three hours of minutes, and the operator's segment changes on the timeline.
    expect(review.series.length).toBeGreaterThanOrEqual(180);
    expect(review.annotations.filter((annotation: { name: string }) => annotation.name === 'segment.changed').length).toBeGreaterThanOrEqual(3);

    const session = localSessionId(id);
    const [stored, recomputed] = await Promise.all([readStoredMetrics(t.databaseUrl, session), recomputeSessionMetrics(t.databaseUrl, session)]);
    expect(stored).toEqual(recomputed);
  });
});
