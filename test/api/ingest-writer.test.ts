import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { comments, seedScheduledSession } from '../support/ingest.js';

describe('the ingestion batch writer', () => {
  let t: TestApp;
  let owner: SignedIn;
  let sessionId: string;

  const ingest = (events: unknown[]) => t.request(
    `mutation($input: IngestEventsInput!) { ingestEvents(input: $input) { __typename ... on IngestEventsPayload { acceptedCount duplicateCount } } }`,
    { input: { sessionId, events } },
    owner.token,
  );

  async function loggedIds(): Promise<string[]> {
    const rows = await t.app.orm.em.fork().getConnection().execute<{ event_id: string }[]>(
      'select event_id from audience_events where session_id = ? order by event_id',
      [decodeGlobalID(sessionId).id],
    );
    return rows.map((row) => row.event_id);
  }

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    owner = await signUpOrg(t);
    sessionId = await seedScheduledSession(t, owner.token);
  }, 60_000);
  afterAll(() => t.close());

  /** Writer rows for the test session (what the service hands the writer after validation). */
  const rows = (ids: string[], text: string) =>
    ids.map((eventId) => ({
      organizationId: decodeGlobalID(owner.organizationId).id, sessionId: decodeGlobalID(sessionId).id, platform: 'DOUYIN' as const,
      source: 'api', eventId, kind: 'COMMENT' as const, occurredAt: new Date(), viewer: 'writer-test', region: null,
      productId: null, count: 1, amount: null, orderId: null, data: { text },
    }));

  it('fails every caller of a failed flush and stores none of their events; they store them by sending again', async () => {
    const { ingest: service, liveMetrics } = t.app.services;
    service.writer.setHook({
      apply: async (tx, accepted) => {
        if (accepted.some((event) => event.data.text === 'boom')) throw new Error('aggregation failed');
        await liveMetrics.apply(tx, accepted);
      },
      afterCommit: (ids) => liveMetrics.afterCommit(ids),
    });
    try {
      // Written in the same tick, both callers are in one flush.
      const results = await Promise.allSettled([service.writer.write(rows(['bad-0'], 'boom')), service.writer.write(rows(['good-0', 'good-1'], 'fine'))]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      expect(await loggedIds()).toEqual([]);

      const resent = await ingest(comments('good', 2));
      expect(resent.data?.ingestEvents).toEqual({ __typename: 'IngestEventsPayload', acceptedCount: 2, duplicateCount: 0 });
      expect(await loggedIds()).toEqual(['good-0', 'good-1']);
      const failedOverHttp = await ingest([{ ...comments('bad', 1)[0]!, text: 'boom' }]);
      expect(failedOverHttp.errors?.map((error) => error.message)).toEqual(['Unexpected error.']);
    } finally {
      service.writer.setHook(liveMetrics);
    }
  });

  it('takes events for sessions that ended, and refuses cancelled ones', async () => {
    const ended = await seedScheduledSession(t, owner.token);
    await mutate(t, owner.token, 'startSession', { id: ended }, 'session { id }');
    await mutate(t, owner.token, 'endSession', { id: ended }, 'session { id }');
    const late = await mutateResult(t, owner.token, 'ingestEvents', { sessionId: ended, events: comments('late', 2) }, 'acceptedCount');
    expect(late).toEqual({ __typename: 'IngestEventsPayload', acceptedCount: 2 });

    const cancelled = await seedScheduledSession(t, owner.token);
    await mutate(t, owner.token, 'cancelSession', { id: cancelled, reason: 'host ill' }, 'session { id }');
    const refused = await mutateResult(t, owner.token, 'ingestEvents', { sessionId: cancelled, events: comments('cancelled', 1) }, 'acceptedCount');
    expect(refused.__typename).toBe('ConflictError');
  });

  it('writes what is pending when the app closes, then refuses writes', async () => {
    const { writer } = t.app.services.ingest;
    const events = rows(['closing-0', 'closing-1'], 'bye');
    // Pending, not yet flushed (the flush waits up to 50 ms for more).
    const pending = writer.write(events);
    await writer.close();
    expect((await pending).every((seq) => typeof seq === 'number')).toBe(true);
    expect(await loggedIds()).toEqual(expect.arrayContaining(['closing-0', 'closing-1']));
    await expect(writer.write(events)).rejects.toThrow(/closed/);
  });
});
