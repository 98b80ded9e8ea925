import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { pruneAudienceEvents } from '@broadcart/api';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { seedProduct, seedSession } from '../support/sessions-seed.js';
import { comments, seedScheduledSession } from '../support/ingest.js';

const REPLY = `acceptedCount duplicateCount rejectedCount accepted { index id seq } duplicates { index id } rejected { index id reason field }`;

describe('ingestEvents', () => {
  let t: TestApp;
  let owner: SignedIn;
  let sessionId: string;

  const ingest = (token: string, session: string, events: unknown[]) => mutateResult(t, token, 'ingestEvents', { sessionId: session, events }, REPLY);

  /** Rows of the log for the session, by event id. */
  async function logOf(session: string): Promise<Record<string, any>[]> {
    return t.app.orm.em
      .fork()
      .getConnection()
      .execute('select * from audience_events where session_id = ? order by seq', [decodeGlobalID(session).id]);
  }

  beforeAll(async () => {
    // No worker loops: their transactions would interleave with the flush in the statement log.
    t = await startTestApp({ role: 'api' });
    owner = await signUpOrg(t);
    sessionId = await seedScheduledSession(t, owner.token);
  }, 60_000);
  afterAll(() => t.close());

  it('stores a batch once: sending it again reports every event as a duplicate and the log holds each event once', async () => {
    const session = await seedScheduledSession(t, owner.token);
    const events = comments('idem', 30);
    const first = await ingest(owner.token, session, events);
    expect(first).toMatchObject({ __typename: 'IngestEventsPayload', acceptedCount: 30, duplicateCount: 0, rejectedCount: 0 });
    expect(first.accepted.map((entry: any) => entry.index)).toEqual(events.map((_, index) => index));
    const second = await ingest(owner.token, session, events);
    expect(second).toMatchObject({ acceptedCount: 0, duplicateCount: 30, rejectedCount: 0 });
    expect(second.duplicates.map((entry: any) => entry.id).sort()).toEqual(events.map((event) => event.id).sort());

    const log = await logOf(session);
    expect(log.map((row) => row.event_id).sort()).toEqual(events.map((event) => event.id).sort());
    expect(new Set(log.map((row) => row.source))).toEqual(new Set(['api']));
    expect(log.map((row) => Number(row.seq))).toEqual(first.accepted.map((entry: any) => entry.seq).sort((a: number, b: number) => a - b));
  });

  it('counts an id repeated within one batch once', async () => {
    const [event] = comments('twice', 1);
    const reply = await ingest(owner.token, sessionId, [event, event]);
    expect(reply).toMatchObject({ acceptedCount: 1, duplicateCount: 1, duplicates: [{ index: 1, id: 'twice-0' }] });
  });

  it('keeps the good events of a batch and names the field of each bad one', async () => {
    const productId = await seedProduct(t, owner.token);
    const { product } = await t.gql<{ product: any }>(`query($id: ID!) { product: node(id: $id) { ... on Product { sku } } }`, { id: productId }, owner.token);
    const now = new Date().toISOString();
    const events = [
      { id: 'ok-comment', kind: 'COMMENT', occurredAt: now, viewer: 'u1', text: '有货吗', region: '浙江' },
      { id: 'no-text', kind: 'COMMENT', occurredAt: now, viewer: 'u1' },
      { id: 'ok-like', kind: 'LIKE', occurredAt: now, viewer: 'u2', count: 25 },
      { id: 'zero-like', kind: 'LIKE', occurredAt: now, viewer: 'u2', count: 0 },
      { id: 'ok-click-global', kind: 'PRODUCT_CLICK', occurredAt: now, viewer: 'u3', product: productId },
      { id: 'ok-click-sku', kind: 'PRODUCT_IMPRESSION', occurredAt: now, viewer: 'u3', product: product.sku },
      { id: 'unknown-product', kind: 'ADD_TO_CART', occurredAt: now, viewer: 'u3', product: 'NO-SUCH-SKU' },
      { id: 'future', kind: 'SHARE', occurredAt: new Date(Date.now() + 10 * 60_000).toISOString(), viewer: 'u4' },
      { id: 'no-viewer', kind: 'FOLLOW', occurredAt: now },
      { id: 'ok-count', kind: 'VIEWER_COUNT', occurredAt: now, count: 1234 },
      { id: 'no-amount', kind: 'ORDER_CREATED', occurredAt: now, viewer: 'u5', orderId: 'o-1' },
      { id: 'bad-line', kind: 'ORDER_CREATED', occurredAt: now, viewer: 'u5', orderId: 'o-2', amount: 100, items: [{ product: 'NOPE', quantity: 1, unitPrice: 100 }] },
      { id: 'ok-order', kind: 'ORDER_CREATED', occurredAt: now, viewer: 'u5', orderId: 'o-3', amount: 9900, items: [{ product: product.sku, quantity: 1, unitPrice: 9900 }], couponCode: 'C1' },
      { id: 'paid-no-order', kind: 'ORDER_PAID', occurredAt: now, viewer: 'u5' },
      { id: 'ok-paid', kind: 'ORDER_PAID', occurredAt: now, viewer: 'u5', orderId: 'o-3' },
      // Text PostgreSQL cannot store would fail the whole flush if it got that far.
      { id: 'nul-text', kind: 'COMMENT', occurredAt: now, viewer: 'u6', text: 'a\u0000b' },
    ];
    const reply = await ingest(owner.token, sessionId, events);
    expect(reply.__typename).toBe('IngestEventsPayload');
    expect(reply.accepted.map((entry: any) => entry.id)).toEqual(['ok-comment', 'ok-like', 'ok-click-global', 'ok-click-sku', 'ok-count', 'ok-order', 'ok-paid']);
    expect(reply.rejected.map((entry: any) => [entry.index, entry.id, entry.field])).toEqual([
      [1, 'no-text', 'events[1].text'],
      [3, 'zero-like', 'events[3].count'],
      [6, 'unknown-product', 'events[6].product'],
      [7, 'future', 'events[7].occurredAt'],
      [8, 'no-viewer', 'events[8].viewer'],
      [10, 'no-amount', 'events[10].amount'],
      [11, 'bad-line', 'events[11].items[0].product'],
      [13, 'paid-no-order', 'events[13].orderId'],
      [15, 'nul-text', 'events[15].text'],
    ]);
    for (const rejection of reply.rejected) expect(rejection.reason).toContain(rejection.field);

    const log = await logOf(sessionId);
    const byId = new Map<string, any>(log.map((row) => [row.event_id, row]));
    const productLocal = decodeGlobalID(productId).id;
    expect(byId.get('ok-click-global')!.product_id).toBe(productLocal);
    expect(byId.get('ok-click-sku')!.product_id).toBe(productLocal);
    expect(byId.get('ok-like')!.count).toBe(25);
    expect(byId.get('ok-count')!).toMatchObject({ count: 1234, viewer_id: null });
    expect(byId.get('ok-comment')!.data).toEqual({ text: '有货吗', region: '浙江' });
    expect(Number(byId.get('ok-order')!.amount)).toBe(9900);
    expect(byId.get('ok-order')!.data).toEqual({ items: [{ product: productLocal, quantity: 1, unitPrice: 9900 }], couponCode: 'C1' });
    expect(byId.has('no-text')).toBe(false);
  });

  it('stores text with quotes, backslashes, braces, placeholders and emoji exactly as sent', async () => {
    const session = await seedScheduledSession(t, owner.token);
    const text = `it's "quoted" \\ back\\slash {a,b} NULL ? $1 好👍\nline`;
    const viewer = `user "x" \\ {1}`;
    const orderId = `o,1 'x' "y" \\`;
    const now = new Date().toISOString();
    const reply = await ingest(owner.token, session, [
      { id: `c'"\\{}`, kind: 'COMMENT', occurredAt: now, viewer, text, region: `省'"` },
      { id: 'order', kind: 'ORDER_CREATED', occurredAt: now, viewer, orderId, amount: 1, couponCode: `C'"\\` },
    ]);
    expect(reply.acceptedCount).toBe(2);
    const [comment, order] = await logOf(session);
    expect(comment).toMatchObject({ event_id: `c'"\\{}`, data: { text, region: `省'"` } });
    expect(order).toMatchObject({ order_id: orderId, data: { couponCode: `C'"\\` } });
    const viewers = await t.app.orm.em.fork().getConnection().execute<any[]>('select platform_user_id, region from viewers where id = ?', [comment!.viewer_id]);
    expect(viewers).toEqual([{ platform_user_id: viewer, region: `省'"` }]);
  });

  it('refuses more than 1000 events as a whole, naming events', async () => {
    const result = await ingest(owner.token, sessionId, comments('too-many', 1001));
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues.map((issue: any) => issue.path.join('.'))).toEqual(['input.events']);
    const log = await logOf(sessionId);
    expect(log.some((row) => row.event_id.startsWith('too-many'))).toBe(false);
  });

  it('lets owners and operators ingest but not hosts or analysts', async () => {
    const operator = await addMember(t, owner, 'OPERATOR');
    expect((await ingest(operator.token, sessionId, comments('operator', 1))).acceptedCount).toBe(1);
    for (const role of ['HOST', 'ANALYST'] as const) {
      const member = await addMember(t, owner, role);
      expect((await ingest(member.token, sessionId, comments(role, 1))).__typename).toBe('ForbiddenError');
    }
    expect((await ingest('', sessionId, comments('anonymous', 1))).__typename).toBe('UnauthenticatedError');
  });

  it('refuses events for a draft session and for a session of another organization', async () => {
    const draft = await seedSession(t, owner.token);
    const refused = await ingest(owner.token, draft, comments('draft', 1));
    expect(refused).toMatchObject({ __typename: 'ConflictError' });
    const other = await signUpOrg(t);
    expect((await ingest(other.token, sessionId, comments('foreign', 1))).__typename).toBe('NotFoundError');
  });

  it('keeps one pseudonymous viewer per platform user, updating the region, the follow and fan-club times', async () => {
    const session = await seedScheduledSession(t, owner.token, 'KUAISHOU');
    const at = '2026-01-01T12:00:00Z';
    await ingest(owner.token, session, [{ id: 'j1', kind: 'VIEWER_JOINED', occurredAt: at, viewer: 'ks-1' }]);
    await ingest(owner.token, session, [
      { id: 'f1', kind: 'FOLLOW', occurredAt: '2026-01-01T12:05:00Z', viewer: 'ks-1', region: '广东' },
      { id: 'c1', kind: 'FAN_CLUB_JOIN', occurredAt: '2026-01-01T12:06:00Z', viewer: 'ks-1' },
    ]);
    const rows = await t.app.orm.em.fork().getConnection().execute<any[]>('select * from viewers where platform_user_id = ?', ['ks-1']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ platform: 'KUAISHOU', region: '广东', blocked: false });
    const log = await logOf(session);
    expect(new Set(log.map((row) => row.viewer_id))).toEqual(new Set([rows[0].id]));

    const { viewer } = await t.gql<{ viewer: any }>(
      `query($id: ID!) { viewer: node(id: $id) { ... on Viewer { platform platformUserId region followedAt fanClubAt blocked firstSeenAt } } }`,
      { id: Buffer.from(`Viewer:${rows[0].id}`).toString('base64') },
      owner.token,
    );
    expect(viewer).toEqual({
      platform: 'KUAISHOU', platformUserId: 'ks-1', region: '广东', followedAt: '2026-01-01T12:05:00.000Z',
      fanClubAt: '2026-01-01T12:06:00.000Z', blocked: false, firstSeenAt: '2026-01-01T12:00:00.000Z',
    });
  });

  it('writes a flush in the same small number of statements for 5 and for 500 events', async () => {
    const counts: number[] = [];
    for (const size of [5, 500]) {
      const session = await seedScheduledSession(t, owner.token);
      // New viewers in both batches, so both upsert viewers (known viewers are not written again).
      const events = comments(`count-${size}`, size).map((event, index) => ({
        ...event,
        viewer: `count-${size}-${event.viewer}`,
        ...(index % 5 === 0 ? { kind: 'VIEWER_JOINED' as const, text: undefined } : {}),
      }));
      t.sql.reset();
      const reply = await ingest(owner.token, session, events);
      expect(reply.acceptedCount).toBe(size);
      const begin = t.sql.statements.findIndex((sql) => /^begin/i.test(sql));
      const commit = t.sql.statements.findIndex((sql, index) => index > begin && /^commit/i.test(sql));
      expect(begin).toBeGreaterThanOrEqual(0);
      expect(commit).toBeGreaterThan(begin);
      counts.push(commit - begin + 1);
    }
    // begin, segments, viewers, log insert, the live metrics' statements, outbox rows, commit
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeLessThanOrEqual(25);
  });

  it('stamps each event with the segment on air when it arrived', async () => {
    const session = await seedScheduledSession(t, owner.token);
    await mutate(t, owner.token, 'replaceRunOfShow', {
      sessionId: session,
      segments: [{ kind: 'WARM_UP', title: 'opening', plannedOffsetSeconds: 0, plannedDurationSeconds: 600 }],
    }, 'segments { id }');
    await ingest(owner.token, session, comments('before-start', 1));
    await mutate(t, owner.token, 'startSession', { id: session }, 'session { id }');
    const { node } = await t.gql<{ node: any }>(`query($id: ID!) { node(id: $id) { ... on LiveSession { currentSegment { id } } } }`, { id: session }, owner.token);
    expect(node.currentSegment).not.toBeNull();
    await ingest(owner.token, session, comments('on-air', 1));
    const log = await logOf(session);
    expect(log.map((row) => [row.event_id, row.segment_id])).toEqual([
      ['before-start-0', null],
      ['on-air-0', decodeGlobalID(node.currentSegment.id).id],
    ]);
  });

  it('prunes only events older than the retention cut-off, oldest first and at most the rows asked for', async () => {
    const session = await seedScheduledSession(t, owner.token);
    const events = (prefix: string, occurredAt: string, count: number) =>
      comments(prefix, count).map((event) => ({ ...event, occurredAt }));
    await ingest(owner.token, session, [...events('ancient', '2020-01-01T00:00:00Z', 3), ...events('old', '2024-01-01T00:00:00Z', 4), ...events('fresh', new Date().toISOString(), 2)]);
    const cutoff = new Date('2025-01-01T00:00:00Z');
    expect(await pruneAudienceEvents(t.app.orm.em.fork(), cutoff, { maxRows: 3 })).toBe(3);
    expect((await logOf(session)).map((row) => row.event_id.split('-')[0])).toEqual(['old', 'old', 'old', 'old', 'fresh', 'fresh']);
    expect(await pruneAudienceEvents(t.app.orm.em.fork(), cutoff)).toBe(4);
    expect((await logOf(session)).map((row) => row.event_id)).toEqual(['fresh-0', 'fresh-1']);
  });

  it('lets owners and operators block a viewer, not analysts, and treats another organization’s viewer as unknown', async () => {
    const session = await seedScheduledSession(t, owner.token);
    await ingest(owner.token, session, comments('block', 1));
    const [row] = await t.app.orm.em.fork().getConnection().execute<{ id: string }[]>(`select viewer_id as id from audience_events where event_id = 'block-0'`);
    const viewerId = Buffer.from(`Viewer:${row!.id}`).toString('base64');
    const analyst = await addMember(t, owner, 'ANALYST');
    expect((await mutateResult(t, analyst.token, 'setViewerBlocked', { viewerId, blocked: true }, 'viewer { blocked }')).__typename).toBe('ForbiddenError');
    const operator = await addMember(t, owner, 'OPERATOR');
    expect((await mutate(t, operator.token, 'setViewerBlocked', { viewerId, blocked: true }, 'viewer { blocked }')).viewer).toEqual({ blocked: true });
    const stranger = await signUpOrg(t);
    expect((await mutateResult(t, stranger.token, 'setViewerBlocked', { viewerId, blocked: false }, 'viewer { blocked }')).__typename).toBe('NotFoundError');
    const read = await t.gql<{ node: { blocked: boolean } }>(`query($id: ID!) { node(id: $id) { ... on Viewer { blocked } } }`, { id: viewerId }, owner.token);
    expect(read.node.blocked).toBe(true);
  });
});
