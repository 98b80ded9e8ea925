import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, DEFAULT_LIMITS, installedPlugins, type App } from '@broadcart/api';
import { overlayDocuments } from '../../plugins/lottery/web/overlay-documents.js';
import { createTestDatabase, dropTestDatabase, graphqlOverHttp, startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, seedProduct, seedSession } from '../support/sessions-seed.js';
import { drainDeliveries, ingestAccepted } from '../support/ingest.js';
import { subscribe, waitUntil, type Subscription } from '../support/realtime-clients.js';

const TOKEN = 'token overlayToken { id label tokenHint active revokedAt session { id } }';

const SESSION_QUERY = `query($id: ID!) { node(id: $id) { id ... on LiveSession {
  title status version
  currentSegment { title kind }
  segments { title }
  lineup { position livePrice { amount } product { title imageUrls sellingPoints price { amount currency } } }
  liveMetrics { version likes onlineNow gmvPaid { amount currency } }
} } }`;

const UPDATED = `subscription($id: ID!) { sessionUpdated(id: $id) { id title version currentSegment { title } } }`;
const METRICS = `subscription($sessionId: ID!) { sessionMetrics(sessionId: $sessionId) { version likes } }`;

type Issued = { token: string; overlayToken: { id: string; label: string | null; tokenHint: string; active: boolean; revokedAt: string | null; session: { id: string } } };

/** The close code and reason a subscription's socket ended with (graphql-ws reports the close event as the error). */
const closedWith = (subscription: Subscription) => {
  const event = subscription.error as { code?: number; reason?: string } | undefined;
  return { code: event?.code, reason: event?.reason };
};

/**
 * An overlay's graphql-ws subscription whose socket the server is expected to close: like the
 * support helper's, with the client's connection kept lazy so that closing it is reported to the
 * subscription only (a non-lazy client also prints it).
 */
function closableSubscription(baseUrl: string, token: string, query: string, variables: Record<string, unknown>): Subscription {
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const subscription: Subscription = {
    client,
    results: [],
    error: undefined,
    received: (count) => waitUntil(() => subscription.results.length >= count || subscription.error !== undefined, `${count} results arrived`),
    dispose: async () => {
      await client.dispose();
    },
  };
  client.subscribe({ query, variables }, { next: (result) => void subscription.results.push(result as never), error: (error) => void (subscription.error = error), complete: () => undefined });
  return subscription;
}

describe('overlay tokens', () => {
  let t: TestApp;
  let owner: SignedIn;
  /** A LIVE session with two segments (the first on air) and one lineup product. */
  let sessionId: string;
  let otherSessionId: string;
  let eventCount = 0;
  const opened: Subscription[] = [];

  const issue = (sessionGlobalId = sessionId, label: string | null = 'OBS studio PC', token = owner.token): Promise<Issued> =>
    mutate(t, token, 'createOverlayToken', { sessionId: sessionGlobalId, label }, TOKEN);
  const open = (token: string, query: string, variables: Record<string, unknown>) => {
    const subscription = subscribe(t.url, token, query, variables);
    opened.push(subscription);
    return subscription;
  };
  const listening = (topic: 'session:updated' | 'session:metrics', id: string) =>
    waitUntil(() => t.app.services.realtime.subscriberCount(topic, decodeGlobalID(id).id) > 0, `a subscriber listens to ${topic}`);
  const messages = (response: { errors?: { message: string }[] }) => (response.errors ?? []).map((error) => error.message);

  beforeAll(async () => {
    // Resolved tokens are cached as in production, so refusals right after a revocation prove the cache is dropped.
    t = await startTestApp({ actorCacheTtlMs: 60_000 });
    owner = await signUpOrg(t);
    sessionId = await seedSession(t, owner.token, { startHour: 0, title: '双十一美妆专场' });
    for (const [kind, title] of [['WARM_UP', '开场'], ['PRODUCT_PITCH', '面霜讲解']] as const) {
      await mutate(t, owner.token, 'createSegment', { sessionId, kind, title, plannedOffsetSeconds: kind === 'WARM_UP' ? 0 : 600, plannedDurationSeconds: 600 }, 'segment { id }');
    }
    await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token, 100, '保湿面霜'));
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    otherSessionId = await seedSession(t, owner.token, { startHour: 30, title: '另一场' });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((subscription) => subscription.dispose()));
  });
  afterAll(() => t?.close());

  it('issues a bco_ secret shown once, with its last characters as the hint', async () => {
    const issued = await issue();
    expect(issued.token).toMatch(/^bco_[A-Za-z0-9_-]{43}$/);
    expect(issued.overlayToken).toMatchObject({ label: 'OBS studio PC', tokenHint: issued.token.slice(-4), active: true, revokedAt: null, session: { id: sessionId } });
    const [row] = await t.app.orm.em.fork().getConnection().execute<{ token_hash: string }[]>('select token_hash from overlay_tokens where id = ?', [decodeGlobalID(issued.overlayToken.id).id]);
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(issued.token.slice(4));
  });

  it('reads its own session: the segment on air, the run-of-show and the lineup products', async () => {
    const { token } = await issue();
    const { node } = await t.gql<{ node: any }>(SESSION_QUERY, { id: sessionId }, token);
    expect(node).toMatchObject({
      id: sessionId,
      title: '双十一美妆专场',
      status: 'LIVE',
      currentSegment: { title: '开场', kind: 'WARM_UP' },
      segments: [{ title: '开场' }, { title: '面霜讲解' }],
      lineup: [{ position: 0, product: { title: '保湿面霜', price: { amount: 9900, currency: 'CNY' } } }],
      liveMetrics: { likes: 0, gmvPaid: { amount: 0, currency: 'CNY' } },
    });
    // A raw id is the session too.
    const raw = await t.gql<{ node: { id: string } }>('query($id: ID!) { node(id: $id) { id } }', { id: sessionId }, token);
    expect(raw.node.id).toBe(sessionId);
  });

  it('follows its session over graphql-ws: sessionUpdated and sessionMetrics', async () => {
    const { token } = await issue();
    const updates = open(token, UPDATED, { id: sessionId });
    const ticks = open(token, METRICS, { sessionId });
    await listening('session:updated', sessionId);
    await listening('session:metrics', sessionId);

    await mutate(t, owner.token, 'updateSession', { id: sessionId, title: '双十一美妆专场 · 返场' }, 'session { id }');
    await updates.received(1);
    expect(updates.error).toBeUndefined();
    expect(updates.results[0]).toMatchObject({ data: { sessionUpdated: { id: sessionId, title: '双十一美妆专场 · 返场', currentSegment: { title: '开场' } } } });

    await ingestAccepted(t, owner.token, sessionId, [{ id: `like-${++eventCount}`, kind: 'LIKE', occurredAt: new Date().toISOString(), viewer: 'fan-1', count: 7 }]);
    await waitUntil(() => ticks.results.some((result) => (result.data?.sessionMetrics?.likes ?? 0) >= 7) || ticks.error !== undefined, 'a metrics tick with the likes');
    expect(ticks.error).toBeUndefined();
    expect(ticks.results.at(-1)!.errors).toBeUndefined();
  });

  it('refuses any other session of the organization, as a literal, a variable or a subscription', async () => {
    const { token } = await issue();
    const byVariable = await t.request(SESSION_QUERY, { id: otherSessionId }, token);
    expect(byVariable.data).toBeUndefined();
    expect(messages(byVariable)).toEqual(["Overlay tokens read their own session only: give Query.node the overlay's session in `id`"]);

    const byLiteral = await t.request(`{ node(id: "${otherSessionId}") { id } }`, {}, token);
    expect(messages(byLiteral)).toEqual(["Overlay tokens read their own session only: give Query.node the overlay's session in `id`"]);

    // Both root fields are checked, through fragments too.
    const mixed = await t.request(
      'query($own: ID!, $other: ID!) { ...Roots } fragment Roots on Query { own: node(id: $own) { id } other: node(id: $other) { id } }',
      { own: sessionId, other: otherSessionId },
      token,
    );
    expect(mixed.data).toBeUndefined();
    expect(messages(mixed)).toHaveLength(1);

    // A default value is not taken for the session: only what is sent counts.
    const defaulted = await t.request(`query($id: ID! = "${sessionId}") { node(id: $id) { id } }`, {}, token);
    expect(messages(defaulted)[0]).toMatch(/own session only/);

    const elsewhere = open(token, UPDATED, { id: otherSessionId });
    await waitUntil(() => elsewhere.error !== undefined || elsewhere.results.length > 0, 'the subscription is refused');
    expect(JSON.stringify(elsewhere.error)).toContain('Overlay tokens read their own session only');
  });

  it('is read-only: mutations are refused and change nothing', async () => {
    const { token } = await issue();
    const response = await t.request(
      'mutation($input: UpdateSessionInput!) { updateSession(input: $input) { __typename } }',
      { input: { id: sessionId, title: 'hijacked' } },
      token,
    );
    expect(response.data).toBeUndefined();
    expect(messages(response)).toEqual(['Overlay tokens are read-only: mutations are refused']);
    const { node } = await t.gql<{ node: { title: string } }>('query($id: ID!) { node(id: $id) { ... on LiveSession { title } } }', { id: sessionId }, owner.token);
    expect(node.title).not.toBe('hijacked');
  });

  it('refuses fields outside the overlay allow-list, naming each', async () => {
    const { token } = await issue();
    const refused = async (query: string) => messages(await t.request(query, { id: sessionId }, token));
    expect(await refused('query($id: ID!) { node(id: $id) { ... on LiveSession { orders { totalCount } } } }')).toEqual(['Overlay tokens cannot read LiveSession.orders']);
    expect(await refused('query($id: ID!) { node(id: $id) { ... on LiveSession { lineup { stockReserved product { stock sku } } } } }')).toEqual([
      'Overlay tokens cannot read LineupItem.stockReserved',
      'Overlay tokens cannot read Product.stock',
      'Overlay tokens cannot read Product.sku',
    ]);
    expect(await refused('query($id: ID!) { node(id: $id) { ... on LiveSession { segments { talkingPoints } } } }')).toEqual(['Overlay tokens cannot read Segment.talkingPoints']);
    expect(await refused('query($id: ID!) { node(id: $id) { ... on LiveSession { liveMetrics { refundAmount { amount } } } } }')).toEqual([
      'Overlay tokens cannot read SessionLiveMetrics.refundAmount',
    ]);
    expect(await refused('{ organization { name } }')).toEqual(['Overlay tokens cannot read Query.organization']);
    expect(await refused('{ liveSessions { totalCount } }')).toEqual(['Overlay tokens cannot read Query.liveSessions']);
    expect(await refused('{ __schema { queryType { name } } }')).toEqual(['Overlay tokens cannot read Query.__schema']);
    // Which plugins are on (so the overlay mounts only their widgets), and nothing else about them.
    expect(await refused('{ installedPlugins { namespace enabled health { circuit } } }')).toEqual(['Overlay tokens cannot read InstalledPlugin.health']);
    const plugins = await t.request<{ installedPlugins: { namespace: string; enabled: boolean }[] }>('{ installedPlugins { namespace enabled } }', {}, token);
    expect(plugins.errors).toBeUndefined();
    expect(plugins.data?.installedPlugins).toContainEqual({ namespace: 'lottery', enabled: true });
    const typename = await t.request('query($id: ID!) { __typename node(id: $id) { __typename } }', { id: sessionId }, token);
    expect(typename.errors).toBeUndefined();
    expect(typename.data).toEqual({ __typename: 'Query', node: { __typename: 'LiveSession' } });
  });

  it('is unknown outside GraphQL, where nothing would hold it to its session: the review CSV export refuses it', async () => {
    const { token } = await issue();
    const path = `/export/sessions/${encodeURIComponent(sessionId)}/summary.csv`;
    expect((await fetch(`${t.url}${path}?token=${token}`)).status).toBe(401);
    expect((await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await fetch(`${t.url}${path}?token=${owner.token}`)).status).toBe(200);
  });

  it('runs the lottery overlay’s own documents: the giveaways with their winners, and their updates', async () => {
    const { token } = await issue();
    const { giveaway } = await mutate(t, owner.token, 'createLotteryGiveaway', { sessionId, title: '福袋', mode: 'UNIFORM', winnerCount: 1, conditions: { keyword: '抽奖' } }, 'giveaway { id }');
    await mutate(t, owner.token, 'openLotteryGiveaway', { giveawayId: giveaway.id }, 'giveaway { id }');
    await ingestAccepted(t, owner.token, sessionId, [{ id: `c-${++eventCount}`, kind: 'COMMENT', occurredAt: new Date().toISOString(), viewer: 'lucky-fan', text: '抽奖' }]);
    await drainDeliveries(t);
    await mutate(t, owner.token, 'closeLotteryGiveaway', { giveawayId: giveaway.id }, 'giveaway { id }');
    await mutate(t, owner.token, 'drawLotteryGiveaway', { giveawayId: giveaway.id, salt: 'overlay-test' }, 'giveaway { id }');

    const read = await t.request<{ lotteryGiveaways: { edges: { node: any }[] } }>(overlayDocuments.query, { sessionId }, token);
    expect(read.errors).toBeUndefined();
    const drawn = read.data!.lotteryGiveaways.edges.map((edge) => edge.node).find((node) => node.id === giveaway.id);
    expect(drawn).toMatchObject({ status: 'DRAWN', entrantCount: 1, conditions: { keyword: '抽奖' }, winners: [{ rank: 1, viewer: { platformUserId: 'lucky-fan' } }] });

    const updates = open(token, overlayDocuments.subscription, { sessionId });
    await waitUntil(() => t.app.services.realtime.subscriberCount('plugin', `lottery:giveaway:${decodeGlobalID(sessionId).id}`) > 0 || updates.error !== undefined, 'the overlay follows the giveaways');
    expect(updates.error).toBeUndefined();
    const { giveaway: next } = await mutate(t, owner.token, 'createLotteryGiveaway', { sessionId, title: '第二轮福袋', mode: 'UNIFORM', winnerCount: 1 }, 'giveaway { id }');
    await mutate(t, owner.token, 'openLotteryGiveaway', { giveawayId: next.id }, 'giveaway { id }');
    await drainDeliveries(t);
    await waitUntil(() => updates.results.some((result) => result.data?.lotteryGiveawayUpdated?.giveaway.id === next.id) || updates.error !== undefined, 'the opened giveaway reaches the overlay');
    expect(updates.error).toBeUndefined();
    expect(updates.results.every((result) => result.errors === undefined)).toBe(true);
  });

  it('rotates: the old secret is refused at once, the new one works and keeps the label', async () => {
    const old = await issue(sessionId, '导播台');
    expect((await t.request('query($id: ID!) { node(id: $id) { id } }', { id: sessionId }, old.token)).errors).toBeUndefined();

    const rotated = await mutate<Issued & { revoked: Issued['overlayToken'] }>(t, owner.token, 'rotateOverlayToken', { id: old.overlayToken.id }, `${TOKEN} revoked { id active revokedAt }`);
    expect(rotated.token).not.toBe(old.token);
    expect(rotated.overlayToken).toMatchObject({ label: '导播台', active: true, session: { id: sessionId } });
    expect(rotated.overlayToken.id).not.toBe(old.overlayToken.id);
    expect(rotated.revoked).toMatchObject({ id: old.overlayToken.id, active: false });
    expect(rotated.revoked.revokedAt).not.toBeNull();

    const refused = await t.request('query($id: ID!) { node(id: $id) { id } }', { id: sessionId }, old.token);
    expect(refused.data?.node ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const works = await t.gql<{ node: { id: string } }>('query($id: ID!) { node(id: $id) { id } }', { id: sessionId }, rotated.token);
    expect(works.node.id).toBe(sessionId);

    const again = await mutateResult(t, owner.token, 'rotateOverlayToken', { id: old.overlayToken.id }, 'token');
    expect(again.__typename).toBe('ConflictError');
  });

  it('revokes: refused at once, and its open graphql-ws subscription is closed with 4403', async () => {
    const { token, overlayToken } = await issue();
    const watching = closableSubscription(t.url, token, UPDATED, { id: sessionId });
    opened.push(watching);
    await listening('session:updated', sessionId);
    const bystander = await issue();
    const stays = open(bystander.token, METRICS, { sessionId });
    await listening('session:metrics', sessionId);

    const { overlayToken: revoked } = await mutate(t, owner.token, 'revokeOverlayToken', { id: overlayToken.id }, 'overlayToken { id active revokedAt }');
    expect(revoked).toMatchObject({ id: overlayToken.id, active: false });
    await waitUntil(() => watching.error !== undefined, 'the revoked overlay’s socket is closed');
    expect(closedWith(watching)).toEqual({ code: 4403, reason: 'overlay token revoked' });
    // Another token's socket stays open.
    expect(stays.error).toBeUndefined();

    const refused = await t.request('query($id: ID!) { node(id: $id) { id } }', { id: sessionId }, token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The reconnecting overlay is refused too.
    const reconnected = open(token, UPDATED, { id: sessionId });
    await reconnected.received(1);
    expect(reconnected.results[0]!.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });

    // Revoking twice changes nothing.
    const twice = await mutate(t, owner.token, 'revokeOverlayToken', { id: overlayToken.id }, 'overlayToken { revokedAt }');
    expect(twice.overlayToken.revokedAt).toBe(revoked.revokedAt);
  });

  it('lists the session’s tokens newest first to owners and operators, revoked ones included, with their last use', async () => {
    const session = await seedSession(t, owner.token, { startHour: 50 });
    const first = await issue(session, 'first');
    const second = await issue(session, 'second');
    await mutate(t, owner.token, 'revokeOverlayToken', { id: first.overlayToken.id }, 'overlayToken { id }');
    const before = Date.now();
    await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: session }, second.token);

    const operator = await addMember(t, owner, 'OPERATOR');
    const { node } = await t.gql<{ node: { overlayTokens: any[] } }>(
      'query($id: ID!) { node(id: $id) { ... on LiveSession { overlayTokens { id label active lastUsedAt createdBy { id } } } } }',
      { id: session },
      operator.token,
    );
    expect(node.overlayTokens.map((token) => [token.label, token.active])).toEqual([['second', true], ['first', false]]);
    expect(node.overlayTokens[0].createdBy).toEqual({ id: owner.memberId });
    expect(Date.parse(node.overlayTokens[0].lastUsedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(node.overlayTokens[1].lastUsedAt).toBeNull();

    // Revoked over 30 days ago: no longer listed.
    await t.app.orm.em.fork().getConnection().execute(`update overlay_tokens set revoked_at = now() - interval '31 days' where id = ?`, [decodeGlobalID(first.overlayToken.id).id]);
    const later = await t.gql<{ node: { overlayTokens: { label: string }[] } }>(
      'query($id: ID!) { node(id: $id) { ... on LiveSession { overlayTokens { label } } } }',
      { id: session },
      owner.token,
    );
    expect(later.node.overlayTokens.map((token) => token.label)).toEqual(['second']);
  });

  it('is managed by owners and operators only: hosts and analysts can neither issue nor list', async () => {
    for (const role of ['HOST', 'ANALYST'] as const) {
      const member = await addMember(t, owner, role);
      const result = await mutateResult(t, member.token, 'createOverlayToken', { sessionId }, 'token');
      expect(result).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
      const listed = await t.request('query($id: ID!) { node(id: $id) { ... on LiveSession { overlayTokens { id } } } }', { id: sessionId }, member.token);
      expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const operator = await addMember(t, owner, 'OPERATOR');
    expect((await issue(sessionId, null, operator.token)).overlayToken.label).toBeNull();
  });

  it('treats another organization’s token as an unknown id', async () => {
    const { overlayToken, token } = await issue();
    const stranger = await signUpOrg(t);
    for (const name of ['revokeOverlayToken', 'rotateOverlayToken']) {
      const result = await mutateResult(t, stranger.token, name, { id: overlayToken.id }, '__typename');
      expect(result).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    const { node } = await t.gql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: overlayToken.id }, stranger.token);
    expect(node).toBeNull();
    // The stranger's own session is no more reachable with this token than any other.
    const theirs = await seedSession(t, stranger.token, { startHour: 40 });
    expect(messages(await t.request('query($id: ID!) { node(id: $id) { id } }', { id: theirs }, token))[0]).toMatch(/own session only/);
    // And the token still works for its own session.
    expect((await t.gql<{ node: { id: string } }>('query($id: ID!) { node(id: $id) { id } }', { id: sessionId }, token)).node.id).toBe(sessionId);
  });

  it('refuses cancelled, deleted and unknown sessions, and long labels, with validation errors', async () => {
    const cancelled = await seedSession(t, owner.token, { startHour: 60 });
    await mutate(t, owner.token, 'cancelSession', { id: cancelled, reason: '主播生病' }, 'session { id }');
    const deleted = await seedSession(t, owner.token, { startHour: 70 });
    await mutate(t, owner.token, 'deleteSession', { id: deleted }, 'deletedId');
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ sessionId: cancelled }, 'sessionId', /CANCELLED/],
      [{ sessionId: deleted }, 'sessionId', /unknown or deleted/],
      [{ sessionId: 'not-an-id' }, 'sessionId', /not a LiveSession id/],
      [{ sessionId, label: 'x'.repeat(81) }, 'label', /at most 80 characters/],
    ];
    for (const [input, field, message] of cases) {
      const result = await mutateResult(t, owner.token, 'createOverlayToken', input, 'token');
      expect(result.__typename).toBe('ValidationError');
      expect(result.issues).toEqual([{ path: ['input', field], message: expect.stringMatching(message) }]);
    }
  });
});

describe('overlay token last use', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('is written at most once a minute, not on every request (token cache off)', async () => {
    t = await startTestApp();
    const owner = await signUpOrg(t);
    const session = await seedSession(t, owner.token);
    const { token, overlayToken } = await mutate<Issued>(t, owner.token, 'createOverlayToken', { sessionId: session }, TOKEN);
    t.sql.reset();
    for (let request = 0; request < 3; request += 1) await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: session }, token);
    const writes = () => t.sql.statements.filter((statement) => /^update "?overlay_tokens"? set "?last_used_at"?/i.test(statement));
    expect(writes()).toHaveLength(1);

    // A minute later the next request writes it again.
    await t.app.orm.em.fork().getConnection().execute(`update overlay_tokens set last_used_at = now() - interval '61 seconds' where id = ?`, [decodeGlobalID(overlayToken.id).id]);
    t.sql.reset();
    await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: session }, token);
    expect(writes()).toHaveLength(1);
  });
});

describe('overlay token revocation across API processes', () => {
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  let databaseUrl: string;
  const apps: App[] = [];

  /** An API process of one deployment: the shared database and Redis, tokens cached as in production. */
  async function startProcess(channelPrefix: string): Promise<Pick<TestApp, 'url' | 'request' | 'gql'>> {
    const app = await createApp({
      ...DEFAULT_LIMITS,
      databaseUrl,
      redisUrl,
      redisChannelPrefix: channelPrefix,
      plugins: installedPlugins,
      logger: pino({ level: 'silent' }),
      // The ORM's own messages (the migrator's) go here instead of the console.
      onQuery: () => undefined,
    });
    apps.push(app);
    await app.migrate();
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    return graphqlOverHttp(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  }

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps.splice(0)) await app.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it('closes the overlay’s socket and refuses its cached token in the other process at once', async () => {
    const prefix = `bc-test-${randomBytes(6).toString('hex')}:`;
    const a = await startProcess(prefix);
    const b = await startProcess(prefix);
    const owner = await signUpOrg(a as TestApp);
    const session = await seedSession(a as TestApp, owner.token, { startHour: 5 });
    const { token, overlayToken } = await mutate<Issued>(a as TestApp, owner.token, 'createOverlayToken', { sessionId: session }, TOKEN);
    // Process B resolves (and caches) the token, and holds the overlay's socket.
    expect((await b.gql<{ node: { id: string } }>('query($id: ID!) { node(id: $id) { id } }', { id: session }, token)).node.id).toBe(session);
    const onB = closableSubscription(b.url, token, UPDATED, { id: session });
    try {
      await waitUntil(() => apps[1]!.services.realtime.subscriberCount('session:updated', decodeGlobalID(session).id) > 0, 'B follows the session');
      await mutate(a as TestApp, owner.token, 'revokeOverlayToken', { id: overlayToken.id }, 'overlayToken { id }');
      await waitUntil(() => onB.error !== undefined, 'B closes the revoked overlay’s socket');
      expect(closedWith(onB)).toEqual({ code: 4403, reason: 'overlay token revoked' });
      const refused = await b.request('query($id: ID!) { node(id: $id) { id } }', { id: session }, token);
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await onB.dispose();
    }
  });
});
