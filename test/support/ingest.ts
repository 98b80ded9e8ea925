import { signedHeaders, type IngestReply, type WireEvent } from '@broadcart/api';
import type { TestApp } from './test-app.js';
import { mutate } from './seed.js';
import { seedSession } from './sessions-seed.js';
import { waitUntil } from './realtime-clients.js';

/** Helpers of the ingest-*.test.ts files: sources, signed posts, generated events. */

/** A SCHEDULED session (it takes audience events); returns its global id. */
export async function seedScheduledSession(t: TestApp, token: string, platform = 'DOUYIN'): Promise<string> {
  const sessionId = await seedSession(t, token, { platform });
  await mutate(t, token, 'scheduleSession', { id: sessionId }, 'session { id }');
  return sessionId;
}

export interface CreatedSource {
  /** Global id (GraphQL). */
  id: string;
  /** Local id, for the `/ingest/{sourceId}` URL. */
  sourceId: string;
  secret: string;
}

export async function createSource(t: Pick<TestApp, 'gql'>, token: string, name = 'connector', platform = 'DOUYIN'): Promise<CreatedSource> {
  const data = await t.gql<{ createIngestSource: any }>(
    `mutation($input: CreateIngestSourceInput!) { createIngestSource(input: $input) {
      __typename ... on CreateIngestSourcePayload { secret source { id sourceId } } ... on UserError { message }
    } }`,
    { input: { name, platform } },
    token,
  );
  const result = data.createIngestSource;
  if (result.__typename !== 'CreateIngestSourcePayload') throw new Error(`createIngestSource failed: ${result.message}`);
  return { id: result.source.id, sourceId: result.source.sourceId, secret: result.secret };
}

export interface PostOptions {
  /** Signing time (ms); default now. */
  now?: number;
  /** Replaces the signed headers. */
  headers?: Record<string, string>;
  /** Sends this body while signing `body` (tampering). */
  sentBody?: string;
}

/** Posts a signed batch to `/ingest/{sourceId}`; returns the status and the parsed JSON reply. */
export async function postSigned(baseUrl: string, sourceId: string, secret: string, body: unknown, options: PostOptions = {}): Promise<{ status: number; body: any }> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = options.headers ?? signedHeaders(secret, text, options.now);
  const response = await fetch(`${baseUrl}/ingest/${sourceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: options.sentBody ?? text,
  });
  return { status: response.status, body: await response.json() };
}

/** `count` COMMENT events with ids `<prefix>-<n>` from viewers `v<n mod 50>`. */
export function comments(prefix: string, count: number, from = 0): WireEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${from + index}`,
    kind: 'COMMENT' as const,
    occurredAt: new Date().toISOString(),
    viewer: `v${(from + index) % 50}`,
    text: `comment ${from + index}`,
  }));
}

/** Ingests `events` through `ingestEvents` as `token`, failing the test if any is rejected. */
export async function ingestAccepted(t: TestApp, token: string, sessionId: string, events: Record<string, unknown>[]): Promise<void> {
  const reply = await mutate(t, token, 'ingestEvents', { sessionId, events }, 'rejected { index reason }');
  if (reply.rejected.length) throw new Error(`events rejected: ${JSON.stringify(reply.rejected)}`);
}

/**
 * Runs every pending durable delivery (handlers of ingested events, plugin jobs), waiting out
 * those the app's background loop has claimed.
 */
export async function drainDeliveries(t: TestApp): Promise<void> {
  await waitUntil(async () => {
    await t.app.deliveryWorker!.runOnce();
    const [row] = await t.app.orm.em.fork().getConnection().execute<{ pending: string }[]>(`select count(*) as pending from event_deliveries where status = 'PENDING'`);
    return Number(row?.pending ?? 0) === 0;
  }, 'every delivery ran');
}

export type { IngestReply, WireEvent };
