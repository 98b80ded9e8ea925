import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forger, mod, stall } from '../fixtures/moderation-plugins.js';
import { seedScheduledSession } from '../support/ingest.js';
import { subscribe } from '../support/realtime-clients.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The comment.beforePublish decision point: the live feed and its resync, decided by plugins. */
describe('comments decided by plugins before the feed shows them', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ plugins: [{ plugin: mod }, { plugin: stall }, { plugin: forger }] });
    owner = await signUpOrg(t);
  });
  afterAll(() => t?.close());

  const FEED = `subscription($s: ID!) { sessionEvents(sessionId: $s, kinds: [COMMENT]) { version events { seq text labels } } }`;
  const RESYNC = `query($s: ID!) { node(id: $s) { ... on LiveSession { audienceEvents(afterSeq: 0, kinds: [COMMENT]) { version events { seq text labels } } } } }`;
  const comment = (id: string, text: string) => ({ id, kind: 'COMMENT', occurredAt: new Date().toISOString(), viewer: `viewer-${id}`, text });

  it('hides and labels comments in the live batch and in the resync page alike; a stalled plugin and a forged label change nothing', async () => {
    const sessionId = await seedScheduledSession(t, owner.token);
    const feed = subscribe(t.url, owner.token, FEED, { s: sessionId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await mutate(t, owner.token, 'ingestEvents', {
      sessionId,
      events: [comment('c1', '主播好'), comment('c2', '加微信领福利 vx123'), comment('c3', '有小码吗？')],
    }, 'acceptedCount');
    await feed.received(1);
    expect(feed.error).toBeUndefined();
    const live = feed.results[0]!.data.sessionEvents;
    expect(live.events.map((event: { text: string; labels: string[] }) => [event.text, event.labels])).toEqual([
      ['主播好', []],
      ['有小码吗？', ['mod:question']],
    ]);
    await feed.dispose();

    const resync = await t.gql<{ node: { audienceEvents: { version: number; events: { seq: number; text: string; labels: string[] }[] } } }>(RESYNC, { s: sessionId }, owner.token);
    expect(resync.node.audienceEvents.events).toEqual(live.events);
    // The version still covers the hidden comment: a client resumes after it, not before.
    expect(resync.node.audienceEvents.version).toBe(live.version);

    // Hidden from the feed only: the log and the metrics keep every comment.
    const counted = await t.gql<{ node: { liveMetrics: { comments: number } } }>(`query($s: ID!) { node(id: $s) { ... on LiveSession { liveMetrics { comments } } } }`, { s: sessionId }, owner.token);
    expect(counted.node.liveMetrics.comments).toBe(3);

    const health = await t.gql<{ installedPlugins: { namespace: string; health: { calls: { kind: string; calls: number; failures: number; timeouts: number }[] } }[] }>(
      '{ installedPlugins { namespace health { calls { kind calls failures timeouts } } } }',
      {},
      owner.token,
    );
    const intercepts = (namespace: string) => health.installedPlugins.find((plugin) => plugin.namespace === namespace)!.health.calls.find((entry) => entry.kind === 'intercept')!;
    expect(intercepts('stall').timeouts).toBeGreaterThanOrEqual(2);
    expect(intercepts('forger').failures).toBeGreaterThanOrEqual(2);
  });

  it('delivers every batch in order, exactly once, when batches commit faster than a plugin decides', async () => {
    const sessionId = await seedScheduledSession(t, owner.token);
    const feed = subscribe(t.url, owner.token, FEED, { s: sessionId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Five batches in quick succession; the stalled plugin makes each decision take its time box.
    await Promise.all(
      Array.from({ length: 5 }, (_, batch) =>
        mutate(t, owner.token, 'ingestEvents', { sessionId, events: [comment(`b${batch}-1`, `第${batch}批`), comment(`b${batch}-2`, `加微信 ${batch}`)] }, 'acceptedCount'),
      ),
    );
    const seen = async () => feed.results.flatMap((result) => result.data.sessionEvents.events as { seq: number; text: string }[]);
    const deadline = Date.now() + 10_000;
    while ((await seen()).length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const events = await seen();
    await feed.dispose();
    expect(events.map((event) => event.text).sort()).toEqual(['第0批', '第1批', '第2批', '第3批', '第4批']);
    const seqs = events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Fewer notices than batches when they were merged while a decision was in flight; never more.
    expect(feed.results.length).toBeLessThanOrEqual(5);
    const versions = feed.results.map((result) => result.data.sessionEvents.version as number);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });
});
