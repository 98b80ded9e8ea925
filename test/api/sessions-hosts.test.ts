import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { assignHost, hoursFrom, seedHost, seedSession } from '../support/sessions-seed.js';

/** The database id behind a Relay global id. */
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

const HOSTS = 'hosts { id role host { id name } }';

describe('hosts on sessions', () => {
  let t: TestApp;
  let owner: SignedIn;
  let analyst: SignedIn;
  let stranger: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ maxQueryCost: 5000 });
    owner = await signUpOrg(t);
    analyst = await addMember(t, owner, 'ANALYST');
    stranger = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('assigns hosts, lists the MAIN host first and bumps the version', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 0 });
    const assistant = await seedHost(t, owner.token, '小助');
    const main = await seedHost(t, owner.token, '大主播');
    await mutate(t, owner.token, 'assignSessionHost', { sessionId, hostId: assistant, role: 'ASSISTANT' }, 'session { id }');
    const { session, sessionHost } = await mutate(
      t, owner.token, 'assignSessionHost', { sessionId, hostId: main, role: 'MAIN' }, `session { version ${HOSTS} } sessionHost { role host { name } session { id } }`,
    );
    expect(sessionHost).toEqual({ role: 'MAIN', host: { name: '大主播' }, session: { id: sessionId } });
    expect(session.version).toBe(3);
    expect(session.hosts.map((row: any) => [row.role, row.host.name])).toEqual([['MAIN', '大主播'], ['ASSISTANT', '小助']]);
  });

  it('keeps at most one MAIN host per session', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 10 });
    const first = await assignHost(t, owner.token, sessionId, await seedHost(t, owner.token), 'MAIN');
    const second = await assignHost(t, owner.token, sessionId, await seedHost(t, owner.token), 'MAIN');
    expect(second).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/already has a MAIN host/), conflictingIds: [first.sessionHost.id] });

    const guest = await assignHost(t, owner.token, sessionId, await seedHost(t, owner.token), 'GUEST');
    const promote = await mutateResult(t, owner.token, 'updateSessionHostRole', { id: guest.sessionHost.id, role: 'MAIN' }, 'sessionHost { role }');
    expect(promote.__typename).toBe('ConflictError');
    await mutate(t, owner.token, 'updateSessionHostRole', { id: first.sessionHost.id, role: 'ASSISTANT' }, 'sessionHost { role }');
    const promoted = await mutate(t, owner.token, 'updateSessionHostRole', { id: guest.sessionHost.id, role: 'MAIN' }, `sessionHost { role } session { ${HOSTS} }`);
    expect(promoted.sessionHost.role).toBe('MAIN');
    expect(promoted.session.hosts[0].id).toBe(guest.sessionHost.id);
  });

  it('refuses the same host twice on one session', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 20 });
    const hostId = await seedHost(t, owner.token);
    await assignHost(t, owner.token, sessionId, hostId);
    const again = await assignHost(t, owner.token, sessionId, hostId, 'GUEST');
    expect(again).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/already on this session as ASSISTANT/) });
  });

  it('removes a host from a session', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 30 });
    const assigned = await assignHost(t, owner.token, sessionId, await seedHost(t, owner.token));
    const { session, removedId } = await mutate(t, owner.token, 'removeSessionHost', { id: assigned.sessionHost.id }, `removedId session { ${HOSTS} }`);
    expect(removedId).toBe(assigned.sessionHost.id);
    expect(session.hosts).toEqual([]);
    const again = await mutateResult(t, owner.token, 'removeSessionHost', { id: assigned.sessionHost.id }, 'removedId');
    expect(again.__typename).toBe('NotFoundError');
  });

  it('refuses an analyst every host change', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 40 });
    const hostId = await seedHost(t, owner.token);
    expect((await assignHost(t, analyst.token, sessionId, hostId)).__typename).toBe('ForbiddenError');
    const assigned = await assignHost(t, owner.token, sessionId, hostId);
    expect((await mutateResult(t, analyst.token, 'updateSessionHostRole', { id: assigned.sessionHost.id, role: 'GUEST' }, 'sessionHost { id }')).__typename).toBe('ForbiddenError');
    expect((await mutateResult(t, analyst.token, 'removeSessionHost', { id: assigned.sessionHost.id }, 'removedId')).__typename).toBe('ForbiddenError');
  });

  it('treats another organization’s session, host and session host as unknown', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 50 });
    const hostId = await seedHost(t, owner.token);
    const foreignSession = await seedSession(t, stranger.token, { startHour: 50 });
    const foreignHost = await seedHost(t, stranger.token);
    expect(await assignHost(t, owner.token, foreignSession, hostId)).toMatchObject({ __typename: 'NotFoundError', message: expect.stringMatching(/^LiveSession .* was not found$/) });
    expect((await assignHost(t, owner.token, sessionId, foreignHost)).__typename).toBe('NotFoundError');
    expect((await assignHost(t, owner.token, sessionId, 'not-a-global-id')).__typename).toBe('NotFoundError');
    const assigned = await assignHost(t, owner.token, sessionId, hostId);
    expect((await mutateResult(t, stranger.token, 'updateSessionHostRole', { id: assigned.sessionHost.id, role: 'GUEST' }, 'sessionHost { id }')).__typename).toBe('NotFoundError');
    expect((await mutateResult(t, stranger.token, 'removeSessionHost', { id: assigned.sessionHost.id }, 'removedId')).__typename).toBe('NotFoundError');
  });

  it('freezes the hosts of an ended session', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 60 });
    for (const name of ['scheduleSession', 'startSession', 'endSession']) await mutate(t, owner.token, name, { id: sessionId }, 'session { id }');
    const result = await assignHost(t, owner.token, sessionId, await seedHost(t, owner.token));
    expect(result).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/hosts while the session is ENDED/) });
  });

  describe('double booking', () => {
    it('refuses a host on an overlapping session, naming the sessions it clashes with', async () => {
      const hostId = await seedHost(t, owner.token, '忙碌主播');
      const evening = await seedSession(t, owner.token, { title: '晚场', startHour: 100, hours: 2 });
      await assignHost(t, owner.token, evening, hostId, 'MAIN');
      const overlapping = await seedSession(t, owner.token, { startHour: 101, hours: 2 });
      const refused = await assignHost(t, owner.token, overlapping, hostId);
      expect(refused).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/忙碌主播 is already booked on overlapping sessions: “晚场”/), conflictingIds: [evening] });

      const adjacent = await seedSession(t, owner.token, { startHour: 102, hours: 1 });
      expect((await assignHost(t, owner.token, adjacent, hostId)).__typename).toBe('AssignSessionHostPayload');
    });

    it('ignores cancelled sessions', async () => {
      const hostId = await seedHost(t, owner.token);
      const cancelled = await seedSession(t, owner.token, { startHour: 110 });
      await assignHost(t, owner.token, cancelled, hostId);
      await mutate(t, owner.token, 'cancelSession', { id: cancelled, reason: '改期' }, 'session { id }');
      const replacement = await seedSession(t, owner.token, { startHour: 110 });
      expect((await assignHost(t, owner.token, replacement, hostId)).__typename).toBe('AssignSessionHostPayload');
    });

    it('refuses rescheduling a session onto another session of one of its hosts', async () => {
      const hostId = await seedHost(t, owner.token);
      const first = await seedSession(t, owner.token, { startHour: 120, hours: 2 });
      const second = await seedSession(t, owner.token, { startHour: 130, hours: 2 });
      await assignHost(t, owner.token, first, hostId);
      await assignHost(t, owner.token, second, hostId);
      const moved = await mutateResult(t, owner.token, 'updateSession', { id: second, scheduledStart: hoursFrom(121), scheduledEnd: hoursFrom(123) }, 'session { id }');
      expect(moved).toMatchObject({ __typename: 'ConflictError', conflictingIds: [first] });
      const unchanged = await t.gql('query($id: ID!) { node(id: $id) { ... on LiveSession { scheduledStart version } } }', { id: second }, owner.token);
      expect(unchanged.node).toEqual({ scheduledStart: hoursFrom(130), version: 2 });
      expect((await mutateResult(t, owner.token, 'updateSession', { id: second, scheduledStart: hoursFrom(122), scheduledEnd: hoursFrom(124) }, 'session { id }')).__typename).toBe('UpdateSessionPayload');
    });

    it('lets exactly one of ten concurrent bookings of one host on overlapping sessions succeed', async () => {
      const hostId = await seedHost(t, owner.token, '抢手主播');
      const sessions: string[] = [];
      for (let index = 0; index < 10; index += 1) sessions.push(await seedSession(t, owner.token, { startHour: 200 + index * 0.1, hours: 2 }));

      // Hold the ten session rows so that the bookings that reach the database queue and are then
      // released together: without the host lock their overlap checks run side by side and pass.
      const blocker = new pg.Client({ connectionString: t.databaseUrl });
      await blocker.connect();
      await blocker.query('begin');
      await blocker.query('select id from live_sessions where id = any($1::uuid[]) for update', [sessions.map(rawId)]);
      const pending = Promise.all(sessions.map((sessionId) => assignHost(t, owner.token, sessionId, hostId, 'MAIN')));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await blocker.query('commit');
      await blocker.end();
      const results = await pending;

      const kinds = results.map((result) => result.__typename);
      expect(kinds.filter((kind) => kind === 'AssignSessionHostPayload')).toHaveLength(1);
      expect(kinds.filter((kind) => kind === 'ConflictError')).toHaveLength(9);
      const winner = sessions[kinds.indexOf('AssignSessionHostPayload')];
      for (const result of results.filter((r) => r.__typename === 'ConflictError')) expect(result.conflictingIds).toEqual([winner]);
      const booked = await t.gql('query($id: ID!) { node(id: $id) { ... on Host { sessions { totalCount } } } }', { id: hostId }, owner.token);
      expect(booked.node.sessions.totalCount).toBe(1);
    });
  });
});
