import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { drainDeliveries, ingestAccepted, seedScheduledSession } from '../support/ingest.js';
import { subscribe, waitUntil } from '../support/realtime-clients.js';

const GIVEAWAY = `id status entrantCount eligibleCount listHash version opensAt closesAt closedAt seedCommitment
  conditions { keyword } ineligibleCounts { reason count }`;

describe('lottery entries', () => {
  let t: TestApp;
  let owner: SignedIn;
  let sessionId: string;
  // The app's clock runs this far ahead of the wall clock; tests move it instead of sleeping.
  let aheadMs = 0;
  const now = () => new Date(Date.now() + aheadMs);
  let eventCount = 0;

  beforeAll(async () => {
    t = await startTestApp({ clock: now });
    owner = await signUpOrg(t);
    sessionId = await seedScheduledSession(t, owner.token);
  });
  afterAll(() => t?.close());

  const create = async (input: Record<string, unknown> = {}, token = owner.token, session = sessionId) =>
    (await mutate(t, token, 'createLotteryGiveaway', { sessionId: session, title: '福袋', mode: 'UNIFORM', winnerCount: 1, ...input }, `giveaway { ${GIVEAWAY} }`)).giveaway;
  const act = async (name: string, giveawayId: string, token = owner.token) => (await mutate(t, token, name, { giveawayId }, `giveaway { ${GIVEAWAY} }`)).giveaway;
  const read = async (id: string, token = owner.token) =>
    (await t.gql<{ node: any }>(`query($id: ID!) { node(id: $id) { ... on LotteryGiveaway { ${GIVEAWAY} } } }`, { id }, token)).node;

  const comment = (viewer: string, text: string, at = now()) => ({ id: `e${++eventCount}`, kind: 'COMMENT', occurredAt: at.toISOString(), viewer, text });
  const ingest = (events: Record<string, unknown>[], session = sessionId, token = owner.token) => ingestAccepted(t, token, session, events);

  const deliver = () => drainDeliveries(t);

  it('enters a viewer once however often they comment the keyword, and redelivered comments change nothing', async () => {
    const giveaway = await create({ conditions: { keyword: ' 抽奖 ' } });
    expect(giveaway).toMatchObject({ status: 'DRAFT', entrantCount: 0, conditions: { keyword: '抽奖' } });
    const opened = await act('openLotteryGiveaway', giveaway.id);
    expect(opened).toMatchObject({ status: 'OPEN', closesAt: null });
    expect(opened.version).toBeGreaterThan(giveaway.version);

    await ingest([
      ...Array.from({ length: 5 }, () => comment('fan-1', '我要抽奖!')),
      comment('fan-2', '抽奖抽奖抽奖'),
      comment('fan-3', 'hello'),
      comment('fan-4', '抽 奖'),
    ]);
    await deliver();
    expect((await read(giveaway.id)).entrantCount).toBe(2);

    // Every lottery delivery of those comments runs again: the entries stay as they were.
    await t.app.orm.em
      .fork()
      .getConnection()
      .execute(`update event_deliveries set status = 'PENDING', next_attempt_at = now(), done_at = null where handler = 'lottery:comment.posted'`);
    await deliver();
    const after = await read(giveaway.id);
    expect(after.entrantCount).toBe(2);
    const [row] = await t.app.orm.em.fork().getConnection().execute<{ entries: string }[]>('select count(*) as entries from lottery_entries');
    expect(Number(row!.entries)).toBe(2);

    const closed = await act('closeLotteryGiveaway', giveaway.id);
    expect(closed).toMatchObject({ status: 'CLOSED', eligibleCount: 2, ineligibleCounts: [] });
    expect(closed.listHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches the keyword after NFKC, case folding and white-space collapsing', async () => {
    const giveaway = await create({ conditions: { keyword: 'Lucky Bag' } });
    await act('openLotteryGiveaway', giveaway.id);
    await ingest([comment('w-1', 'ＬＵＣＫＹ　ＢＡＧ please'), comment('w-2', 'lucky   bag'), comment('w-3', 'luckybag'), comment('w-4', 'LUCKY\u200B BAG')]);
    await deliver();
    expect((await read(giveaway.id)).entrantCount).toBe(3);
    await act('cancelLotteryGiveaway', giveaway.id);
  });

  it('takes any comment when there is no keyword, and only comments posted inside the entry window', async () => {
    const giveaway = await create({ entryDurationSeconds: 60 });
    const opened = await act('openLotteryGiveaway', giveaway.id);
    const opensAt = new Date(opened.opensAt).getTime();
    expect(new Date(opened.closesAt).getTime() - opensAt).toBe(60_000);
    // Another giveaway of the session with a keyword takes only its own comments.
    const keyed = await create({ conditions: { keyword: '口令' } });
    await act('openLotteryGiveaway', keyed.id);

    await ingest([
      comment('any-1', '随便说点什么'),
      comment('any-2', '口令'),
      comment('early', 'posted before it opened', new Date(opensAt - 5_000)),
      comment('late', 'posted after its window', new Date(opensAt + 61_000)),
    ]);
    await deliver();
    expect((await read(giveaway.id)).entrantCount).toBe(2);
    expect((await read(keyed.id)).entrantCount).toBe(1);
    await act('cancelLotteryGiveaway', keyed.id);
  });

  it('is closed by the timer once its window and the grace period passed, and then takes no entry', async () => {
    const giveaway = await create({ entryDurationSeconds: 30 });
    const opened = await act('openLotteryGiveaway', giveaway.id);
    await ingest([comment('timed-1', 'hi')]);
    await deliver();

    await t.app.services.scheduler.runNow('lottery:closeDue');
    expect((await read(giveaway.id)).status).toBe('OPEN');
    aheadMs += 31_000; // past closesAt, inside the grace period
    await t.app.services.scheduler.runNow('lottery:closeDue');
    expect((await read(giveaway.id)).status).toBe('OPEN');
    aheadMs += 5_000;
    await t.app.services.scheduler.runNow('lottery:closeDue');
    const closed = await read(giveaway.id);
    expect(closed).toMatchObject({ status: 'CLOSED', entrantCount: 1, eligibleCount: 1, closesAt: opened.closesAt });

    await ingest([comment('timed-2', 'too late', new Date(new Date(opened.opensAt).getTime() + 10_000))]);
    await deliver();
    expect((await read(giveaway.id)).entrantCount).toBe(1);
  });

  it('moves through its statuses only in order', async () => {
    const giveaway = await create();
    const early = await mutateResult(t, owner.token, 'drawLotteryGiveaway', { giveawayId: giveaway.id, salt: 'x' }, 'giveaway { id }');
    expect(early).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('close it before drawing') });
    expect((await mutateResult(t, owner.token, 'closeLotteryGiveaway', { giveawayId: giveaway.id }, 'giveaway { id }')).__typename).toBe('ConflictError');
    await act('openLotteryGiveaway', giveaway.id);
    const edit = await mutateResult(t, owner.token, 'updateLotteryGiveaway', { giveawayId: giveaway.id, title: 'changed' }, 'giveaway { id }');
    expect(edit).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('only a DRAFT') });
    expect((await act('cancelLotteryGiveaway', giveaway.id)).status).toBe('CANCELLED');
    expect((await act('cancelLotteryGiveaway', giveaway.id)).status).toBe('CANCELLED');
  });

  it('validates its settings, naming each field', async () => {
    const result = await mutateResult(
      t,
      owner.token,
      'createLotteryGiveaway',
      {
        sessionId,
        title: ' ',
        mode: 'WEIGHTED',
        winnerCount: 3,
        prizes: [{ name: '手机', quantity: 2, valueAmount: 100 }],
        weights: { fanClubMember: 101 },
        entryDurationSeconds: 5,
      },
      'giveaway { id }',
    );
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues.map((issue: { path: string[] }) => issue.path.join('.')).sort()).toEqual(['input.entryDurationSeconds', 'input.title', 'input.weights.fanClubMember']);
    const count = await mutateResult(t, owner.token, 'createLotteryGiveaway', { sessionId, title: 'x', mode: 'UNIFORM', winnerCount: 3, prizes: [{ name: '手机', quantity: 2, valueAmount: 100 }] }, 'giveaway { id }');
    expect(count.issues).toEqual([{ path: ['input', 'winnerCount'], message: expect.stringContaining('(2)') }]);
    const beacon = await mutateResult(t, owner.token, 'createLotteryGiveaway', { sessionId, title: 'x', mode: 'UNIFORM', winnerCount: 1, publicValueSource: 'BEACON' }, 'giveaway { id }');
    expect(beacon.issues).toEqual([{ path: ['input', 'publicValueSource'], message: expect.stringContaining('beacon') }]);
  });

  it('belongs to a segment of its session when given one', async () => {
    const { segment } = await mutate(t, owner.token, 'createSegment', { sessionId, kind: 'WARM_UP', title: '开场福袋', plannedOffsetSeconds: 0, plannedDurationSeconds: 300 }, 'segment { id }');
    const { giveaway } = await mutate(t, owner.token, 'createLotteryGiveaway', { sessionId, segmentId: segment.id, title: '开场', mode: 'UNIFORM', winnerCount: 1 }, 'giveaway { segment { id title } session { id } }');
    expect(giveaway).toEqual({ segment: { id: segment.id, title: '开场福袋' }, session: { id: sessionId } });
    const otherSession = await seedScheduledSession(t, owner.token);
    const wrong = await mutateResult(t, owner.token, 'createLotteryGiveaway', { sessionId: otherSession, segmentId: segment.id, title: 'x', mode: 'UNIFORM', winnerCount: 1 }, 'giveaway { id }');
    expect(wrong.issues).toEqual([{ path: ['input', 'segmentId'], message: 'is not a segment of this session' }]);
  });

  it('publishes changes of the session’s giveaways to subscribers, entrant counts included', async () => {
    const subscription = subscribe(
      t.url,
      owner.token,
      `subscription($sessionId: ID!) { lotteryGiveawayUpdated(sessionId: $sessionId) { reason version giveaway { id status entrantCount } } }`,
      { sessionId },
    );
    try {
      // graphql-ws has no subscribed acknowledgement: wait until the server listens to the topic.
      const rawSessionId = Buffer.from(sessionId, 'base64').toString().split(':')[1]!;
      await waitUntil(() => t.app.services.realtime.subscriberCount('plugin', `lottery:giveaway:${rawSessionId}`) > 0, 'the subscription is registered');
      const giveaway = await create({ conditions: { keyword: 'go' } });
      // Notices about this giveaway only (earlier tests' giveaways share the session).
      const updates = () => subscription.results.map((result) => result.data?.lotteryGiveawayUpdated).filter((update) => update?.giveaway.id === giveaway.id);
      await deliver();
      await waitUntil(() => updates().length >= 1, 'the creation reached subscribers');
      expect(updates()[0]).toMatchObject({ reason: 'CREATED', giveaway: { id: giveaway.id, status: 'DRAFT' } });

      await act('openLotteryGiveaway', giveaway.id);
      await deliver();
      await ingest([comment('live-1', 'go'), comment('live-2', 'go go')]);
      await deliver();
      await waitUntil(() => updates().some((update) => update.reason === 'ENTRANTS' && update.giveaway.entrantCount === 2), 'the entrant count reached subscribers');
      expect(updates().slice(0, 2).map((update) => [update.reason, update.giveaway.status])).toEqual([
        ['CREATED', 'DRAFT'],
        ['STATUS', 'OPEN'],
      ]);
      const versions = updates().map((update) => update.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(subscription.error).toBeUndefined();
    } finally {
      await subscription.dispose();
    }
  });

  const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.app.orm.em.fork().getConnection().execute<T[]>(text, params);

  /**
   * Holds `lock` on a giveaway row in a transaction of its own, as a close or another comment
   * batch would, until `release` is called.
   */
  async function holdGiveaway(giveawayId: string, lock: 'for update' | 'for no key update') {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const done = t.app.orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute(`select 1 from lottery_giveaways where id = ? ${lock}`, [rawId(giveawayId)], 'all', tx.getTransactionContext());
      locked();
      await released;
    });
    await isLocked;
    return async () => {
      release();
      await done;
    };
  }

  /** `promise`, or a failure once it has not settled in 10 s (instead of hanging the file). */
  const within10s = <T>(promise: Promise<T>, what: string) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), 10_000).unref())]);

  it('skips a giveaway a close holds locked instead of waiting for it, and the rest of the batch enters', async () => {
    const closingSession = await seedScheduledSession(t, owner.token);
    const closing = await create({}, owner.token, closingSession);
    await act('openLotteryGiveaway', closing.id);
    const otherSession = await seedScheduledSession(t, owner.token);
    const other = await create({}, owner.token, otherSession);
    await act('openLotteryGiveaway', other.id);
    const release = await holdGiveaway(closing.id, 'for update');
    try {
      await ingest([comment('racing-close', 'hi')], closingSession);
      await ingest([comment('elsewhere', 'hi')], otherSession);
      await within10s(deliver(), 'the comment batch waited behind the close');
      expect((await read(other.id)).entrantCount).toBe(1);
      expect((await read(closing.id)).entrantCount).toBe(0);
    } finally {
      await release();
    }
    await act('cancelLotteryGiveaway', closing.id);
    await act('cancelLotteryGiveaway', other.id);
  });

  it('waits for a concurrent comment batch counting into the same giveaway rather than skipping it', async () => {
    const session = await seedScheduledSession(t, owner.token);
    const giveaway = await create({}, owner.token, session);
    await act('openLotteryGiveaway', giveaway.id);
    // What a batch of another worker process holds once it has counted its entries.
    const release = await holdGiveaway(giveaway.id, 'for no key update');
    let delivering: Promise<void> | undefined;
    try {
      await ingest([comment('concurrent', 'hi')], session);
      delivering = deliver();
      await waitUntil(async () => {
        const [row] = await sql<{ waiting: string }>(
          `select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return Number(row?.waiting) > 0;
      }, 'the batch waits for the other batch');
    } finally {
      await release();
    }
    await delivering;
    expect((await read(giveaway.id)).entrantCount).toBe(1);
    await act('cancelLotteryGiveaway', giveaway.id);
  });

  it('leaves the giveaways of an organization that switched the lottery off to the close timer until it is switched on again', async () => {
    const other = await signUpOrg(t);
    const offGiveaway = await create({ entryDurationSeconds: 30 }, other.token, await seedScheduledSession(t, other.token));
    await act('openLotteryGiveaway', offGiveaway.id, other.token);
    const onGiveaway = await create({ entryDurationSeconds: 30 }, owner.token, await seedScheduledSession(t, owner.token));
    await act('openLotteryGiveaway', onGiveaway.id);
    await mutate(t, other.token, 'setPluginEnabled', { namespace: 'lottery', enabled: false }, 'plugin { enabled }');
    const statusOf = async (id: string) => (await sql<{ status: string }>('select status from lottery_giveaways where id = ?', [rawId(id)]))[0]?.status;

    const before = aheadMs;
    aheadMs += 40_000; // past closesAt and the grace period
    try {
      await t.app.services.scheduler.runNow('lottery:closeDue');
      expect(await statusOf(offGiveaway.id)).toBe('OPEN');
      expect(await statusOf(onGiveaway.id)).toBe('CLOSED');

      await mutate(t, other.token, 'setPluginEnabled', { namespace: 'lottery', enabled: true }, 'plugin { enabled }');
      await t.app.services.scheduler.runNow('lottery:closeDue');
      expect(await read(offGiveaway.id, other.token)).toMatchObject({ status: 'CLOSED', closesAt: expect.any(String) });
    } finally {
      aheadMs = before;
    }
  });
  it('labels comments with a giveaway’s keyword posted inside its entry window, in the live feed and on resync', async () => {
    const session = await seedScheduledSession(t, owner.token);
    const giveaway = await create({ conditions: { keyword: '福袋' } }, owner.token, session);
    const FEED = `query($s: ID!) { node(id: $s) { ... on LiveSession { audienceEvents(afterSeq: 0, kinds: [COMMENT]) { events { text labels } } } } }`;
    const feed = async () => (await t.gql<{ node: { audienceEvents: { events: { text: string; labels: string[] }[] } } }>(FEED, { s: session }, owner.token)).node.audienceEvents.events;
    await ingest([comment('fan-a', '我要福袋')], session);
    expect(await feed()).toEqual([{ text: '我要福袋', labels: [] }]);
    await act('openLotteryGiveaway', giveaway.id);
    await ingest([comment('fan-b', '福袋福袋!'), comment('fan-c', '好看')], session);
    // Decided by each comment's time against the entry window: the comment from before the
    // opening stays unlabelled, also when the feed is read again.
    expect(await feed()).toEqual([
      { text: '我要福袋', labels: [] },
      { text: '福袋福袋!', labels: ['lottery:keyword'] },
      { text: '好看', labels: [] },
    ]);
  });
});

describe('lottery organizations and roles', () => {
  let t: TestApp;
  let owner: SignedIn;
  let other: SignedIn;
  let host: SignedIn;
  let sessionId: string;
  let giveawayId: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    other = await signUpOrg(t);
    host = await addMember(t, owner, 'HOST');
    sessionId = await seedScheduledSession(t, owner.token);
    ({
      giveaway: { id: giveawayId },
    } = await mutate(t, owner.token, 'createLotteryGiveaway', { sessionId, title: '福袋', mode: 'UNIFORM', winnerCount: 1 }, 'giveaway { id }'));
  });
  afterAll(() => t?.close());

  it('lets every role read giveaways but only owners and operators change them', async () => {
    const read = await t.gql<{ node: any }>('query($id: ID!) { node(id: $id) { ... on LotteryGiveaway { id status } } }', { id: giveawayId }, host.token);
    expect(read.node).toEqual({ id: giveawayId, status: 'DRAFT' });
    const denied = await mutateResult(t, host.token, 'openLotteryGiveaway', { giveawayId }, 'giveaway { id }');
    expect(denied).toMatchObject({ __typename: 'ForbiddenError', message: expect.stringContaining('lottery:manage') });
    const operator = await addMember(t, owner, 'OPERATOR');
    expect((await mutateResult(t, operator.token, 'updateLotteryGiveaway', { giveawayId, title: '新福袋' }, 'giveaway { title }')).giveaway.title).toBe('新福袋');
  });

  it('treats another organization’s giveaways and sessions as unknown', async () => {
    const seen = await t.gql<{ node: unknown; lotteryGiveaways: { totalCount: number } }>(
      'query($id: ID!) { node(id: $id) { id } lotteryGiveaways { totalCount } }',
      { id: giveawayId },
      other.token,
    );
    expect(seen).toEqual({ node: null, lotteryGiveaways: { totalCount: 0 } });
    for (const name of ['openLotteryGiveaway', 'closeLotteryGiveaway', 'cancelLotteryGiveaway']) {
      expect((await mutateResult(t, other.token, name, { giveawayId }, 'giveaway { id }')).__typename, name).toBe('NotFoundError');
    }
    expect((await mutateResult(t, other.token, 'drawLotteryGiveaway', { giveawayId, salt: 's' }, 'giveaway { id }')).__typename).toBe('NotFoundError');
    expect((await mutateResult(t, other.token, 'updateLotteryGiveaway', { giveawayId, title: 'mine' }, 'giveaway { id }')).__typename).toBe('NotFoundError');
    const foreignSession = await mutateResult(t, other.token, 'createLotteryGiveaway', { sessionId, title: 'x', mode: 'UNIFORM', winnerCount: 1 }, 'giveaway { id }');
    expect(foreignSession.__typename).toBe('NotFoundError');
    const subscription = subscribe(t.url, other.token, 'subscription($sessionId: ID!) { lotteryGiveawayUpdated(sessionId: $sessionId) { version } }', { sessionId });
    try {
      await waitUntil(() => subscription.error !== undefined || subscription.results.length > 0, 'the subscription was refused');
      expect(JSON.stringify(subscription.results[0]?.errors ?? subscription.error)).toMatch(/not found/);
    } finally {
      await subscription.dispose();
    }
    const own = await t.gql<{ lotteryGiveaways: { totalCount: number; edges: { node: { id: string } }[] } }>(
      'query($filter: LotteryGiveawayFilter) { lotteryGiveaways(filter: $filter) { totalCount edges { node { id } } } }',
      { filter: { sessionId, status: ['DRAFT'] } },
      owner.token,
    );
    expect(own.lotteryGiveaways.edges.map((edge) => edge.node.id)).toEqual([giveawayId]);
  });

  it('lists the session’s giveaways on the session, newest first', async () => {
    const { giveaway } = await mutate(t, owner.token, 'createLotteryGiveaway', { sessionId, title: '第二个', mode: 'UNIFORM', winnerCount: 1 }, 'giveaway { id }');
    const data = await t.gql<{ node: { lotteryGiveaways: { id: string }[] } }>('query($id: ID!) { node(id: $id) { ... on LiveSession { lotteryGiveaways { id } } } }', { id: sessionId }, owner.token);
    expect(data.node.lotteryGiveaways.map((entry) => entry.id)).toEqual([giveaway.id, giveawayId]);
  });

});
