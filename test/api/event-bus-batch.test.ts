import { DeliveryWorker } from '@broadcart/api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUpOrg, type SignedIn } from '../support/seed.js';
import { seedScheduledSession } from '../support/ingest.js';

/** Batch handlers (`onDurableBatch`): high-volume facts delivered many at a time. */
describe('durable batch delivery', () => {
  let t: TestApp;
  let owner: SignedIn;
  const batches: { texts: string[]; attempt: number }[] = [];
  let poisoned = 'never';
  let worker: DeliveryWorker;

  beforeAll(async () => {
    // An api-role app runs no background delivery; the test drives its own worker round by round.
    t = await startTestApp({ plugins: [], role: 'api' });
    worker = new DeliveryWorker(t.app.orm, t.app.services.events, pino({ level: 'silent' }), { maxAttempts: 2 });
    t.app.services.events.onDurableBatch(
      'test:comments',
      'comment.posted',
      (items, { attempt }) => {
        if (items.some((item) => item.payload.text === poisoned)) throw new Error(`poisoned comment in a batch of ${items.length}`);
        batches.push({ texts: items.map((item) => item.payload.text), attempt });
      },
      { maxSize: 100 },
    );
    owner = await signUpOrg(t);
  });
  afterAll(() => t?.close());

  async function ingest(sessionId: string, texts: string[], prefix: string) {
    const now = new Date().toISOString();
    await t.gql(`mutation($input: IngestEventsInput!) { ingestEvents(input: $input) { __typename } }`, {
      input: { sessionId, events: texts.map((text, index) => ({ id: `${prefix}-${index}`, kind: 'COMMENT', occurredAt: now, viewer: `v${index}`, text })) },
    }, owner.token);
  }

  async function statuses(): Promise<Record<string, number>> {
    const rows = await t.app.orm.em.fork().execute<{ status: string; count: string }[]>(`select status::text, count(*) from event_deliveries where handler = 'test:comments' group by 1`);
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  it('hands up to maxSize deliveries to one call, in event order, and marks them all done', async () => {
    const sessionId = await seedScheduledSession(t, owner.token);
    const texts = Array.from({ length: 250 }, (_, index) => `comment ${index}`);
    await ingest(sessionId, texts, 'a');
    let rounds = 0;
    while ((await worker.runOnce()) > 0) rounds += 1;
    expect(rounds).toBe(3);
    expect(batches.map((batch) => batch.texts.length)).toEqual([100, 100, 50]);
    // Event order is the log's order (seq).
    const logged = await t.app.orm.em.fork().execute<{ text: string }[]>(`select data->>'text' as text from audience_events where kind = 'COMMENT' order by seq`);
    expect(batches.flatMap((batch) => batch.texts)).toEqual(logged.map((row) => row.text));
    expect(new Set(logged.map((row) => row.text))).toEqual(new Set(texts));
    expect(await statuses()).toEqual({ DONE: 250 });
  });

  it('retries a failing batch one delivery at a time, so only the bad event fails', async () => {
    batches.length = 0;
    poisoned = 'poison';
    const sessionId = await seedScheduledSession(t, owner.token);
    await ingest(sessionId, ['ok 1', 'poison', 'ok 2'], 'b');
    await worker.runOnce();
    expect(batches.map((batch) => batch.texts)).toEqual([['ok 1'], ['ok 2']]);
    expect(await statuses()).toEqual({ DONE: 252, PENDING: 1 });
  });
});
