import { randomUUID } from 'node:crypto';
import { createPluginHarness, type PluginHarness } from '@broadcart/plugin-sdk/testing';
import poll from 'broadcart-plugin-poll';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';

/** The raw id inside a Relay global id (`base64("<Type>:<id>")`). */
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

/** The harness plugin authors use (@broadcart/plugin-sdk/testing), exercised with the poll plugin. */
let harness: PluginHarness;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  harness = await createPluginHarness({ plugins: [poll], databaseUrl, now: new Date('2026-11-11T12:00:00Z') });
}, 60_000);
afterAll(async () => {
  await harness?.close();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

describe('the plugin test harness', () => {
  it('boots the core with one plugin: GraphQL, and emitted events through the durable bus', async () => {
    const owner = await harness.signUp();
    const session = await harness.gql<{ createSession: { session: { id: string } } }>(
      `mutation($input: CreateSessionInput!) { createSession(input: $input) { ... on CreateSessionPayload { session { id } } } }`,
      { input: { title: 'Harness show', platform: 'DOUYIN', scheduledStart: '2026-11-11T20:00:00Z', scheduledEnd: '2026-11-11T22:00:00Z' } },
      owner.token,
    );
    const created = await harness.gql<{ createPoll: { poll: { id: string } } }>(
      `mutation($input: CreatePollInput!) { createPoll(input: $input) { ... on CreatePollPayload { poll { id } } } }`,
      { input: { sessionId: session.createSession.session.id, question: 'Which?', options: ['A', 'B'] } },
      owner.token,
    );
    expect(created.createPoll.poll.id).toMatch(/^[0-9a-f-]{36}$/);

    const viewerId = randomUUID();
    await harness.emit('comment.posted', { organizationId: rawId(owner.organizationId), sessionId: rawId(session.createSession.session.id), viewerId, text: '2', at: harness.now(), eventSeq: 1 });
    await harness.deliver();
    const read = await harness.gql<{ pollPolls: { votes: number[] }[] }>(`query($s: ID!) { pollPolls(sessionId: $s) { votes } }`, { s: session.createSession.session.id }, owner.token);
    expect(read.pollPolls[0]!.votes).toEqual([0, 1]);

  });

  it('runs a plugin’s scheduled job when the clock passes its time, not before', async () => {
    const owner = await harness.signUp();
    const session = await harness.gql<{ createSession: { session: { id: string } } }>(
      `mutation($input: CreateSessionInput!) { createSession(input: $input) { ... on CreateSessionPayload { session { id } } } }`,
      { input: { title: 'Timed poll', platform: 'DOUYIN', scheduledStart: '2026-11-11T20:00:00Z', scheduledEnd: '2026-11-11T22:00:00Z' } },
      owner.token,
    );
    const s = session.createSession.session.id;
    await harness.gql(
      `mutation($input: CreatePollInput!) { createPoll(input: $input) { __typename } }`,
      { input: { sessionId: s, question: 'Timed?', options: ['Yes', 'No'], durationSeconds: 120 } },
      owner.token,
    );
    const isOpen = async () => (await harness.gql<{ pollPolls: { open: boolean }[] }>(`query($s: ID!) { pollPolls(sessionId: $s) { open } }`, { s }, owner.token)).pollPolls[0]!.open;
    harness.advance(119_000);
    await harness.deliver();
    expect(await isOpen()).toBe(true);
    harness.advance(2_000);
    await harness.deliver();
    expect(await isOpen()).toBe(false);
  });
});
