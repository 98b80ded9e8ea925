import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { z } from 'zod';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { DomainEvents } from '../events/domain-events.js';
import type { MemberRole } from '../organizations/member.entity.js';
import { createTokenSecret } from '../organizations/secrets.js';
import type { Realtime } from '../realtime.js';
import { EDITOR_ROLES, requireRole, type Scope } from '../shared/actor.js';
import { PLATFORMS, type Platform } from '../shared/enums.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { parseInput } from '../shared/validate.js';
import { BatchWriter, type AcceptedEventsHook, type NoticeFilter, type PendingEvent } from './batch-writer.js';
import { MAX_EVENTS_PER_BATCH, type IngestReply } from './contract.js';
import { checkProducts, productReferences, validateEvents, type ParsedEvent } from './event-validation.js';
import { IngestSource, IngestSourceSecret } from './ingest-source.entity.js';
import { Viewer } from './viewer.entity.js';
import { MAX_CLOCK_SKEW_SECONDS, signatureMatches } from './signature.js';

/** Who may see and manage integration tokens (sources and their secrets). */
export const INTEGRATION_ROLES: readonly MemberRole[] = ['OWNER'];

/** `source` of events sent through the `ingestEvents` mutation. */
export const API_SOURCE = 'api';

/** Sessions that take no audience events: not planned yet, or called off. */
const CLOSED_STATUSES = new Set(['DRAFT', 'CANCELLED']);

const MAX_CACHED_SOURCES = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const createSourceInput = z.object({
  name: z.string().trim().min(1, 'is required').max(200, 'must have at most 200 characters'),
  platform: z.enum(PLATFORMS),
});

const rotateInput = z.object({
  graceSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .max(30 * 86_400, 'must be at most 30 days')
    .default(86_400),
});

/** A refused `/ingest` request: the HTTP status and the reason sent back. */
export class IngestRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'IngestRequestError';
  }
}

interface CachedSource {
  id: string;
  organizationId: string;
  revoked: boolean;
  secrets: { secret: string; expiresAt: Date | null }[];
}

export interface IngestServiceOptions {
  orm: MikroORM;
  events: DomainEvents;
  realtime: Realtime;
  logger: Logger;
  /** How long a source and its secrets are reused without a read; revocation takes effect within it. @default 5 s */
  sourceCacheTtlMs?: number;
  /** The live metrics aggregator (may also be set later on `writer`). */
  hook?: AcceptedEventsHook | null;
}

/**
 * Audience event ingestion: integration sources and their secrets, validation, and the batch
 * writer that appends to the event log. Both the `ingestEvents` mutation and `POST /ingest/{id}`
 * end in `ingest`.
 */
export class IngestService {
  readonly writer: BatchWriter;
  readonly #orm: MikroORM;
  readonly #sourceCacheTtlMs: number;
  readonly #sources = new Map<string, { source: CachedSource | null; loadedAt: number }>();

  constructor(options: IngestServiceOptions) {
    this.#orm = options.orm;
    this.#sourceCacheTtlMs = options.sourceCacheTtlMs ?? 5000;
    this.writer = new BatchWriter({ orm: options.orm, events: options.events, realtime: options.realtime, logger: options.logger, hook: options.hook ?? null });
  }

  /** Lets the live feed be decided before publishing (see BatchWriter.setNoticeFilter). */
  setNoticeFilter(filter: NoticeFilter | null): void {
    this.writer.setNoticeFilter(filter);
  }

  /** Flushes pending events; called when the app closes. */
  close(): Promise<void> {
    return this.writer.close();
  }

  // Sources and secrets

  async createSource({ em, actor }: Scope, raw: unknown): Promise<{ source: IngestSource; secret: string }> {
    requireRole(actor, INTEGRATION_ROLES, 'manage ingestion sources');
    const input = parseInput(createSourceInput, raw);
    return em.transactional(async (tx) => {
      const source = tx.create(IngestSource, { organization: actor.organizationId, name: input.name, platform: input.platform });
      const secret = createTokenSecret('bcs');
      tx.create(IngestSourceSecret, { organization: actor.organizationId, source: source.id, secret });
      await tx.flush();
      return { source, secret };
    });
  }

  /**
   * Issues a new secret. Secrets issued before stay valid for `graceSeconds` (default one day) so
   * connectors can switch without downtime; 0 ends them now.
   */
  async rotateSecret(scope: Scope, sourceId: string, raw: unknown): Promise<{ source: IngestSource; secret: string }> {
    requireRole(scope.actor, INTEGRATION_ROLES, 'manage ingestion sources');
    const { graceSeconds } = parseInput(rotateInput, raw);
    const result = await scope.em.transactional(async (tx) => {
      const source = await findInOrganization(tx, IngestSource, scope.actor, sourceId);
      if (source.revokedAt) throw new ConflictError('The source is revoked; create a new one', [source.id]);
      const until = new Date(Date.now() + graceSeconds * 1000);
      await tx.nativeUpdate(
        IngestSourceSecret,
        { source: source.id, revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: until } }] },
        { expiresAt: until },
      );
      const secret = createTokenSecret('bcs');
      tx.create(IngestSourceSecret, { organization: scope.actor.organizationId, source: source.id, secret });
      await tx.flush();
      return { source, secret };
    });
    this.#sources.delete(sourceId.toLowerCase());
    return result;
  }

  /** Refuses every further request of the source (other processes within the source cache TTL). */
  /**
   * Blocks or unblocks a viewer of the organization (moderation: giveaways and other plugins
   * leave blocked viewers out). Their events are still ingested and counted.
   */
  async setViewerBlocked({ em, actor }: Scope, viewerId: string, blocked: boolean): Promise<Viewer> {
    requireRole(actor, EDITOR_ROLES, 'block viewers');
    return em.transactional(async (tx) => {
      const viewer = await findInOrganization(tx, Viewer, actor, viewerId);
      viewer.blocked = blocked;
      return viewer;
    });
  }

  async revokeSource(scope: Scope, sourceId: string): Promise<IngestSource> {
    requireRole(scope.actor, INTEGRATION_ROLES, 'manage ingestion sources');
    const source = await scope.em.transactional(async (tx) => {
      const row = await findInOrganization(tx, IngestSource, scope.actor, sourceId);
      const now = new Date();
      if (!row.revokedAt) row.revokedAt = now;
      await tx.nativeUpdate(IngestSourceSecret, { source: row.id, revokedAt: null }, { revokedAt: now });
      await tx.flush();
      return row;
    });
    this.#sources.delete(sourceId.toLowerCase());
    return source;
  }

  listSources({ em, actor }: Scope, filter: { includeRevoked?: boolean | null }, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    requireRole(actor, INTEGRATION_ROLES, 'see ingestion sources');
    return findConnection(
      em,
      IngestSource,
      { organization: actor.organizationId, ...(filter.includeRevoked ? {} : { revokedAt: null }) },
      orderBy,
      args,
    );
  }

  // Ingestion

  /** `ingestEvents`: events sent by a member (source `api`). `sessionId` is a local id. */
  ingestAsMember({ em, actor }: Scope, sessionId: string, events: unknown[]): Promise<IngestReply> {
    requireRole(actor, EDITOR_ROLES, 'ingest audience events');
    return this.ingest(em, actor.organizationId, sessionId, API_SOURCE, events, ['input', 'events']);
  }

  /**
   * Validates the batch, stores the valid events and reports each event's fate. Invalid events are
   * rejected one by one; the whole call fails only when the session is unusable or the batch is too large.
   */
  async ingest(em: EntityManager, organizationId: string, sessionId: string, source: string, events: unknown[], eventsPath: string[] = ['events']): Promise<IngestReply> {
    if (events.length > MAX_EVENTS_PER_BATCH) {
      throw ValidationError.field(eventsPath, `must have at most ${MAX_EVENTS_PER_BATCH} events; got ${events.length}: split the batch`);
    }
    const session = await this.#session(em, organizationId, sessionId);
    const checked = validateEvents(events, new Date());
    const refs = productReferences(checked.valid);
    const products = refs.length ? await this.#resolveProducts(em, organizationId, refs) : new Map<string, string>();
    const resolved = checkProducts(checked.valid, products);
    const rejected = [...checked.rejected, ...resolved.rejected].sort((a, b) => a.index - b.index);

    const pending = resolved.valid.map((event) => toPending(event, session, source, products));
    const seqs = await this.writer.write(pending);
    const reply: IngestReply = { accepted: [], duplicates: [], rejected };
    resolved.valid.forEach((event, position) => {
      const seq = seqs[position];
      if (seq == null) reply.duplicates.push({ index: event.index, id: event.id });
      else reply.accepted.push({ index: event.index, id: event.id, seq });
    });
    return reply;
  }

  async #session(em: EntityManager, organizationId: string, sessionId: string): Promise<{ id: string; organizationId: string; platform: Platform }> {
    if (!UUID.test(sessionId)) throw new NotFoundError('LiveSession', sessionId);
    const [row] = await em
      .getConnection()
      .execute<{ id: string; platform: Platform; status: string }[]>('select id, platform, status from live_sessions where id = ? and organization_id = ?', [sessionId, organizationId]);
    if (!row) throw new NotFoundError('LiveSession', sessionId);
    if (CLOSED_STATUSES.has(row.status)) {
      throw new ConflictError(`The session is ${row.status}: audience events are taken from SCHEDULED until REVIEWED`, [row.id]);
    }
    return { id: row.id, organizationId, platform: row.platform };
  }

  /** Product references (global ids, local ids or SKUs) to product ids of the organization, in one statement. */
  async #resolveProducts(em: EntityManager, organizationId: string, refs: string[]): Promise<Map<string, string>> {
    const idOf = new Map<string, string>();
    for (const ref of refs) {
      if (UUID.test(ref)) idOf.set(ref, ref.toLowerCase());
      else {
        try {
          const decoded = decodeGlobalID(ref);
          if (decoded.typename === 'Product' && UUID.test(decoded.id)) idOf.set(ref, decoded.id.toLowerCase());
        } catch {
          // Not a global id: a SKU.
        }
      }
    }
    const ids = [...new Set(idOf.values())];
    const conditions = [...(ids.length ? ['id in (?)'] : []), 'sku in (?)'];
    const rows = await em
      .getConnection()
      .execute<{ id: string; sku: string }[]>(`select id, sku from products where organization_id = ? and (${conditions.join(' or ')})`, [
        organizationId,
        ...(ids.length ? [ids] : []),
        refs,
      ]);
    const byId = new Set(rows.map((row) => row.id));
    const bySku = new Map(rows.map((row) => [row.sku, row.id]));
    const resolved = new Map<string, string>();
    for (const ref of refs) {
      const id = idOf.get(ref);
      const product = id && byId.has(id) ? id : bySku.get(ref);
      if (product) resolved.set(ref, product);
    }
    return resolved;
  }

  // Signed requests

  /**
   * Checks a `/ingest/{sourceId}` request: a live source, both signature headers, a timestamp within
   * `MAX_CLOCK_SKEW_SECONDS` of now and a signature by one of the source's valid secrets.
   * Returns the source's organization.
   */
  async verifyRequest(sourceId: string, timestampHeader: string | undefined, signatureHeader: string | undefined, rawBody: Buffer, now = Date.now()): Promise<{ organizationId: string; sourceId: string }> {
    const source = await this.#source(sourceId, now);
    if (!source || source.revoked) throw new IngestRequestError(401, 'unknown or revoked ingestion source');
    if (!timestampHeader || !signatureHeader) throw new IngestRequestError(401, 'missing x-broadcart-timestamp or x-broadcart-signature header');
    const timestamp = /^\d{1,12}$/.test(timestampHeader) ? Number(timestampHeader) : Number.NaN;
    if (!Number.isFinite(timestamp)) throw new IngestRequestError(401, 'x-broadcart-timestamp must be unix seconds');
    if (Math.abs(now / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
      throw new IngestRequestError(401, `timestamp is more than ${MAX_CLOCK_SKEW_SECONDS} seconds from the server's clock; sign the request again`);
    }
    const valid = source.secrets.filter((entry) => !entry.expiresAt || entry.expiresAt.getTime() > now);
    if (!valid.some((entry) => signatureMatches(entry.secret, timestamp, rawBody, signatureHeader))) {
      throw new IngestRequestError(401, 'signature does not match');
    }
    return { organizationId: source.organizationId, sourceId: source.id };
  }

  /** The source with its unrevoked secrets, read at most once per TTL (unknown ids too). */
  async #source(sourceId: string, now: number): Promise<CachedSource | null> {
    if (!UUID.test(sourceId)) return null;
    const id = sourceId.toLowerCase();
    const cached = this.#sources.get(id);
    if (cached && now - cached.loadedAt < this.#sourceCacheTtlMs) return cached.source;
    const rows = await this.#orm.em.getConnection().execute<{ id: string; organization_id: string; revoked_at: Date | null; secret: string | null; expires_at: Date | null }[]>(
      `select s.id, s.organization_id, s.revoked_at, k.secret, k.expires_at
       from ingest_sources s left join ingest_source_secrets k on k.source_id = s.id and k.revoked_at is null
       where s.id = ?`,
      [id],
    );
    const first = rows[0];
    const source: CachedSource | null = first
      ? {
          id: first.id,
          organizationId: first.organization_id,
          revoked: first.revoked_at !== null,
          secrets: rows.filter((row) => row.secret !== null).map((row) => ({ secret: row.secret!, expiresAt: row.expires_at ? new Date(row.expires_at) : null })),
        }
      : null;
    // Unknown ids are cached too (probes must not reach the database each time), so bound the map.
    if (this.#sources.size >= MAX_CACHED_SOURCES) this.#sources.clear();
    this.#sources.set(id, { source, loadedAt: now });
    return source;
  }
}

/** A validated event as the writer stores it; order lines carry resolved product ids. */
function toPending(event: ParsedEvent, session: { id: string; organizationId: string; platform: Platform }, source: string, products: ReadonlyMap<string, string>): PendingEvent {
  const data: Record<string, unknown> = {};
  if (event.text !== null) data.text = event.text;
  if (event.items) data.items = event.items.map((line) => ({ product: products.get(line.product)!, quantity: line.quantity, unitPrice: line.unitPrice }));
  if (event.couponCode) data.couponCode = event.couponCode;
  if (event.trackingCode) data.trackingCode = event.trackingCode;
  if (event.region) data.region = event.region;
  return {
    organizationId: session.organizationId,
    sessionId: session.id,
    platform: session.platform,
    source,
    eventId: event.id,
    kind: event.kind,
    occurredAt: event.occurredAt,
    viewer: event.viewer,
    region: event.region,
    productId: event.productRef ? products.get(event.productRef)! : null,
    count: event.count,
    amount: event.amount,
    orderId: event.orderId,
    data,
  };
}
