import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Services } from './services.js';

/** What a plain HTTP route (outside GraphQL) gets from the app. */
export interface HttpRouteContext {
  orm: MikroORM;
  services: Services;
  logger: Logger;
}

/**
 * An HTTP endpoint beside `/graphql` (signed ingestion, CSV exports). `match` sees the path
 * without the query string; the first route that matches handles the request.
 */
export interface HttpRoute {
  name: string;
  match(path: string, method: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse, context: HttpRouteContext): Promise<void>;
}

/** Every HTTP route of the core, in match order. */
export const httpRoutes: HttpRoute[] = [];

/** Writes a JSON reply. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Reads the raw request body, refusing more than `limit` bytes (413). */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error(`request body exceeds ${limit} bytes`), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
