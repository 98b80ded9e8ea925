import { randomUUID } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, assignHost, seedCampaign, seedHost, seedProduct, seedSession } from '../support/sessions-seed.js';

const local = (id: string) => decodeGlobalID(id).id;

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') (field += '"'), (index += 1);
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), (index += 1);
    } else field += char;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const REVIEW = `query($id: ID!) { sessionReview(id: $id) {
  session { id status }
  totals { metric value }
  targets { goalTitle metric target actual achievement }
  funnel { step count rateFromPrevious rateOfViewers }
  segments { title plannedDurationSeconds actualStart actualEnd actualDurationSeconds pv comments clicks paidOrders gmvPaid { amount currency } }
  products { title sku lineupPosition impressions clicks ctr addToCarts orders units gmvPaid { amount } refunds { amount } gmvShare }
  series { minute online pv comments ordersPaid gmvPaid { amount } }
  annotations { name at labelZh labelEn payload }
  sameHostSessions { sessions { session { id } gmvPaid { amount } uv conversionRate } average { gmvPaid uv } delta { gmvPaid uv } }
  sameCampaignSessions { sessions { session { id } } }
} }`;

describe('sessionReview and its CSV export', () => {
  let t: TestApp;
  let owner: SignedIn;
  let hostId: string;
  let campaignId: string;
  let goalId: string;
  let sessionId: string;
  let earlier: string[] = [];
  let products: { cream: string; serum: string };

  beforeAll(async () => {
    // The test evaluates the alert rule itself; the worker's own 2-second ticks would race it.
    t = await startTestApp({ role: 'api' });
    owner = await signUpOrg(t);
    hostId = await seedHost(t, owner.token);
    campaignId = await seedCampaign(t, owner.token, -24, 48);
    ({ goal: { id: goalId } } = await mutate(t, owner.token, 'createCampaignGoal', {
      campaignId, title: '成交额', horizon: 'MID', metric: 'GMV_PAID', target: 10_000_000,
    }, 'goal { id }'));
    products = {
      cream: await seedProduct(t, owner.token, 100, '=面霜, "限定" 款'),
      serum: await seedProduct(t, owner.token, 100, '精华\n第二行'),
    };

    // Two earlier shows of the same host in the same campaign.
    for (const [index, gmv] of [[0, 30_000], [1, 50_000]] as const) {
      const id = await showSession(index * 3, async (id) => {
        await ingest(id, [...joins(10 + index * 10), ...buy('viewer-0', products.cream, gmv / 100, 100)]);
      });
      earlier.push(id);
    }

    sessionId = await showSession(6, async (id) => {
      await mutate(t, owner.token, 'setSessionTargets', { goalId, targets: [{ sessionId: id, target: 100_000 }] }, 'goal { id }');
      await mutate(t, owner.token, 'createAlertRule', { sessionId: id, name: '评论', metric: 'COMMENTS', condition: 'ABOVE', threshold: 2, windowSeconds: 0 }, 'alertRule { id }');
      await ingest(id, [
        ...joins(40),
        ...[0, 1, 2].map((index) => ({ kind: 'COMMENT', viewer: `viewer-${index}`, text: '好看' })),
        ...Array.from({ length: 20 }, (_, index) => ({ kind: 'PRODUCT_IMPRESSION', viewer: `viewer-${index}`, product: local(products.cream) })),
        ...Array.from({ length: 8 }, (_, index) => ({ kind: 'PRODUCT_CLICK', viewer: `viewer-${index}`, product: local(products.cream) })),
        ...buy('viewer-1', products.cream, 2, 9_900),
        ...buy('viewer-2', products.cream, 1, 9_900),
      ]);
      await mutate(t, owner.token, 'advanceSegment', { sessionId: id, direction: 'NEXT' }, 'session { id }');
      await ingest(id, [
        { kind: 'VIEWER_JOINED', viewer: 'late-viewer' },
        { kind: 'COMMENT', viewer: 'late-viewer', text: '怎么买' },
        ...Array.from({ length: 4 }, (_, index) => ({ kind: 'PRODUCT_IMPRESSION', viewer: `viewer-${index}`, product: local(products.serum) })),
        { kind: 'PRODUCT_CLICK', viewer: 'viewer-3', product: local(products.serum) },
        ...buy('viewer-3', products.serum, 1, 19_900),
      ]);
      await t.app.services.alerts.evaluateSession(t.app.orm.em.fork(), local(id), new Date());
    });
  });
  afterAll(() => t.close());

  let eventNumber = 0;
  async function ingest(id: string, events: Record<string, unknown>[]): Promise<void> {
    const at = new Date().toISOString();
    const reply = await mutate(t, owner.token, 'ingestEvents', {
      sessionId: id,
      events: events.map((event) => ({ id: `e-${(eventNumber += 1)}-${randomUUID()}`, occurredAt: at, ...event })),
    }, 'acceptedCount rejected { reason }');
    expect(reply.rejected).toEqual([]);
  }
  const joins = (count: number) => Array.from({ length: count }, (_, index) => ({ kind: 'VIEWER_JOINED', viewer: `viewer-${index}` }));
  function buy(viewer: string, product: string, quantity: number, unitPrice: number) {
    const orderId = `order-${randomUUID()}`;
    return [
      { kind: 'ORDER_CREATED', viewer, orderId, amount: quantity * unitPrice, items: [{ product: local(product), quantity, unitPrice }] },
      { kind: 'ORDER_PAID', viewer, orderId },
    ];
  }

  /** A session of the host and campaign with a two-segment run-of-show, run from start to end. */
  async function showSession(startHour: number, during: (id: string) => Promise<void>): Promise<string> {
    const id = await seedSession(t, owner.token, { startHour, hours: 2, campaignId, title: `场次 ${startHour}` });
    expect((await assignHost(t, owner.token, id, hostId, 'MAIN')).__typename).toBe('AssignSessionHostPayload');
    await addProduct(t, owner.token, id, products.cream);
    await addProduct(t, owner.token, id, products.serum);
    for (const [title, productId] of [['讲面霜', products.cream], ['讲精华', products.serum]] as const) {
      await mutate(t, owner.token, 'createSegment', {
        sessionId: id, kind: 'PRODUCT_PITCH', title, plannedOffsetSeconds: title === '讲面霜' ? 0 : 1800, plannedDurationSeconds: 1800, productIds: [productId],
      }, 'segment { id }');
    }
    await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id }, 'session { id }');
    await during(id);
    await mutate(t, owner.token, 'endSession', { id }, 'session { id }');
    return id;
  }

  const review = async (token = owner.token) => (await t.gql<{ sessionReview: any }>(REVIEW, { id: sessionId }, token)).sessionReview;
  const total = (data: any, metric: string) => data.totals.find((row: any) => row.metric === metric)?.value;

  it('totals, targets and the funnel equal what was ingested', async () => {
    const data = await review();
    expect(data.session.status).toBe('ENDED');
    expect(total(data, 'PV')).toBe(41);
    expect(total(data, 'UV')).toBe(41);
    expect(total(data, 'COMMENTS')).toBe(4);
    expect(total(data, 'ORDERS')).toBe(3);
    expect(total(data, 'BUYERS')).toBe(3);
    expect(total(data, 'GMV_PAID')).toBe(2 * 9_900 + 9_900 + 19_900);
    expect(total(data, 'CONVERSION_RATE')).toBeCloseTo(3 / 41, 10);
    expect(data.targets).toEqual([{ goalTitle: '成交额', metric: 'GMV_PAID', target: 100_000, actual: 49_600, achievement: 0.496 }]);
    expect(data.funnel.map((step: any) => [step.step, step.count])).toEqual([
      ['ENTRIES', 41], ['VIEWERS', 41], ['PRODUCT_IMPRESSION_VIEWERS', 20], ['PRODUCT_CLICK_VIEWERS', 8], ['ORDERS_CREATED', 3], ['BUYERS', 3],
    ]);
    const clicks = data.funnel.find((step: any) => step.step === 'PRODUCT_CLICK_VIEWERS');
    expect(clicks.rateFromPrevious).toBeCloseTo(8 / 20, 10);
    expect(clicks.rateOfViewers).toBeCloseTo(8 / 41, 10);
    expect(data.funnel[0].rateFromPrevious).toBeNull();
  });

  it('splits segments and products as they happened', async () => {
    const data = await review();
    expect(data.segments.map((segment: any) => [segment.title, segment.pv, segment.comments, segment.paidOrders, segment.gmvPaid.amount])).toEqual([
      ['讲面霜', 40, 3, 2, 29_700],
      ['讲精华', 1, 1, 1, 19_900],
    ]);
    for (const segment of data.segments) {
      expect(segment.actualStart).not.toBeNull();
      expect(segment.actualDurationSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(data.segments[0].gmvPaid.currency).toBe('CNY');
    const [cream, serum] = data.products;
    expect(cream).toMatchObject({ title: '=面霜, "限定" 款', lineupPosition: 0, impressions: 20, clicks: 8, orders: 2, units: 3, gmvPaid: { amount: 29_700 } });
    expect(cream.ctr).toBeCloseTo(0.4, 10);
    expect(cream.gmvShare).toBeCloseTo(29_700 / 49_600, 10);
    expect(serum).toMatchObject({ title: '精华\n第二行', lineupPosition: 1, units: 1, gmvPaid: { amount: 19_900 } });
    const series = data.series;
    expect(series.reduce((sum: number, minute: any) => sum + minute.pv, 0)).toBe(41);
    expect(series.reduce((sum: number, minute: any) => sum + minute.gmvPaid.amount, 0)).toBe(49_600);
  });

  it('annotates the series with segment changes and alert firings in time order', async () => {
    const { annotations } = await review();
    const names = annotations.map((annotation: any) => annotation.name);
    const changes = annotations.filter((annotation: any) => annotation.name === 'segment.changed').map((annotation: any) => annotation.labelZh);
    expect(changes).toEqual(['切换到环节「讲面霜」', '切换到环节「讲精华」', '当前环节结束']);
    const fired = names.indexOf('alert.fired');
    expect(fired).toBeGreaterThan(names.indexOf('segment.changed'));
    expect(annotations[fired].labelZh).toContain('评论');
    expect(annotations[fired].labelEn).toMatch(/^Alert: .*above 2/);
    expect(names.indexOf('alert.cleared')).toBeGreaterThan(fired);
    const times = annotations.map((annotation: any) => Date.parse(annotation.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(names).not.toContain('comment.posted');
  });

  it('compares with the same host’s and campaign’s earlier sessions', async () => {
    const data = await review();
    const host = data.sameHostSessions;
    expect(host.sessions.map((row: any) => row.session.id)).toEqual([...earlier].reverse());
    expect(host.sessions.map((row: any) => [row.gmvPaid.amount, row.uv])).toEqual([[50_000, 20], [30_000, 10]]);
    expect(host.average).toEqual({ gmvPaid: 40_000, uv: 15 });
    expect(host.delta.gmvPaid).toBeCloseTo((49_600 - 40_000) / 40_000, 10);
    expect(host.delta.uv).toBeCloseTo((41 - 15) / 15, 10);
    expect(data.sameCampaignSessions.sessions).toHaveLength(2);
  });

  it('exports tables as UTF-8 CSV that parses back to the same values', async () => {
    const response = await fetch(`${t.url}/export/sessions/${encodeURIComponent(sessionId)}/products.csv`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="session-[0-9a-f]{8}-products\.csv"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, cream, serum] = parseCsv(bytes.toString('utf8').slice(1));
    expect(header).toContain('成交金额 GMV paid (CNY)');
    const column = (name: string) => header!.indexOf(name);
    expect(cream![column('商品 title')]).toBe(`'=面霜, "限定" 款`);
    expect(serum![column('商品 title')]).toBe('精华\n第二行');
    expect(cream![column('成交金额 GMV paid (CNY)')]).toBe('297.00');
    expect(cream![column('成交件数 units')]).toBe('3');
    expect(cream![column('点击率 CTR')]).toBe('0.4');

    const segments = parseCsv((await (await fetch(`${t.url}/export/sessions/${local(sessionId)}/segments.csv?token=${owner.token}`)).text()).slice(1));
    expect(segments.slice(1).map((row) => [row[1], row[13]])).toEqual([['讲面霜', '297.00'], ['讲精华', '199.00']]);

    for (const table of ['series', 'annotations', 'summary']) {
      const text = await (await fetch(`${t.url}/export/sessions/${sessionId}/${table}.csv?token=${owner.token}`)).text();
      expect(parseCsv(text.slice(1)).length, table).toBeGreaterThan(1);
    }
    const summary = parseCsv((await (await fetch(`${t.url}/export/sessions/${sessionId}/summary.csv?token=${owner.token}`)).text()).slice(1));
    expect(summary.find((row) => row[0] === 'GMV_PAID')!.slice(3)).toEqual(['496.00', '1000.00', '0.496']);
  });

  it('reads a review with the same number of statements whatever the size of the session', async () => {
    const count = async (id: string) => {
      t.sql.reset();
      await t.gql(REVIEW, { id }, owner.token);
      return t.sql.statements.length;
    };
    const small = await count(earlier[1]!);
    expect(await count(sessionId)).toBe(small);
    expect(small).toBeLessThanOrEqual(16);
  });

  it('refuses anonymous callers, bad tokens, unknown tables and other organizations', async () => {
    const url = `${t.url}/export/sessions/${sessionId}/products.csv`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await anonymous.json()).error).toBe('unauthenticated');
    expect((await fetch(`${url}?token=nope`)).status).toBe(401);
    expect((await fetch(`${t.url}/export/sessions/${sessionId}/orders.csv?token=${owner.token}`)).status).toBe(404);
    expect((await fetch(`${t.url}/export/sessions/not-an-id/products.csv?token=${owner.token}`)).status).toBe(404);

    const stranger = await signUpOrg(t);
    const foreign = await fetch(url, { headers: { authorization: `Bearer ${stranger.token}` } });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: 'not found' });
    const result = await t.request(REVIEW, { id: sessionId }, stranger.token);
    expect(result.errors?.[0]?.message).toMatch(/^LiveSession .* was not found$/);
  });
});
