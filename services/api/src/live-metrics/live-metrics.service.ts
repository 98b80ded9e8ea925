import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { AcceptedEvent } from '../ingest/contract.js';
import type { Realtime } from '../realtime.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import type { Scope } from '../shared/actor.js';
import { ValidationError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { findInOrganization } from '../shared/lookup.js';
import type { LiveSession } from '../sessions/session.entity.js';
import {
  fold,
  MINUTE_COUNTERS,
  orderKey,
  PRESENCE,
  PRODUCT_COUNTERS,
  SEGMENT_COUNTERS,
  SESSION_COUNTERS,
  viewerKey,
  viewerNeed,
  type OrderState,
  type SessionState,
  type ViewerState,
} from './aggregate.js';
import { Coalescer } from './coalescer.js';
import { jsonParameter } from '../db/sql-literals.js';
import { recordset, run, snake, upsertAdd } from './live-metrics-sql.js';
import { buyerRetention, campaignPacing, loadMinutes, loadProducts, loadSegments, loadSessionMetrics, sessionPacing } from './live-metrics-reads.js';
import type { OrderItem, OrderStatus } from './live-metrics.entity.js';

/** Session viewers whose committed flags are remembered per process; the map is dropped when full. */
const MAX_KNOWN_VIEWERS = 500_000;

/** The longest buyer-retention window. */
const MAX_RETENTION_WINDOW_MS = 400 * 24 * 3600_000;

/** At most this many `session:metrics` notices per second and session (per process). */
export const METRIC_TICKS_PER_SECOND = 4;

/** Counter deltas keyed by their column names. */
const columnsOf = <K extends string>(keys: readonly K[], delta: Record<K, number>) => Object.fromEntries(keys.map((key) => [snake(key), delta[key]]));
const num = (value: unknown) => (value == null ? 0 : Number(value));
const date = (value: unknown) => (value == null ? null : value instanceof Date ? value : new Date(value as string));

/**
 * The live-metrics aggregator. The ingestion batch writer calls `apply` inside its flush
 * transaction (after inserting the log rows) and `afterCommit` once committed. `apply` issues at
 * most ten statements whatever the batch size: lock the sessions' totals, insert and lock the
 * batch's session viewers, lock its orders, fold the events in memory (see `aggregate.ts` for the
 * semantics), then write every table back with one multi-row statement.
 */
export class LiveMetricsService {
  readonly #ticks: Coalescer;
  /** Flag bits known to be committed per session viewer (`aggregate.viewerKey`), a lower bound. */
  readonly #knownFlags = new Map<string, number>();
  /** The latest version this process wrote per session, so notices need no database read. */
  readonly #versions = new Map<string, { organizationId: string; version: number }>();

  constructor(
    private readonly orm: MikroORM,
    private readonly realtime: Realtime,
    private readonly logger: Logger,
  ) {
    this.#ticks = new Coalescer(1000 / METRIC_TICKS_PER_SECOND, (sessionId) => void this.#publish(sessionId));
  }

  async apply(tx: EntityManager, accepted: readonly AcceptedEvent[]): Promise<void> {
    if (!accepted.length) return;
    const events = [...accepted].sort((a, b) => a.seq - b.seq);

    // (1) Totals rows, created if missing and locked: flushes of one session serialize here, and
    // tracked online, peak and the latest sample are read under the lock.
    const sessionRefs = new Map(events.map((event) => [event.sessionId, event.organizationId]));
    const sessionRows = await run(
      tx,
      `insert into session_metrics (session_id, organization_id, updated_at)
       select session_id, organization_id, now() from ${recordset([{ name: 'session_id', type: 'uuid' }, { name: 'organization_id', type: 'uuid' }])}
        order by session_id
       on conflict (session_id) do update set version = session_metrics.version
       returning session_id, organization_id, online, peak_online, online_sample, online_sample_at`,
      [jsonParameter([...sessionRefs].map(([session_id, organization_id]) => ({ session_id, organization_id })))],
    );
    const sessions: SessionState[] = sessionRows.map((row) => ({
      sessionId: row.session_id as string,
      organizationId: row.organization_id as string,
      online: num(row.online),
      peakOnline: num(row.peak_online),
      onlineSample: row.online_sample == null ? null : num(row.online_sample),
      onlineSampleAt: date(row.online_sample_at),
    }));

    // (2) New unique viewers: rows this flush inserts. (3) Every viewer row of the batch, locked in
    // key order, re-read after any concurrent flush committed its flags.
    // Viewers whose events need only flag bits already known to be set are left alone: their row
    // exists and would not change (likes from the same viewers are the bulk of the traffic).
    const firstSeen = new Map<string, { session_id: string; viewer_id: string; organization_id: string; first_seen_at: Date }>();
    const needs = new Map<string, number>();
    for (const event of events) {
      if (!event.viewerId) continue;
      const key = viewerKey(event.sessionId, event.viewerId);
      const need = viewerNeed(event.kind);
      needs.set(key, need === PRESENCE || needs.get(key) === PRESENCE ? PRESENCE : (needs.get(key) ?? 0) | need);
      if (!firstSeen.has(key)) {
        firstSeen.set(key, { session_id: event.sessionId, viewer_id: event.viewerId, organization_id: event.organizationId, first_seen_at: event.occurredAt });
      }
    }
    const viewers: ViewerState[] = [];
    for (const [key, need] of needs) {
      const known = this.#knownFlags.get(key);
      if (known === undefined || need === PRESENCE || (need & ~known) !== 0) continue;
      const row = firstSeen.get(key)!;
      firstSeen.delete(key);
      viewers.push({ sessionId: row.session_id, viewerId: row.viewer_id, joinedAt: null, flags: known, isNew: false });
    }
    if (firstSeen.size) {
      const viewerRows = jsonParameter([...firstSeen.values()]);
      const inserted = await run(
        tx,
        `insert into session_viewers (session_id, viewer_id, organization_id, first_seen_at)
         select session_id, viewer_id, organization_id, first_seen_at
           from ${recordset([
             { name: 'session_id', type: 'uuid' }, { name: 'viewer_id', type: 'uuid' },
             { name: 'organization_id', type: 'uuid' }, { name: 'first_seen_at', type: 'timestamptz' },
           ])}
          order by session_id, viewer_id
         on conflict do nothing
         returning session_id, viewer_id`,
        [viewerRows],
      );
      const isNew = new Set(inserted.map((row) => viewerKey(row.session_id as string, row.viewer_id as string)));
      const locked = await run(
        tx,
        `select v.session_id, v.viewer_id, v.joined_at, v.flags
           from session_viewers v
           join ${recordset([{ name: 'session_id', type: 'uuid' }, { name: 'viewer_id', type: 'uuid' }])}
             on v.session_id = t.session_id and v.viewer_id = t.viewer_id
          order by v.session_id, v.viewer_id
          for update of v`,
        [viewerRows],
      );
      if (this.#knownFlags.size > MAX_KNOWN_VIEWERS) this.#knownFlags.clear();
      for (const row of locked) {
        const key = viewerKey(row.session_id as string, row.viewer_id as string);
        const flags = num(row.flags);
        viewers.push({ sessionId: row.session_id as string, viewerId: row.viewer_id as string, joinedAt: date(row.joined_at), flags, isNew: isNew.has(key) });
        // Read under the lock, so committed; flags only ever gain bits, so the knowledge stays true.
        if (!isNew.has(key)) this.#knownFlags.set(key, flags);
      }
    }

    // (4) The batch's orders, locked.
    const orderRefs = new Map<string, { organization_id: string; session_id: string; external_id: string }>();
    for (const event of events) {
      if (event.orderId) orderRefs.set(orderKey(event.sessionId, event.orderId), { organization_id: event.organizationId, session_id: event.sessionId, external_id: event.orderId });
    }
    const orders: OrderState[] = [];
    if (orderRefs.size) {
      const rows = await run(
        tx,
        `select o.* from orders o
           join ${recordset([{ name: 'organization_id', type: 'uuid' }, { name: 'session_id', type: 'uuid' }, { name: 'external_id', type: 'text' }])}
             on o.organization_id = t.organization_id and o.session_id = t.session_id and o.external_id = t.external_id
          order by o.id
          for update of o`,
        [jsonParameter([...orderRefs.values()])],
      );
      for (const row of rows) {
        orders.push({
          id: row.id as string,
          organizationId: row.organization_id as string,
          sessionId: row.session_id as string,
          externalId: row.external_id as string,
          viewerId: (row.viewer_id as string | null) ?? null,
          amount: num(row.amount),
          items: (typeof row.items === 'string' ? JSON.parse(row.items) : row.items) as OrderItem[],
          couponCode: (row.coupon_code as string | null) ?? null,
          trackingCode: (row.tracking_code as string | null) ?? null,
          status: row.status as OrderStatus,
          createdSeen: Boolean(row.created_seen),
          createdAt: date(row.created_at)!,
          paidAt: date(row.paid_at),
          paidSegmentId: (row.paid_segment_id as string | null) ?? null,
          refundedAmount: num(row.refunded_amount),
        });
      }
    }

    const result = fold(events, sessions, viewers, orders);

    if (result.orders.length) {
      await run(
        tx,
        `insert into orders (id, organization_id, session_id, external_id, viewer_id, amount, items, coupon_code, tracking_code,
                             status, created_seen, created_at, paid_at, paid_segment_id, refunded_amount)
         select id, organization_id, session_id, external_id, viewer_id, amount, items, coupon_code, tracking_code,
                status, created_seen, created_at, paid_at, paid_segment_id, refunded_amount
           from ${recordset([
             { name: 'id', type: 'uuid' }, { name: 'organization_id', type: 'uuid' }, { name: 'session_id', type: 'uuid' },
             { name: 'external_id', type: 'text' }, { name: 'viewer_id', type: 'uuid' }, { name: 'amount', type: 'bigint' },
             { name: 'items', type: 'jsonb' }, { name: 'coupon_code', type: 'text' }, { name: 'tracking_code', type: 'text' },
             { name: 'status', type: 'order_status' }, { name: 'created_seen', type: 'boolean' }, { name: 'created_at', type: 'timestamptz' },
             { name: 'paid_at', type: 'timestamptz' }, { name: 'paid_segment_id', type: 'uuid' }, { name: 'refunded_amount', type: 'bigint' },
           ])}
          order by id
         on conflict (organization_id, session_id, external_id) do update set
           viewer_id = excluded.viewer_id, amount = excluded.amount, items = excluded.items, coupon_code = excluded.coupon_code,
           tracking_code = excluded.tracking_code, status = excluded.status, created_seen = excluded.created_seen,
           created_at = excluded.created_at, paid_at = excluded.paid_at, paid_segment_id = excluded.paid_segment_id,
           refunded_amount = excluded.refunded_amount`,
        [
          jsonParameter(
            result.orders.map((order) => ({
              id: order.id ?? uuidv7(),
              organization_id: order.organizationId,
              session_id: order.sessionId,
              external_id: order.externalId,
              viewer_id: order.viewerId,
              amount: order.amount,
              items: order.items,
              coupon_code: order.couponCode,
              tracking_code: order.trackingCode,
              status: order.status,
              created_seen: order.createdSeen,
              created_at: order.createdAt,
              paid_at: order.paidAt,
              paid_segment_id: order.paidSegmentId,
              refunded_amount: order.refundedAmount,
            })),
          ),
        ],
      );
    }

    if (result.viewers.length) {
      await run(
        tx,
        `update session_viewers v
            set joined_at = t.joined_at, flags = t.flags, watch_ms = v.watch_ms + t.watch_ms, entries = v.entries + t.entries
           from ${recordset([
             { name: 'session_id', type: 'uuid' }, { name: 'viewer_id', type: 'uuid' }, { name: 'joined_at', type: 'timestamptz' },
             { name: 'flags', type: 'int' }, { name: 'watch_ms', type: 'bigint' }, { name: 'entries', type: 'int' },
           ])}
          where v.session_id = t.session_id and v.viewer_id = t.viewer_id`,
        [
          jsonParameter(
            result.viewers.map((viewer) => ({
              session_id: viewer.sessionId, viewer_id: viewer.viewerId, joined_at: viewer.joinedAt,
              flags: viewer.flags, watch_ms: viewer.watchMs, entries: viewer.entries,
            })),
          ),
        ],
      );
    }

    const counters = SESSION_COUNTERS.map(snake);
    const versions = await run<{ session_id: string; organization_id: string; version: string }>(
      tx,
      `update session_metrics m
          set version = m.version + 1, updated_at = now(), online = t.online, peak_online = t.peak_online,
              online_sample = t.online_sample, online_sample_at = t.online_sample_at,
              ${counters.map((name) => `${name} = m.${name} + t.${name}`).join(', ')}
         from ${recordset([
           { name: 'session_id', type: 'uuid' }, { name: 'online', type: 'int' }, { name: 'peak_online', type: 'int' },
           { name: 'online_sample', type: 'int' }, { name: 'online_sample_at', type: 'timestamptz' },
           ...counters.map((name) => ({ name, type: 'bigint' })),
         ])}
        where m.session_id = t.session_id
        returning m.session_id, m.organization_id, m.version`,
      [
        jsonParameter(
          result.sessions.map((session) => ({
            session_id: session.sessionId, online: session.online, peak_online: session.peakOnline,
            online_sample: session.onlineSample, online_sample_at: session.onlineSampleAt,
            ...columnsOf(SESSION_COUNTERS, session.delta),
          })),
        ),
      ],
    );

    // Remembered for the notices sent after commit (a rolled-back flush leaves a version that the
    // next flush reuses; subscribers re-read the committed numbers either way).
    if (this.#versions.size > 10_000) this.#versions.clear();
    for (const row of versions) {
      const version = Number(row.version);
      if (version > (this.#versions.get(row.session_id)?.version ?? 0)) this.#versions.set(row.session_id, { organizationId: row.organization_id, version });
    }

    await upsertAdd(
      tx, 'session_metric_minutes', [{ name: 'session_id', type: 'uuid' }, { name: 'minute', type: 'timestamptz' }],
      MINUTE_COUNTERS.map(snake), ['online_max'],
      result.minutes.map((row) => ({
        session_id: row.sessionId, minute: row.minute, organization_id: row.organizationId, online_max: row.onlineMax,
        ...columnsOf(MINUTE_COUNTERS, row.delta),
      })),
    );
    await upsertAdd(
      tx, 'session_product_metrics', [{ name: 'session_id', type: 'uuid' }, { name: 'product_id', type: 'uuid' }],
      PRODUCT_COUNTERS.map(snake), [],
      result.products.map((row) => ({
        session_id: row.sessionId, product_id: row.productId, organization_id: row.organizationId,
        ...columnsOf(PRODUCT_COUNTERS, row.delta),
      })),
    );
    await upsertAdd(
      tx, 'session_segment_metrics', [{ name: 'session_id', type: 'uuid' }, { name: 'segment_id', type: 'uuid' }],
      SEGMENT_COUNTERS.map(snake), [],
      result.segments.map((row) => ({
        session_id: row.sessionId, segment_id: row.segmentId, organization_id: row.organizationId,
        ...columnsOf(SEGMENT_COUNTERS, row.delta),
      })),
    );
  }

  // Reads (scoped to the caller's organization; one statement per batch)

  metrics({ em, actor }: Scope, sessionIds: readonly string[]) {
    return loadSessionMetrics(em, actor, sessionIds);
  }

  minutes({ em, actor }: Scope, sessionIds: readonly string[], from: Date | null, to: Date | null) {
    return loadMinutes(em, actor, sessionIds, from, to);
  }

  products({ em, actor }: Scope, sessionIds: readonly string[]) {
    return loadProducts(em, actor, sessionIds);
  }

  segments({ em, actor }: Scope, sessionIds: readonly string[]) {
    return loadSegments(em, actor, sessionIds);
  }

  sessionPacing({ em, actor }: Scope, sessions: readonly LiveSession[]) {
    return sessionPacing(em, actor, sessions);
  }

  campaignPacing({ em, actor }: Scope, campaigns: readonly Campaign[]) {
    return campaignPacing(em, actor, campaigns);
  }

  async buyerRetention({ em, actor }: Scope, input: { from: Date; to: Date; campaignId: string | null }) {
    if (input.to.getTime() <= input.from.getTime()) throw new ValidationError([{ path: ['to'], message: 'must be after from' }]);
    if (input.to.getTime() - input.from.getTime() > MAX_RETENTION_WINDOW_MS) {
      throw new ValidationError([{ path: ['to'], message: 'the window may span at most 400 days' }]);
    }
    if (input.campaignId) await findInOrganization(em, Campaign, actor, input.campaignId);
    return buyerRetention(em, actor, input.from, input.to, input.campaignId);
  }

  /** After the flush committed: schedule a coalesced `session:metrics` notice per session. */
  afterCommit(sessionIds: readonly string[]): void {
    for (const sessionId of new Set(sessionIds)) this.#ticks.touch(sessionId);
  }

  /** Cancels pending notices (app shutdown). */
  close(): void {
    this.#ticks.close();
  }

  /** Publishes the session's latest version, taken when sent so a trailing notice carries the last change. */
  async #publish(sessionId: string): Promise<void> {
    try {
      let latest = this.#versions.get(sessionId);
      if (!latest) {
        const rows = await run(this.orm.em.fork(), 'select organization_id, version from session_metrics where session_id = ?', [sessionId]);
        if (!rows[0]) return;
        latest = { organizationId: rows[0].organization_id as string, version: num(rows[0].version) };
      }
      this.realtime.publish('session:metrics', sessionId, { sessionId, ...latest });
    } catch (error) {
      this.logger.error({ err: error, sessionId }, 'publishing session metrics failed');
    }
  }
}
