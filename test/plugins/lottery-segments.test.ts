import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainDeliveries, ingestAccepted } from '../support/ingest.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';

const GIVEAWAY = `id status version entrantCount eligibleCount opensAt closesAt closedAt openWithSegment segment { id }`;
const rawId = (globalId: string) => decodeGlobalID(globalId).id;

describe('lottery giveaways run by the run of show', () => {
  let t: TestApp;
  let owner: SignedIn;
  // The app's clock runs this far ahead of the wall clock; tests move it instead of sleeping.
  let aheadMs = 0;
  const now = () => new Date(Date.now() + aheadMs);
  let eventCount = 0;

  beforeAll(async () => {
    t = await startTestApp({ clock: now });
    owner = await signUpOrg(t);
  });
  afterAll(() => t?.close());

  const sql = <T>(query: string, params: unknown[] = []) => t.app.orm.em.fork().getConnection().execute<T[]>(query, params);

  const create = async (sessionId: string, input: Record<string, unknown> = {}) =>
    (await mutate(t, owner.token, 'createLotteryGiveaway', { sessionId, title: '福袋', mode: 'UNIFORM', winnerCount: 1, ...input }, `giveaway { ${GIVEAWAY} }`)).giveaway;
  const read = async (id: string) => (await t.gql<{ node: any }>(`query($id: ID!) { node(id: $id) { ... on LotteryGiveaway { ${GIVEAWAY} } } }`, { id }, owner.token)).node;
  const segmentsOf = async (sessionId: string) =>
    (await t.gql<{ node: any }>(`query($id: ID!) { node(id: $id) { ... on LiveSession { segments { id actualStart actualEnd } } } }`, { id: sessionId }, owner.token)).node
      .segments as { id: string; actualStart: string | null; actualEnd: string | null }[];

  const comment = (viewer: string, text: string, at = now()) => ({ id: `s${++eventCount}`, kind: 'COMMENT', occurredAt: at.toISOString(), viewer, text });
  const ingest = (sessionId: string, events: Record<string, unknown>[]) => ingestAccepted(t, owner.token, sessionId, events);

  const deliver = () => drainDeliveries(t);

  /** One close tick now; retried while the worker's own tick holds the timer's lock. */
  async function closeTick() {
    while (!(await t.app.services.scheduler.runNow('lottery:closeDue'))) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** A scheduled session with three segments of a minute each. */
  async function plannedShow() {
    const sessionId = await seedSession(t, owner.token, { startHour: Math.random() * 1000 });
    const { segments } = await mutate(t, owner.token, 'replaceRunOfShow', {
      sessionId,
      segments: [
        { kind: 'WARM_UP', title: '开场', plannedOffsetSeconds: 0, plannedDurationSeconds: 60 },
        { kind: 'PRODUCT_PITCH', title: '福袋时间', plannedOffsetSeconds: 60, plannedDurationSeconds: 60 },
        { kind: 'CLOSING', title: '收尾', plannedOffsetSeconds: 120, plannedDurationSeconds: 60 },
      ],
    }, 'segments { id }');
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    return { sessionId, segmentIds: segments.map((segment: { id: string }) => segment.id) as string[] };
  }
  const next = (sessionId: string) => mutate(t, owner.token, 'advanceSegment', { sessionId, direction: 'NEXT' }, 'segment { id }');

  it('opens a giveaway as its segment goes on air, takes the segment’s comments and closes after it left the air', async () => {
    const { sessionId, segmentIds } = await plannedShow();
    const [, pitch, closing] = segmentIds as [string, string, string];
    const giveaway = await create(sessionId, { segmentId: pitch, conditions: { keyword: '抽奖' } });
    const later = await create(sessionId, { segmentId: closing });
    expect(giveaway).toMatchObject({ status: 'DRAFT', openWithSegment: true, segment: { id: pitch } });

    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    await deliver();
    expect((await read(giveaway.id)).status).toBe('DRAFT');

    aheadMs += 10_000;
    await next(sessionId);
    await deliver();
    const onAir = (await segmentsOf(sessionId))[1]!;
    const opened = await read(giveaway.id);
    expect(opened).toMatchObject({ status: 'OPEN', opensAt: onAir.actualStart, closesAt: null });
    expect((await read(later.id)).status).toBe('DRAFT');

    await ingest(sessionId, [comment('fan-1', '我要抽奖'), comment('fan-2', 'hello')]);
    await deliver();
    expect((await read(giveaway.id)).entrantCount).toBe(1);

    aheadMs += 20_000;
    await next(sessionId);
    await deliver();
    const leftAt = (await segmentsOf(sessionId))[1]!.actualEnd!;
    const closing1 = await read(giveaway.id);
    expect(closing1).toMatchObject({ status: 'OPEN', closesAt: leftAt });
    expect((await read(later.id)).status).toBe('OPEN');

    // Posted during the segment but delivered after it ended: still counts. Posted after: does not.
    const end = new Date(leftAt).getTime();
    await ingest(sessionId, [comment('fan-3', '抽奖!', new Date(end - 1_000)), comment('fan-4', '抽奖', new Date(end + 1_000))]);
    await deliver();
    expect((await read(giveaway.id)).entrantCount).toBe(2);

    // Inside the grace period the timer leaves it open; past it, the timer closes it at closesAt.
    await closeTick();
    expect((await read(giveaway.id)).status).toBe('OPEN');
    aheadMs += 5_000;
    await closeTick();
    const closed = await read(giveaway.id);
    expect(closed).toMatchObject({ status: 'CLOSED', closesAt: leftAt, entrantCount: 2, eligibleCount: 2 });

    await ingest(sessionId, [comment('fan-5', '抽奖')]);
    await deliver();
    expect((await read(giveaway.id)).entrantCount).toBe(2);
    await mutate(t, owner.token, 'endSession', { id: sessionId }, 'session { id }');
    await deliver();
  });

  it('changes nothing when segment changes are delivered again', async () => {
    const { sessionId, segmentIds } = await plannedShow();
    const giveaway = await create(sessionId, { segmentId: segmentIds[1] });
    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    aheadMs += 5_000;
    await next(sessionId);
    aheadMs += 5_000;
    await next(sessionId);
    await deliver();
    const before = await read(giveaway.id);
    expect(before).toMatchObject({ status: 'OPEN', closesAt: (await segmentsOf(sessionId))[1]!.actualEnd });

    aheadMs += 1_000;
    // START, then two operator steps: every one of them runs again.
    const redelivered = await sql<{ event_seq: string }>(
      `update event_deliveries set status = 'PENDING', next_attempt_at = now(), done_at = null
       where handler = 'lottery:segment.changed' and event_seq in (select seq from domain_events where session_id = ?) returning event_seq`,
      [rawId(sessionId)],
    );
    expect(redelivered).toHaveLength(3);
    await deliver();
    expect(await read(giveaway.id)).toEqual(before);
    const opened = await sql<{ count: string }>(`select count(*) as count from domain_events where name = 'lottery.opened' and payload->>'giveawayId' = ?`, [rawId(giveaway.id)]);
    expect(Number(opened[0]!.count)).toBe(1);
    await mutate(t, owner.token, 'endSession', { id: sessionId }, 'session { id }');
    await deliver();
  });

  it('leaves giveaways without openWithSegment to the operator (not opened, not closed), keeps an entry duration’s countdown, and ends entries with the show', async () => {
    const { sessionId, segmentIds } = await plannedShow();
    const [first, second] = segmentIds as [string, string, string];
    const manual = await create(sessionId, { segmentId: first, openWithSegment: false });
    expect(manual.openWithSegment).toBe(false);
    const timed = await create(sessionId, { segmentId: first, entryDurationSeconds: 600 });
    const last = await create(sessionId, { segmentId: second });

    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    await deliver();
    expect((await read(manual.id)).status).toBe('DRAFT');
    // The operator runs this one by hand: opened now, it is not closed when its segment leaves.
    await mutate(t, owner.token, 'openLotteryGiveaway', { giveawayId: manual.id }, 'giveaway { id }');
    const timedOpen = await read(timed.id);
    expect(timedOpen.status).toBe('OPEN');
    expect(new Date(timedOpen.closesAt).getTime() - new Date(timedOpen.opensAt).getTime()).toBe(600_000);

    aheadMs += 5_000;
    await next(sessionId);
    await deliver();
    expect(await read(timed.id)).toMatchObject({ status: 'OPEN', closesAt: timedOpen.closesAt });
    expect(await read(manual.id)).toMatchObject({ status: 'OPEN', closesAt: null });
    expect((await read(last.id)).status).toBe('OPEN');

    aheadMs += 5_000;
    const ended = await mutate(t, owner.token, 'endSession', { id: sessionId }, 'session { actualEnd }');
    await deliver();
    expect(await read(last.id)).toMatchObject({ status: 'OPEN', closesAt: ended.session.actualEnd });
  });

  it('opens nothing for an organization that switched the lottery off', async () => {
    const { sessionId, segmentIds } = await plannedShow();
    const giveaway = await create(sessionId, { segmentId: segmentIds[0] });
    await mutate(t, owner.token, 'setPluginEnabled', { namespace: 'lottery', enabled: false }, 'plugin { enabled }');
    try {
      await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
      await deliver();
    } finally {
      await mutate(t, owner.token, 'setPluginEnabled', { namespace: 'lottery', enabled: true }, 'plugin { enabled }');
    }
    expect((await read(giveaway.id)).status).toBe('DRAFT');
    await mutate(t, owner.token, 'endSession', { id: sessionId }, 'session { id }');
    await deliver();
  });

  it('defaults openWithSegment to true with a segment only, and refuses it without one', async () => {
    const { sessionId, segmentIds } = await plannedShow();
    expect((await create(sessionId)).openWithSegment).toBe(false);

    const refused = await mutateResult(t, owner.token, 'createLotteryGiveaway', { sessionId, title: 'x', mode: 'UNIFORM', winnerCount: 1, openWithSegment: true }, 'giveaway { id }');
    expect(refused.__typename).toBe('ValidationError');
    expect(refused.issues).toEqual([{ path: ['input', 'openWithSegment'], message: expect.any(String) }]);

    const giveaway = await create(sessionId, { segmentId: segmentIds[0], openWithSegment: false });
    const update = (input: Record<string, unknown>) => mutateResult(t, owner.token, 'updateLotteryGiveaway', { giveawayId: giveaway.id, ...input }, `giveaway { ${GIVEAWAY} }`);
    // Another segment keeps the setting; no segment clears it, and asking for it then is refused.
    expect((await update({ segmentId: segmentIds[1] })).giveaway).toMatchObject({ openWithSegment: false, segment: { id: segmentIds[1] } });
    expect((await update({ segmentId: null })).giveaway).toMatchObject({ openWithSegment: false, segment: null });
    const refusedUpdate = await update({ openWithSegment: true });
    expect(refusedUpdate.issues).toEqual([{ path: ['input', 'openWithSegment'], message: expect.any(String) }]);
    // Given a segment again: on by default.
    expect((await update({ segmentId: segmentIds[2] })).giveaway).toMatchObject({ openWithSegment: true, segment: { id: segmentIds[2] } });
  });
});
