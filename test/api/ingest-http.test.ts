import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { comments, createSource, postSigned, seedScheduledSession, type CreatedSource } from '../support/ingest.js';

describe('POST /ingest/{sourceId}', () => {
  let t: TestApp;
  let owner: SignedIn;
  let sessionId: string;
  let source: CreatedSource;

  const post = (body: unknown, options: Parameters<typeof postSigned>[4] = {}, target = source) =>
    postSigned(t.url, target.sourceId, target.secret, body, options);

  /** Collects the `session:events` notices of a session published in this process. */
  function listen(session: string, onNotice: (notice: { version: number; events: { seq: number }[] }) => void): () => void {
    const iterator = t.app.services.realtime.subscribe('session:events', decodeGlobalID(session).id)[Symbol.asyncIterator]();
    let open = true;
    void (async () => {
      while (open) {
        const next = await iterator.next();
        if (next.done) return;
        onNotice(next.value);
      }
    })();
    return () => {
      open = false;
      void iterator.return?.();
    };
  }

  async function loggedIds(session: string): Promise<string[]> {
    const rows = await t.app.orm.em
      .fork()
      .getConnection()
      .execute<{ event_id: string }[]>('select event_id from audience_events where session_id = ? order by event_id', [decodeGlobalID(session).id]);
    return rows.map((row) => row.event_id);
  }

  const rotate = (sourceId: string, graceSeconds?: number) =>
    mutateResult(t, owner.token, 'rotateIngestSourceSecret', { sourceId, ...(graceSeconds === undefined ? {} : { graceSeconds }) }, 'secret source { secretHints { lastFour expiresAt } }');

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    sessionId = await seedScheduledSession(t, owner.token);
    source = await createSource(t, owner.token);
  }, 60_000);
  afterAll(() => t.close());

  it('stores a signed batch under the source and replies with accepted, duplicate and rejected events', async () => {
    const events = [...comments('http', 3), { id: 'bad', kind: 'COMMENT', occurredAt: new Date().toISOString(), viewer: 'x' }];
    const first = await post({ sessionId, events });
    expect(first.status).toBe(200);
    expect(first.body.accepted.map((entry: any) => entry.id)).toEqual(['http-0', 'http-1', 'http-2']);
    expect(first.body.rejected).toEqual([{ index: 3, id: 'bad', reason: expect.stringContaining('events[3].text'), field: 'events[3].text' }]);
    const again = await post({ sessionId: decodeGlobalID(sessionId).id, events });
    expect(again.body.duplicates.map((entry: any) => entry.index)).toEqual([0, 1, 2]);
    expect(again.body.accepted).toEqual([]);
    const rows = await t.app.orm.em.fork().getConnection().execute<{ source: string }[]>(
      "select distinct source from audience_events where event_id like 'http-%'",
    );
    expect(rows).toEqual([{ source: source.sourceId }]);
  });

  it('refuses a wrong secret, a tampered body, missing headers and an unknown source with 401', async () => {
    const body = { sessionId, events: comments('refused', 1) };
    const text = JSON.stringify(body);
    const wrongSecret = await postSigned(t.url, source.sourceId, 'bcs_not-the-secret', body);
    const tampered = await post(body, { sentBody: text.replace('comment 0', 'comment 1') });
    const missing = await post(body, { headers: {} });
    const noSignature = await post(body, { headers: { 'x-broadcart-timestamp': String(Math.floor(Date.now() / 1000)) } });
    const unknown = await postSigned(t.url, '0190a0a0-0000-7000-8000-000000000000', source.secret, body);
    const notAnId = await postSigned(t.url, 'nope', source.secret, body);
    for (const reply of [wrongSecret, tampered, missing, noSignature, unknown, notAnId]) {
      expect(reply.status).toBe(401);
      expect(reply.body.error).toEqual(expect.any(String));
    }
    expect(wrongSecret.body.error).toMatch(/signature/);
    expect(missing.body.error).toMatch(/header/);
    expect(await loggedIds(sessionId)).not.toContain('refused-0');
  });

  it('refuses a replayed request signed 6 minutes ago and one stamped 6 minutes ahead', async () => {
    const body = { sessionId, events: comments('replay', 1) };
    const old = await post(body, { now: Date.now() - 6 * 60_000 });
    const ahead = await post(body, { now: Date.now() + 6 * 60_000 });
    expect([old.status, ahead.status]).toEqual([401, 401]);
    expect(old.body.error).toMatch(/timestamp/);
    expect((await post(body, { now: Date.now() - 4 * 60_000 })).status).toBe(200);
  });

  it('scopes the session to the source’s organization', async () => {
    const other = await signUpOrg(t);
    const foreignSession = await seedScheduledSession(t, other.token);
    const reply = await post({ sessionId: foreignSession, events: comments('foreign', 1) });
    expect(reply.status).toBe(404);
    expect(await loggedIds(foreignSession)).toEqual([]);
  });

  it('answers 400 with the reason for a body that is not JSON or not a batch, and for more than 1000 events', async () => {
    const notJson = await post('{"sessionId": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/JSON/);
    const noEvents = await post({ sessionId });
    expect(noEvents).toEqual({ status: 400, body: { error: 'events must be an array' } });
    const tooMany = await post({ sessionId, events: comments('too-many', 1001) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.field).toBe('events');
  });

  it('refuses a body over 2 MiB with 413', async () => {
    const body = JSON.stringify({ sessionId, events: [], padding: 'x'.repeat(2 * 1024 * 1024) });
    const reply = await post(body);
    expect(reply.status).toBe(413);
    expect(reply.body.error).toMatch(/exceeds/);
  });

  it('accepts the old and the new secret during a rotation’s grace period, and only the new one once it ends', async () => {
    const rotating = await createSource(t, owner.token, 'rotating');
    const rotated = await rotate(rotating.id);
    expect(rotated.__typename).toBe('RotateIngestSourceSecretPayload');
    const fresh = { ...rotating, secret: rotated.secret };
    expect(rotated.source.secretHints.map((hint: any) => hint.lastFour)).toEqual([rotating.secret.slice(-4), fresh.secret.slice(-4)]);
    expect(rotated.source.secretHints[0].expiresAt).not.toBeNull();
    expect((await post({ sessionId, events: comments('grace-old', 1) }, {}, rotating)).status).toBe(200);
    expect((await post({ sessionId, events: comments('grace-new', 1) }, {}, fresh)).status).toBe(200);

    const ended = await rotate(rotating.id, 0);
    const newest = { ...rotating, secret: ended.secret };
    expect(ended.source.secretHints.map((hint: any) => hint.lastFour)).toEqual([newest.secret.slice(-4)]);
    expect((await post({ sessionId, events: comments('expired-old', 1) }, {}, rotating)).status).toBe(401);
    expect((await post({ sessionId, events: comments('expired-fresh', 1) }, {}, fresh)).status).toBe(401);
    expect((await post({ sessionId, events: comments('newest', 1) }, {}, newest)).status).toBe(200);
  });

  it('refuses every request of a revoked source', async () => {
    const revoked = await createSource(t, owner.token, 'to revoke');
    expect((await post({ sessionId, events: comments('before-revoke', 1) }, {}, revoked)).status).toBe(200);
    const result = await mutateResult(t, owner.token, 'revokeIngestSource', { sourceId: revoked.id }, 'source { revokedAt secretHints { lastFour } }');
    expect(result.source.revokedAt).not.toBeNull();
    expect(result.source.secretHints).toEqual([]);
    const refused = await post({ sessionId, events: comments('after-revoke', 1) }, {}, revoked);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatch(/revoked/);
  });

  it('stores every event exactly once when 20 clients send overlapping batches at the same time', async () => {
    const session = await seedScheduledSession(t, owner.token);
    // Client n sends ids n*100 .. n*100+199: each id is sent by one or two clients.
    const batches = Array.from({ length: 20 }, (_, client) => comments('parallel', 200, client * 100));
    const notices: { version: number; seqs: number[] }[] = [];
    const unsubscribe = listen(session, (notice) => notices.push({ version: notice.version, seqs: notice.events.map((event) => event.seq) }));
    const replies = await Promise.all(batches.map((events) => post({ sessionId: session, events })));
    expect(replies.map((reply) => reply.status)).toEqual(batches.map(() => 200));
    const distinct = new Set(batches.flat().map((event) => event.id));
    const accepted = replies.flatMap((reply) => reply.body.accepted.map((entry: any) => entry.id));
    expect(accepted.length).toBe(distinct.size);
    expect(new Set(accepted)).toEqual(distinct);
    expect(replies.reduce((sum, reply) => sum + reply.body.duplicates.length, 0)).toBe(20 * 200 - distinct.size);
    const logged = await loggedIds(session);
    expect(logged.length).toBe(distinct.size);
    expect(new Set(logged)).toEqual(distinct);
    // Overlapping flushes commit in seq order: every notice is newer than the one before.
    await vi.waitFor(() => expect(notices.flatMap((notice) => notice.seqs).length).toBe(distinct.size));
    unsubscribe();
    const seqs = notices.flatMap((notice) => notice.seqs);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.length).toBe(distinct.size);
    expect(notices.map((notice) => notice.version)).toEqual(notices.map((notice) => notice.seqs.at(-1)));
  });
});

describe('ingestion sources', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  }, 60_000);
  afterAll(() => t.close());

  it('shows a new secret once, as a bcs_ token, and afterwards only its last four characters', async () => {
    const created = await createSource(t, owner.token, 'Douyin room 1');
    expect(created.secret).toMatch(/^bcs_[A-Za-z0-9_-]{43}$/);
    const { ingestSources } = await t.gql<{ ingestSources: any }>(
      `{ ingestSources(first: 10) { totalCount edges { node { id sourceId name platform revokedAt secretHints { lastFour createdAt expiresAt } } } } }`,
      {},
      owner.token,
    );
    expect(ingestSources.totalCount).toBe(1);
    expect(ingestSources.edges[0].node).toMatchObject({
      id: created.id, sourceId: created.sourceId, name: 'Douyin room 1', platform: 'DOUYIN', revokedAt: null,
      secretHints: [{ lastFour: created.secret.slice(-4), expiresAt: null }],
    });
    expect(JSON.stringify(ingestSources)).not.toContain(created.secret);
  });

  it('lists revoked sources only when asked', async () => {
    const revoked = await createSource(t, owner.token, 'old connector');
    await mutateResult(t, owner.token, 'revokeIngestSource', { sourceId: revoked.id }, 'source { id }');
    const list = async (includeRevoked: boolean) =>
      (await t.gql<{ ingestSources: any }>(`query($f: IngestSourceFilter) { ingestSources(filter: $f) { edges { node { name } } } }`, { f: { includeRevoked } }, owner.token))
        .ingestSources.edges.map((edge: any) => edge.node.name);
    expect(await list(false)).not.toContain('old connector');
    expect(await list(true)).toContain('old connector');
  });

  it('lets only owners manage or see sources', async () => {
    const created = await createSource(t, owner.token);
    for (const role of ['OPERATOR', 'HOST', 'ANALYST'] as const) {
      const member = await addMember(t, owner, role);
      const create = await mutateResult(t, member.token, 'createIngestSource', { name: 'x', platform: 'DOUYIN' }, 'secret');
      const rotateResult = await mutateResult(t, member.token, 'rotateIngestSourceSecret', { sourceId: created.id }, 'secret');
      const revoke = await mutateResult(t, member.token, 'revokeIngestSource', { sourceId: created.id }, 'source { id }');
      expect([create.__typename, rotateResult.__typename, revoke.__typename]).toEqual(['ForbiddenError', 'ForbiddenError', 'ForbiddenError']);
      const listed = await t.request(`{ ingestSources { totalCount } }`, {}, member.token);
      expect(listed.errors?.length).toBeGreaterThan(0);
      const node = await t.gql<{ node: unknown }>(`query($id: ID!) { node(id: $id) { id } }`, { id: created.id }, member.token);
      expect(node.node).toBeNull();
    }
  });

  it('refuses sources of another organization as not found', async () => {
    const created = await createSource(t, owner.token);
    const other = await signUpOrg(t);
    const result = await mutateResult(t, other.token, 'rotateIngestSourceSecret', { sourceId: created.id }, 'secret');
    expect(result.__typename).toBe('NotFoundError');
  });
});
