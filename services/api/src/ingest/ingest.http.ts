import { decodeGlobalID } from '@pothos/plugin-relay';
import { httpRoutes, readBody, sendJson } from '../http-routes.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { IngestRequestBody } from './contract.js';
import { IngestRequestError } from './ingest.service.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

/** Largest accepted `/ingest` body: 1,000 events with long comments and order lines fit. */
export const MAX_INGEST_BODY_BYTES = 2 * 1024 * 1024;

const PATH = /^\/ingest\/([^/]+)\/?$/;

/** A session id as a connector may send it: the global id or the local UUID. */
function sessionLocalId(value: string): string {
  try {
    const decoded = decodeGlobalID(value);
    if (decoded.typename === 'LiveSession') return decoded.id;
  } catch {
    // Not a global id: taken as the local id.
  }
  return value;
}

function parseBody(raw: Buffer): IngestRequestBody {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new IngestRequestError(400, `body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new IngestRequestError(400, 'body must be a JSON object { sessionId, events }');
  const { sessionId, events } = body as Record<string, unknown>;
  if (typeof sessionId !== 'string' || sessionId.length === 0) throw new IngestRequestError(400, 'sessionId must be a non-empty string');
  if (!Array.isArray(events)) throw new IngestRequestError(400, 'events must be an array');
  return { sessionId, events };
}

/** HTTP status of an expected failure of `ingest`. */
function statusOf(error: AppError): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  return 403;
}

/**
 * `POST /ingest/{sourceId}`: a signed batch from a platform connector (see `signature.ts`). The
 * source's organization scopes the session. 200 with the `IngestReply`; 401 for an unknown or
 * revoked source, missing headers, a stale timestamp or a wrong signature; 400 for a malformed body.
 */
httpRoutes.push({
  name: 'ingest',
  match: (path, method) => method === 'POST' && PATH.test(path),
  async handle(request, response, { orm, services }) {
    const sourceId = decodeURIComponent(PATH.exec(request.url!.split('?', 1)[0]!)![1]!);
    try {
      let raw: Buffer;
      try {
        raw = await readBody(request, MAX_INGEST_BODY_BYTES);
      } catch (error) {
        throw new IngestRequestError((error as { status?: number }).status ?? 400, (error as Error).message);
      }
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const { organizationId, sourceId: source } = await services.ingest.verifyRequest(sourceId, header(TIMESTAMP_HEADER), header(SIGNATURE_HEADER), raw);
      const body = parseBody(raw);
      const reply = await services.ingest.ingest(orm.em.fork(), organizationId, sessionLocalId(body.sessionId), source, body.events);
      sendJson(response, 200, reply);
    } catch (error) {
      if (error instanceof IngestRequestError) sendJson(response, error.status, { error: error.message });
      else if (error instanceof AppError) {
        const field = error instanceof ValidationError ? (error.issues[0]?.path.join('.') ?? null) : null;
        sendJson(response, statusOf(error), { error: error.message, ...(field ? { field } : {}) });
      } else throw error;
    }
  },
});
