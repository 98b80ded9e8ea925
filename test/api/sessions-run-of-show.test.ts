import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, hoursFrom, issuePaths, seedProduct, seedSession } from '../support/sessions-seed.js';

const SEGMENT = 'id position kind title plannedOffsetSeconds plannedDurationSeconds plannedStart plannedEnd products { id } talkingPoints cues { atSeconds text } actualStart actualEnd actualDurationSeconds';

const segment = (title: string, plannedOffsetSeconds: number, plannedDurationSeconds: number, extra: Record<string, unknown> = {}) => ({
  kind: 'PRODUCT_PITCH', title, plannedOffsetSeconds, plannedDurationSeconds, ...extra,
});

describe('run-of-show', () => {
  let t: TestApp;
  let owner: SignedIn;
  let analyst: SignedIn;
  let stranger: SignedIn;
  const segmentEvents: { sessionId: string; segmentId: string | null }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    analyst = await addMember(t, owner, 'ANALYST');
    stranger = await signUpOrg(t);
    t.app.services.events.on('segment.changed', ({ sessionId, segmentId }) => void segmentEvents.push({ sessionId, segmentId }));
  });
  afterAll(() => t.close());

  const showOf = async (sessionId: string) =>
    (await t.gql(
      `query($id: ID!) { node(id: $id) { ... on LiveSession { version status segments { ${SEGMENT} } currentSegment { id } nextSegment { id } } } }`,
      { id: sessionId },
      owner.token,
    )).node;

  describe('planning', () => {
    it('creates segments with planned times from the session start, lineup products, talking points and cues', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 20 });
      const productId = await seedProduct(t, owner.token);
      await addProduct(t, owner.token, sessionId, productId);
      await mutate(t, owner.token, 'createSegment', { sessionId, ...segment('开场', 0, 300, { kind: 'WARM_UP' }) }, 'segment { id }');
      const { segment: pitch, session } = await mutate(t, owner.token, 'createSegment', {
        sessionId, ...segment('口红讲解', 300, 900, { productIds: [productId], talkingPoints: ['持久不脱色'], cues: [{ atSeconds: 120, text: '上链接' }] }),
      }, `segment { ${SEGMENT} } session { version }`);
      expect(pitch).toMatchObject({
        position: 1, kind: 'PRODUCT_PITCH', plannedStart: hoursFrom(20 + 300 / 3600), plannedEnd: hoursFrom(20 + 1200 / 3600),
        products: [{ id: productId }], talkingPoints: ['持久不脱色'], cues: [{ atSeconds: 120, text: '上链接' }], actualStart: null,
      });
      expect(session.version).toBe(4);
      const inserted = await mutate(t, owner.token, 'createSegment', { sessionId, position: 0, ...segment('预热', 0, 60, { kind: 'WARM_UP' }) }, 'segment { id }');
      expect((await showOf(sessionId)).segments.map((s: any) => [s.position, s.title])).toEqual([[0, '预热'], [1, '开场'], [2, '口红讲解']]);
      expect((await showOf(sessionId)).segments[0].id).toBe(inserted.segment.id);
    });

    it('reports invalid fields, products outside the lineup and late cues with their paths', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 30 });
      const notInLineup = await seedProduct(t, owner.token);
      const result = await mutateResult(t, owner.token, 'createSegment', {
        sessionId, ...segment('', -1, 0),
      }, 'segment { id }');
      expect(result.__typename).toBe('ValidationError');
      expect(issuePaths(result).sort()).toEqual(['input.plannedDurationSeconds', 'input.plannedOffsetSeconds', 'input.title']);
      const refs = await mutateResult(t, owner.token, 'createSegment', {
        sessionId, ...segment('x', 0, 60, { productIds: [notInLineup, await seedProduct(t, stranger.token)], cues: [{ atSeconds: 61, text: '开价' }] }),
      }, 'segment { id }');
      expect(issuePaths(refs)).toEqual(['input.productIds.0', 'input.productIds.1', 'input.cues.0.atSeconds']);
      expect((await showOf(sessionId)).segments).toEqual([]);
    });

    it('updates only the given fields and keeps cues within the duration', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 40 });
      const { segment: created } = await mutate(t, owner.token, 'createSegment', {
        sessionId, ...segment('秒杀', 600, 300, { kind: 'FLASH_SALE', cues: [{ atSeconds: 200, text: '放库存' }] }),
      }, 'segment { id }');
      const shrunk = await mutateResult(t, owner.token, 'updateSegment', { id: created.id, plannedDurationSeconds: 100 }, 'segment { id }');
      expect(issuePaths(shrunk)).toEqual(['input.plannedDurationSeconds']);
      const { segment: updated } = await mutate(t, owner.token, 'updateSegment', { id: created.id, title: '限时秒杀', plannedOffsetSeconds: 900 }, `segment { ${SEGMENT} }`);
      expect(updated).toMatchObject({ title: '限时秒杀', kind: 'FLASH_SALE', plannedOffsetSeconds: 900, plannedDurationSeconds: 300, cues: [{ atSeconds: 200 }] });
    });

    it('deletes and reorders segments', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 50 });
      const ids: string[] = [];
      for (const title of ['a', 'b', 'c']) ids.push((await mutate(t, owner.token, 'createSegment', { sessionId, ...segment(title, 0, 60) }, 'segment { id }')).segment.id);
      const { deletedId } = await mutate(t, owner.token, 'deleteSegment', { id: ids[0] }, 'deletedId');
      expect(deletedId).toBe(ids[0]);
      const { session } = await mutate(t, owner.token, 'reorderSegments', { sessionId, segmentIds: [ids[2], ids[1]] }, 'session { segments { id position } }');
      expect(session.segments).toEqual([{ id: ids[2], position: 0 }, { id: ids[1], position: 1 }]);
      const wrong = await mutateResult(t, owner.token, 'reorderSegments', { sessionId, segmentIds: [ids[2], ids[0]] }, 'session { id }');
      expect(issuePaths(wrong)).toEqual(['input.segmentIds.1', 'input.segmentIds']);
    });

    it('refuses an analyst and another organization every planning change', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 60 });
      const { segment: created } = await mutate(t, owner.token, 'createSegment', { sessionId, ...segment('a', 0, 60) }, 'segment { id }');
      const attempts: [string, Record<string, unknown>][] = [
        ['createSegment', { sessionId, ...segment('x', 0, 60) }],
        ['updateSegment', { id: created.id, title: 'x' }],
        ['deleteSegment', { id: created.id }],
        ['reorderSegments', { sessionId, segmentIds: [created.id] }],
        ['replaceRunOfShow', { sessionId, segments: [] }],
      ];
      for (const [name, input] of attempts) {
        expect((await mutateResult(t, analyst.token, name, input, '__typename')).__typename, name).toBe('ForbiddenError');
        expect((await mutateResult(t, stranger.token, name, input, '__typename')).__typename, name).toBe('NotFoundError');
      }
      expect((await showOf(sessionId)).segments.map((s: any) => s.title)).toEqual(['a']);
    });
  });

  describe('saving the whole editor', () => {
    it('keeps listed segments, creates new ones and deletes the rest', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 70 });
      const productId = await seedProduct(t, owner.token);
      await addProduct(t, owner.token, sessionId, productId);
      const kept = (await mutate(t, owner.token, 'createSegment', { sessionId, ...segment('kept', 0, 60) }, 'segment { id }')).segment.id;
      const dropped = (await mutate(t, owner.token, 'createSegment', { sessionId, ...segment('dropped', 60, 60) }, 'segment { id }')).segment.id;
      const { segments, session } = await mutate(t, owner.token, 'replaceRunOfShow', {
        sessionId,
        segments: [
          segment('new first', 0, 120, { kind: 'WARM_UP' }),
          { id: kept, ...segment('kept, renamed', 120, 600, { productIds: [productId], talkingPoints: ['话术'] }) },
          segment('closing', 720, 300, { kind: 'CLOSING' }),
        ],
      }, `segments { id title position } session { version }`);
      expect(segments.map((s: any) => [s.position, s.title])).toEqual([[0, 'new first'], [1, 'kept, renamed'], [2, 'closing']]);
      expect(segments[1].id).toBe(kept);
      expect((await showOf(sessionId)).segments.map((s: any) => s.id)).not.toContain(dropped);
      expect(session.version).toBe(5);
    });

    it('validates every segment and reports all issues at once, changing nothing', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 80 });
      await mutate(t, owner.token, 'createSegment', { sessionId, ...segment('existing', 0, 60) }, 'segment { id }');
      const result = await mutateResult(t, owner.token, 'replaceRunOfShow', {
        sessionId,
        segments: [
          segment('fine', 0, 60),
          { id: 'not-a-segment', ...segment('unknown id', 60, 60) },
          segment('broken', -5, 0, { productIds: ['missing'] }),
        ],
      }, 'segments { id }');
      expect(result.__typename).toBe('ValidationError');
      expect(issuePaths(result)).toEqual(expect.arrayContaining(['input.segments.2.plannedOffsetSeconds', 'input.segments.2.plannedDurationSeconds']));
      const refs = await mutateResult(t, owner.token, 'replaceRunOfShow', {
        sessionId, segments: [segment('fine', 0, 60), { id: 'not-a-segment', ...segment('unknown id', 60, 60) }, segment('broken', 0, 30, { productIds: ['missing'] })],
      }, 'segments { id }');
      expect(issuePaths(refs)).toEqual(['input.segments.1.id', 'input.segments.2.productIds.0']);
      expect((await showOf(sessionId)).segments.map((s: any) => s.title)).toEqual(['existing']);
    });
  });

  describe('running the show', () => {
    let sessionId: string;
    let ids: string[];

    beforeAll(async () => {
      sessionId = await seedSession(t, owner.token, { startHour: 100 });
      const { segments } = await mutate(t, owner.token, 'replaceRunOfShow', {
        sessionId, segments: [segment('开场', 0, 300, { kind: 'WARM_UP' }), segment('讲解', 300, 600), segment('福袋', 900, 300, { kind: 'GIVEAWAY' })],
      }, 'segments { id }');
      ids = segments.map((s: any) => s.id);
      await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    });

    it('only steps through segments while the session is live', async () => {
      const early = await mutateResult(t, owner.token, 'advanceSegment', { sessionId, direction: 'NEXT' }, 'segment { id }');
      expect(early).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/only while the session is LIVE; it is SCHEDULED/) });
      expect((await showOf(sessionId)).nextSegment).toEqual({ id: ids[0] });
    });

    it('puts the first segment on air when the session starts', async () => {
      segmentEvents.length = 0;
      await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
      const show = await showOf(sessionId);
      expect(show.currentSegment).toEqual({ id: ids[0] });
      expect(show.nextSegment).toEqual({ id: ids[1] });
      expect(show.segments[0].actualStart).not.toBeNull();
      expect(segmentEvents).toEqual([{ sessionId: rawId(sessionId), segmentId: rawId(ids[0]!) }]);
    });

    it('advances, goes back and jumps, keeping plan and actual on each segment', async () => {
      const before = (await showOf(sessionId)).version;
      const next = await mutate(t, owner.token, 'advanceSegment', { sessionId, direction: 'NEXT' }, `segment { ${SEGMENT} } session { version currentSegment { id } }`);
      expect(next.segment).toMatchObject({ id: ids[1], actualEnd: null, plannedStart: hoursFrom(100 + 300 / 3600) });
      expect(next.session).toEqual({ version: before + 1, currentSegment: { id: ids[1] } });
      const afterNext = await showOf(sessionId);
      expect(afterNext.segments[0].actualEnd).not.toBeNull();
      expect(afterNext.segments[0].actualDurationSeconds).toBeGreaterThanOrEqual(0);

      const firstStart = afterNext.segments[0].actualStart;
      const back = await mutate(t, owner.token, 'advanceSegment', { sessionId, direction: 'PREVIOUS' }, `segment { ${SEGMENT} }`);
      expect(back.segment).toMatchObject({ id: ids[0], actualStart: firstStart, actualEnd: null });

      const jump = await mutate(t, owner.token, 'goToSegment', { sessionId, segmentId: ids[2] }, `segment { id } session { currentSegment { id } nextSegment { id } }`);
      expect(jump.session).toEqual({ currentSegment: { id: ids[2] }, nextSegment: null });
      expect(segmentEvents.at(-1)).toEqual({ sessionId: rawId(sessionId), segmentId: rawId(ids[2]!) });

      const beyond = await mutateResult(t, owner.token, 'advanceSegment', { sessionId, direction: 'NEXT' }, 'segment { id }');
      expect(beyond).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/last segment/) });
    });

    it('keeps segments that have been on air', async () => {
      const result = await mutateResult(t, owner.token, 'deleteSegment', { id: ids[0] }, 'deletedId');
      expect(result).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/has been on air/) });
      const replace = await mutateResult(t, owner.token, 'replaceRunOfShow', { sessionId, segments: [] }, 'segments { id }');
      expect(replace.__typename).toBe('ConflictError');
    });

    it('refuses an analyst, another organization and a segment of another session', async () => {
      expect((await mutateResult(t, analyst.token, 'advanceSegment', { sessionId, direction: 'NEXT' }, 'segment { id }')).__typename).toBe('ForbiddenError');
      expect((await mutateResult(t, analyst.token, 'goToSegment', { sessionId, segmentId: ids[0] }, 'segment { id }')).__typename).toBe('ForbiddenError');
      expect((await mutateResult(t, stranger.token, 'advanceSegment', { sessionId, direction: 'PREVIOUS' }, 'segment { id }')).__typename).toBe('NotFoundError');
      expect((await mutateResult(t, stranger.token, 'goToSegment', { sessionId, segmentId: ids[0] }, 'segment { id }')).__typename).toBe('NotFoundError');
      const other = await seedSession(t, owner.token, { startHour: 300 });
      const { segment: elsewhere } = await mutate(t, owner.token, 'createSegment', { sessionId: other, ...segment('elsewhere', 0, 60) }, 'segment { id }');
      expect((await mutateResult(t, owner.token, 'goToSegment', { sessionId, segmentId: elsewhere.id }, 'segment { id }')).__typename).toBe('NotFoundError');
    });

    it('closes the segment on air when the session ends', async () => {
      segmentEvents.length = 0;
      await mutate(t, owner.token, 'endSession', { id: sessionId }, 'session { id }');
      const show = await showOf(sessionId);
      expect(show).toMatchObject({ status: 'ENDED', currentSegment: null, nextSegment: null });
      expect(show.segments[2].actualEnd).not.toBeNull();
      expect(segmentEvents).toEqual([{ sessionId: rawId(sessionId), segmentId: null }]);
    });
  });
});

/** The database id behind a Relay global id. */
function rawId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}
