import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, seedProduct, seedSession } from '../support/sessions-seed.js';
import { waitUntil } from '../support/realtime-clients.js';

const rawId = (globalId: string) => decodeGlobalID(globalId).id;
const AUTO_ADVANCE = 'sessions.autoAdvance';

interface RecordedEvent {
  name: string;
  payload: Record<string, any>;
  actor_id: string | null;
}

describe('running the show', () => {
  let t: TestApp;
  let owner: SignedIn;
  /** The app's clock runs this far ahead of the wall clock; tests move it instead of sleeping. */
  let aheadMs = 0;
  const now = () => new Date(Date.now() + aheadMs);

  beforeAll(async () => {
    t = await startTestApp({ clock: now });
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  /** The facts the outbox recorded for a session, in order (the review timeline reads the same rows). */
  const timeline = async (sessionId: string, names: string[]) =>
    t.app.orm.em.fork().execute<RecordedEvent[]>(
      `select name, payload, actor_id from domain_events where session_id = ? and name in (select jsonb_array_elements_text(?::jsonb)) order by seq`,
      [rawId(sessionId), JSON.stringify(names)],
    );

  /** Runs one auto-advance tick now; retried while the worker's own tick holds the task's lock. */
  const tick = async () => {
    while (!(await t.app.services.scheduler.runNow(AUTO_ADVANCE))) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  const show = async (sessionId: string) =>
    (await t.gql(
      `query($id: ID!) { node(id: $id) { ... on LiveSession {
        status version autoAdvance actualStart actualEnd currentSegmentSince currentSegment { id }
        segments { id title plannedStart plannedEnd actualStart actualEnd } } } }`,
      { id: sessionId },
      owner.token,
    )).node;

  /** A scheduled session with three segments: 0-60 s, 60-180 s (pitching a product), 180-300 s. */
  async function plannedShow() {
    const sessionId = await seedSession(t, owner.token, { startHour: Math.random() * 1000 });
    const productId = await seedProduct(t, owner.token);
    await addProduct(t, owner.token, sessionId, productId);
    const { segments } = await mutate(t, owner.token, 'replaceRunOfShow', {
      sessionId,
      segments: [
        { kind: 'WARM_UP', title: '开场', plannedOffsetSeconds: 0, plannedDurationSeconds: 60 },
        { kind: 'PRODUCT_PITCH', title: '口红讲解', plannedOffsetSeconds: 60, plannedDurationSeconds: 120, productIds: [productId] },
        { kind: 'CLOSING', title: '收尾', plannedOffsetSeconds: 180, plannedDurationSeconds: 120 },
      ],
    }, 'segments { id }');
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { status }');
    return { sessionId, productId, segmentIds: segments.map((segment: { id: string }) => segment.id) as string[] };
  }

  it('records session.started and session.ended with their times, and the segment changes they cause', async () => {
    const { sessionId, segmentIds } = await plannedShow();
    const started = await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { actualStart }');
    const ended = await mutate(t, owner.token, 'endSession', { id: sessionId }, 'session { actualEnd }');
    const events = await timeline(sessionId, ['session.started', 'session.ended', 'segment.changed']);
    expect(events.map((event) => [event.name, event.payload.trigger ?? null])).toEqual([
      ['session.started', null],
      ['segment.changed', 'START'],
      ['segment.changed', 'END'],
      ['session.ended', null],
    ]);
    expect(events[0]!.payload).toEqual({ organizationId: rawId(owner.organizationId), sessionId: rawId(sessionId), at: started.session.actualStart });
    expect(events[3]!.payload.at).toBe(ended.session.actualEnd);
    expect(events[1]!.payload).toMatchObject({ segmentId: rawId(segmentIds[0]!), previousSegmentId: null, productIds: [], at: started.session.actualStart });
    expect(events[2]!.payload).toMatchObject({ segmentId: null, previousSegmentId: rawId(segmentIds[0]!), at: ended.session.actualEnd });
    expect(events.every((event) => event.actor_id === rawId(owner.memberId))).toBe(true);
    const transitions = await timeline(sessionId, ['session.statusChanged']);
    expect(transitions.map((event) => [event.payload.to, event.actor_id])).toEqual([
      ['SCHEDULED', rawId(owner.memberId)],
      ['LIVE', rawId(owner.memberId)],
      ['ENDED', rawId(owner.memberId)],
    ]);
  });

  it('advances to the next segment at its planned end with trigger SCHEDULE, keeping plan and actual apart', async () => {
    const { sessionId, productId, segmentIds } = await plannedShow();
    const enabled = await mutate(t, owner.token, 'setSessionAutoAdvance', { sessionId, enabled: true }, 'session { autoAdvance }');
    expect(enabled.session.autoAdvance).toBe(true);
    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    const before = await show(sessionId);
    expect(before.currentSegment.id).toBe(segmentIds[0]);

    // Before the first segment's planned end nothing moves.
    aheadMs += 59_000;
    await tick();
    expect((await show(sessionId)).currentSegment.id).toBe(segmentIds[0]);

    // Past it, the scheduler's own tick (every second in the worker) moves the show on.
    aheadMs += 2_000;
    await waitUntil(async () => (await show(sessionId)).currentSegment.id === segmentIds[1], 'the show advanced by itself');
    const after = await show(sessionId);
    expect(after.version).toBeGreaterThan(before.version);
    const [opening, pitch] = after.segments;
    expect(opening.plannedStart).toBe(before.segments[0].plannedStart);
    expect(opening.plannedEnd).toBe(before.segments[0].plannedEnd);
    expect(opening.actualStart).toBe(before.actualStart);
    expect(opening.actualEnd).toBe(pitch.actualStart);
    expect(new Date(pitch.actualStart).getTime()).toBeGreaterThanOrEqual(new Date(before.actualStart).getTime() + 60_000);
    expect(after.currentSegmentSince).toBe(pitch.actualStart);

    const changes = await timeline(sessionId, ['segment.changed']);
    expect(changes.at(-1)).toMatchObject({
      actor_id: null,
      payload: { trigger: 'SCHEDULE', segmentId: rawId(segmentIds[1]!), previousSegmentId: rawId(segmentIds[0]!), productIds: [rawId(productId)], at: pitch.actualStart },
    });
  });

  it('leaves a segment an operator went back to after its planned end, the last segment, and shows without auto-advance alone', async () => {
    const { sessionId, segmentIds } = await plannedShow();
    await mutate(t, owner.token, 'setSessionAutoAdvance', { sessionId, enabled: true }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    await mutate(t, owner.token, 'advanceSegment', { sessionId, direction: 'NEXT' }, 'segment { id }');
    aheadMs += 200_000;
    // The pitch (60-180 s) is past its planned end: the tick moves it to the closing segment.
    await tick();
    expect((await show(sessionId)).currentSegment.id).toBe(segmentIds[2]);
    // Closing is past its end too but is the last one; it stays.
    aheadMs += 200_000;
    await tick();
    expect((await show(sessionId)).currentSegment.id).toBe(segmentIds[2]);
    // Going back by hand after the pitch's planned end: the operator runs it now.
    await mutate(t, owner.token, 'goToSegment', { sessionId, segmentId: segmentIds[1] }, 'segment { id }');
    await tick();
    expect((await show(sessionId)).currentSegment.id).toBe(segmentIds[1]);
    expect((await timeline(sessionId, ['segment.changed'])).map((event) => event.payload.trigger)).toEqual(['START', 'MANUAL', 'SCHEDULE', 'MANUAL']);

    const manual = await plannedShow();
    await mutate(t, owner.token, 'startSession', { id: manual.sessionId }, 'session { id }');
    aheadMs += 100_000;
    await tick();
    expect((await show(manual.sessionId)).currentSegment.id).toBe(manual.segmentIds[0]);
  });

  it('lets editors switch auto-advance until the show ends', async () => {
    const { sessionId } = await plannedShow();
    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    await mutate(t, owner.token, 'endSession', { id: sessionId }, 'session { id }');
    const refused = await mutateResult(t, owner.token, 'setSessionAutoAdvance', { sessionId, enabled: true }, 'session { id }');
    expect(refused).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/until the show ends; the session is ENDED/) });
  });
});
