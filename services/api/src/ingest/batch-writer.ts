import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DomainEventMap, DomainEvents } from '../events/domain-events.js';
import type { Realtime, SessionEventsNotice } from '../realtime.js';
import type { Platform } from '../shared/enums.js';
import { uuidv7 } from '../shared/ids.js';
import type { AcceptedEvent, AudienceEventKind } from './contract.js';
import { arrayParameter, timestampArrayParameter } from '../db/sql-literals.js';
import { toSessionEvent } from '../realtime/audience-event-log.js';
import { runInBackground } from '../worker/background.js';

/** One validated event, ready for the log: products resolved, the viewer still a platform user id. */
export interface PendingEvent {
  organizationId: string;
  sessionId: string;
  /** The session's platform: viewers are kept per organization and platform. */
  platform: Platform;
  source: string;
  eventId: string;
  kind: AudienceEventKind;
  occurredAt: Date;
  /** Platform user id; null for VIEWER_COUNT samples. */
  viewer: string | null;
  region: string | null;
  productId: string | null;
  count: number;
  amount: number | null;
  orderId: string | null;
  data: Record<string, unknown>;
}

/**
 * Receives the newly stored events of each flush inside its transaction (the live metrics
 * aggregator); `afterCommit` runs once the flush is durable.
 */
/** What the live feed shows of one session's flushed events (hidden events left out, labels added). */
export type NoticeFilter = (organizationId: string, sessionId: string, events: SessionEventsNotice['events']) => Promise<SessionEventsNotice['events']>;

export interface AcceptedEventsHook {
  apply(tx: EntityManager, accepted: AcceptedEvent[]): Promise<void>;
  afterCommit?(sessionIds: string[]): void | Promise<void>;
}

export interface BatchWriterOptions {
  orm: MikroORM;
  events: DomainEvents;
  realtime: Realtime;
  logger: Logger;
  /** Flush as soon as this many rows are pending. @default 1000 */
  maxRows?: number;
  /** Flush at the latest this long after the first pending row arrived. @default 50 ms */
  maxDelayMs?: number;
  /**
   * Most rows one flush takes when more are waiting (a backlog built up during the previous
   * flush): larger flushes spread each flush's fixed statements over more rows. @default 4 × maxRows
   */
  maxFlushRows?: number;
  /**
   * Flushes in flight at once, 1 or 2. Their log inserts run in order and their commits too, so
   * `seq` order stays commit order; the next flush prepares and inserts while the previous one
   * aggregates and commits. Not more: a third flush could take the aggregator's session lock
   * before the second and then wait for the second's commit turn, a cycle PostgreSQL cannot see
   * (it would end in the lock timeout). 1 makes flushes strictly one after another. @default 2
   */
  maxConcurrentFlushes?: number;
  /** The aggregator hook; may also be set later with `setHook`. */
  hook?: AcceptedEventsHook | null;
}

interface Waiter {
  events: PendingEvent[];
  enqueuedAt: number;
  resolve(seqs: (number | null)[]): void;
  reject(error: unknown): void;
}

interface Row {
  waiter: Waiter;
  position: number;
  event: PendingEvent;
}

/** Domain facts raised for accepted events, in the same transaction as the log rows. */
type AudienceFact = 'viewer.joined' | 'comment.posted' | 'order.paid' | 'order.refunded';

/** What the writer remembers of a committed viewer row, so a repeat viewer costs no statement. */
interface KnownViewer {
  id: string;
  region: string | null;
  followed: boolean;
  fanClub: boolean;
}

interface FlushOutcome {
  /** Per caller, each event's seq or null (duplicate). */
  results: Map<Waiter, (number | null)[]>;
  accepted: AcceptedEvent[];
  /** Viewer rows written by the flush, remembered once it committed. */
  learned: Map<string, KnownViewer>;
}

/** Viewers remembered per process; the map is dropped when full (a miss costs one upsert row). */
const MAX_KNOWN_VIEWERS = 200_000;

/**
 * A flush waiting on a row lock longer than this fails (its callers retry), so a lock cycle with
 * a flush that waits for its turn can never stall the writer.
 */
const LOCK_TIMEOUT = '10s';

const rowKey = (event: PendingEvent) => `${event.sessionId}\u0000${event.source}\u0000${event.eventId}`;
const viewerKey = (organizationId: string, platform: string, userId: string) => `${organizationId}\u0000${platform}\u0000${userId}`;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The hot path of ingestion. Concurrent callers' events are gathered and written together: a flush
 * starts when `maxRows` rows are pending or `maxDelayMs` after the first pending row, and writes
 * everything in one transaction with a constant number of statements (session segments, one viewer
 * upsert, one log insert, an order lookup when payments need amounts, the aggregator's statements
 * and the domain facts). Callers' promises resolve only after commit, so an acknowledged event is
 * durable; a failed flush rejects exactly its callers, who retry (resending is idempotent).
 *
 * Up to `maxConcurrentFlushes` flushes overlap, taking turns twice: for the viewer upsert and log
 * insert (so seqs grow from one flush to the next), and for the commit (in the same order), so per
 * process `seq` order is commit order and the versions of `session:events` notices only grow.
 */
export class BatchWriter {
  readonly #orm: MikroORM;
  readonly #events: DomainEvents;
  readonly #realtime: Realtime;
  readonly #logger: Logger;
  readonly #maxRows: number;
  readonly #maxFlushRows: number;
  readonly #maxDelayMs: number;
  #hook: AcceptedEventsHook | null;
  #pending: Waiter[] = [];
  #pendingRows = 0;
  #timer: NodeJS.Timeout | null = null;
  #due = false;
  readonly #maxConcurrentFlushes: number;
  #inFlight = 0;
  /** Settles when the latest started flush has inserted its rows (or failed). */
  #insertTurn: Promise<void> = Promise.resolve();
  /** Settles when the latest started flush has committed and published (or failed). */
  #commitTurn: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #knownViewers = new Map<string, KnownViewer>();
  #noticeFilter: NoticeFilter | null = null;
  /** Per session, the decision loop in flight (notices leave in commit order). */
  readonly #publishing = new Map<string, Promise<void>>();
  /** Per session, the notice gathered while a decision was in flight. */
  readonly #waitingNotices = new Map<string, SessionEventsNotice>();

  constructor(options: BatchWriterOptions) {
    this.#orm = options.orm;
    this.#events = options.events;
    this.#realtime = options.realtime;
    this.#logger = options.logger;
    this.#maxRows = options.maxRows ?? 1000;
    this.#maxFlushRows = Math.max(this.#maxRows, options.maxFlushRows ?? 4 * this.#maxRows);
    this.#maxDelayMs = options.maxDelayMs ?? 50;
    this.#maxConcurrentFlushes = Math.min(2, Math.max(1, options.maxConcurrentFlushes ?? 2));
    this.#hook = options.hook ?? null;
  }

  setHook(hook: AcceptedEventsHook | null): void {
    this.#hook = hook;
  }

  /**
   * Decides what the live feed shows of each flushed batch before it is published (the plugins'
   * `comment.beforePublish` point); without one, batches are published as they are.
   */
  setNoticeFilter(filter: NoticeFilter | null): void {
    this.#noticeFilter = filter;
  }

  /**
   * Stores the events (deduplicated by session, source and event id) and resolves, after commit,
   * with each event's `seq`, or null for a duplicate (already in the log or earlier in this flush).
   */
  write(events: PendingEvent[]): Promise<(number | null)[]> {
    if (this.#closed) return Promise.reject(new Error('the ingestion writer is closed'));
    if (events.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#pending.push({ events, enqueuedAt: Date.now(), resolve, reject });
      this.#pendingRows += events.length;
      if (this.#pendingRows >= this.#maxRows) this.#due = true;
      this.#schedule();
    });
  }

  /** Flushes everything pending and refuses new writes (the app calls it on shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#due = true;
    this.#schedule();
    while (this.#inFlight || this.#pending.length) {
      await this.#commitTurn;
      this.#schedule();
    }
    await Promise.all(this.#publishing.values());
  }

  /** Starts the flushes that are due and a free slot allows, then times the next one. */
  #schedule(): void {
    while (this.#due && this.#inFlight < this.#maxConcurrentFlushes && this.#pending.length) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      this.#inFlight += 1;
      // Takes its batch synchronously, before its first await.
      void this.#flushNext().finally(() => {
        this.#inFlight -= 1;
        this.#schedule();
      });
      this.#due = this.#pendingRows >= this.#maxRows || this.#closed;
    }
    this.#armTimer();
  }

  #armTimer(): void {
    if (this.#timer || this.#due || this.#pending.length === 0) return;
    if (this.#pendingRows >= this.#maxRows || this.#closed) {
      this.#due = true;
      if (this.#inFlight < this.#maxConcurrentFlushes) this.#schedule();
      return;
    }
    const wait = Math.max(0, this.#pending[0]!.enqueuedAt + this.#maxDelayMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#due = true;
      this.#schedule();
    }, wait);
  }

  /** Takes whole callers' batches up to `maxFlushRows` rows (at least one caller) and writes them. */
  async #flushNext(): Promise<void> {
    const batch: Waiter[] = [];
    let rows = 0;
    while (this.#pending.length && (batch.length === 0 || rows + this.#pending[0]!.events.length <= this.#maxFlushRows)) {
      const waiter = this.#pending.shift()!;
      batch.push(waiter);
      rows += waiter.events.length;
    }
    this.#pendingRows -= rows;

    const turns = { insert: this.#insertTurn, commit: this.#commitTurn, inserted: () => {} };
    this.#insertTurn = new Promise<void>((resolve) => (turns.inserted = resolve));
    let committed!: () => void;
    this.#commitTurn = new Promise<void>((resolve) => (committed = resolve));
    try {
      const outcome = await this.#write(batch, turns);
      // Only committed viewer rows are remembered: a rolled-back insert must not leave a dangling id.
      if (this.#knownViewers.size + outcome.learned.size > MAX_KNOWN_VIEWERS) this.#knownViewers.clear();
      for (const [key, viewer] of outcome.learned) this.#knownViewers.set(key, viewer);
      for (const waiter of batch) waiter.resolve(outcome.results.get(waiter)!);
      this.#afterCommit(outcome.accepted);
    } catch (error) {
      // Nothing of the flush was stored (a deadlock or lock timeout with another writer included):
      // its callers get no acknowledgement and resend, which is idempotent.
      this.#logger.error({ err: error, callers: batch.length, events: rows }, 'ingestion flush failed; its callers were told to retry');
      for (const waiter of batch) waiter.reject(error);
    } finally {
      turns.inserted();
      committed();
    }
  }

  async #write(batch: Waiter[], turns: { insert: Promise<void>; commit: Promise<void>; inserted: () => void }): Promise<FlushOutcome> {
    const results = new Map<Waiter, (number | null)[]>(batch.map((waiter) => [waiter, waiter.events.map(() => null)]));
    // The first occurrence of an id in the flush is written; later ones are duplicates.
    const unique = new Map<string, Row>();
    for (const waiter of batch) {
      waiter.events.forEach((event, position) => {
        const key = rowKey(event);
        if (!unique.has(key)) unique.set(key, { waiter, position, event });
      });
    }
    // Occurrence order gives seq a meaning within a flush; the key breaks ties so that concurrent
    // writers take the unique index's locks in the same order.
    const rows = [...unique.entries()]
      .sort(([keyA, a], [keyB, b]) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime() || compare(keyA, keyB))
      .map(([, row]) => row);
    const receivedAt = new Date();
    const learned = new Map<string, KnownViewer>();

    const accepted = await this.#orm.em.fork().transactional(async (tx) => {
      const execute = <T>(sql: string, params: unknown[]) =>
        tx.getConnection().execute<T[]>(sql, params, 'all', tx.getTransactionContext());
      await execute(`set local lock_timeout = '${LOCK_TIMEOUT}'`, []);

      const sessionIds = [...new Set(rows.map((row) => row.event.sessionId))];
      const segments = new Map(
        (await execute<{ id: string; current_segment: string | null }>('select id, current_segment from live_sessions where id in (?)', [sessionIds])).map(
          (row) => [row.id, row.current_segment],
        ),
      );
      await turns.insert;
      const viewers = await this.#upsertViewers(execute, rows, learned);
      const viewerIds = rows.map((row) => viewerIdOf(viewers, row.event));

      // A plain scan of unnest() inserts in array order, so seqs follow `rows`; an explicit
      // `with ordinality ... order by` cost a third of the statement (it sorts the wide rows).
      const inserted = await execute<{ seq: string; session_id: string; source: string; event_id: string }>(
        `insert into audience_events (organization_id, session_id, source, event_id, kind, occurred_at, received_at, viewer_id, product_id, segment_id, count, amount, order_id, data)
         select organization_id, session_id, source, event_id, kind, occurred_at, ?::timestamptz, viewer_id, product_id, segment_id, count, amount, order_id, data
         from unnest(?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[], ?::audience_event_kind[], ?::timestamptz[], ?::uuid[], ?::uuid[], ?::uuid[], ?::int[], ?::bigint[], ?::varchar[], ?::jsonb[])
           as r (organization_id, session_id, source, event_id, kind, occurred_at, viewer_id, product_id, segment_id, count, amount, order_id, data)
         on conflict (session_id, source, event_id) do nothing
         returning seq, session_id, source, event_id`,
        [
          receivedAt,
          arrayParameter(rows.map((row) => row.event.organizationId)),
          arrayParameter(rows.map((row) => row.event.sessionId)),
          arrayParameter(rows.map((row) => row.event.source)),
          arrayParameter(rows.map((row) => row.event.eventId)),
          arrayParameter(rows.map((row) => row.event.kind)),
          timestampArrayParameter(rows.map((row) => row.event.occurredAt)),
          arrayParameter(viewerIds),
          arrayParameter(rows.map((row) => row.event.productId)),
          arrayParameter(rows.map((row) => segments.get(row.event.sessionId) ?? null)),
          arrayParameter(rows.map((row) => row.event.count)),
          arrayParameter(rows.map((row) => row.event.amount)),
          arrayParameter(rows.map((row) => row.event.orderId)),
          arrayParameter(rows.map((row) => JSON.stringify(row.event.data))),
        ],
      );

      turns.inserted();
      const seqs = new Map(inserted.map((row) => [`${row.session_id}\u0000${row.source}\u0000${row.event_id}`, Number(row.seq)]));
      const acceptedEvents: AcceptedEvent[] = [];
      for (const [index, row] of rows.entries()) {
        const seq = seqs.get(rowKey(row.event));
        if (seq === undefined) continue;
        results.get(row.waiter)![row.position] = seq;
        acceptedEvents.push({
          seq,
          organizationId: row.event.organizationId,
          sessionId: row.event.sessionId,
          kind: row.event.kind,
          occurredAt: row.event.occurredAt,
          receivedAt,
          viewerId: viewerIds[index]!,
          productId: row.event.productId,
          segmentId: segments.get(row.event.sessionId) ?? null,
          count: row.event.count,
          amount: row.event.amount,
          orderId: row.event.orderId,
          data: row.event.data,
        });
      }
      acceptedEvents.sort((a, b) => a.seq - b.seq);
      if (acceptedEvents.length) {
        if (this.#hook) await this.#hook.apply(tx, acceptedEvents);
        await this.#emitFacts(tx, execute, acceptedEvents);
      }
      // Commits follow the order of the inserts.
      await turns.commit;
      return acceptedEvents;
    });
    return { results, accepted, learned };
  }

  /**
   * Viewer ids by organization, platform and platform user id. Viewers this process already knows
   * with nothing new to record (region, follow, fan club) are taken from memory; the others go in
   * one upsert, in key order (concurrent flushes lock viewer rows in the same order, so they cannot
   * deadlock on them). What the upsert returns is added to `learned`.
   */
  async #upsertViewers(execute: <T>(sql: string, params: unknown[]) => Promise<T[]>, rows: Row[], learned: Map<string, KnownViewer>): Promise<Map<string, string>> {
    interface Seen { organizationId: string; platform: string; userId: string; region: string | null; firstSeenAt: Date; followedAt: Date | null; fanClubAt: Date | null }
    const byKey = new Map<string, Seen>();
    for (const { event } of rows) {
      if (!event.viewer) continue;
      const key = viewerKey(event.organizationId, event.platform, event.viewer);
      let seen = byKey.get(key);
      if (!seen) {
        seen = { organizationId: event.organizationId, platform: event.platform, userId: event.viewer, region: null, firstSeenAt: event.occurredAt, followedAt: null, fanClubAt: null };
        byKey.set(key, seen);
      }
      if (event.region) seen.region = event.region;
      if (event.occurredAt < seen.firstSeenAt) seen.firstSeenAt = event.occurredAt;
      if (event.kind === 'FOLLOW' && (!seen.followedAt || event.occurredAt < seen.followedAt)) seen.followedAt = event.occurredAt;
      if (event.kind === 'FAN_CLUB_JOIN' && (!seen.fanClubAt || event.occurredAt < seen.fanClubAt)) seen.fanClubAt = event.occurredAt;
    }
    const ids = new Map<string, string>();
    const unknown: [string, Seen][] = [];
    for (const [key, seen] of byKey) {
      const known = this.#knownViewers.get(key);
      const news = !known || (seen.region !== null && seen.region !== known.region) || (seen.followedAt && !known.followed) || (seen.fanClubAt && !known.fanClub);
      if (news) unknown.push([key, seen]);
      else ids.set(key, known.id);
    }
    if (unknown.length === 0) return ids;
    const viewers = unknown.sort(([a], [b]) => compare(a, b)).map(([, seen]) => seen);
    const returned = await execute<{ id: string; organization_id: string; platform: string; platform_user_id: string; region: string | null; followed: boolean; fan_club: boolean }>(
      `insert into viewers (id, organization_id, platform, platform_user_id, region, first_seen_at, followed_at, fan_club_at)
       select * from unnest(?::uuid[], ?::uuid[], ?::platform[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
       on conflict (organization_id, platform, platform_user_id) do update set
         region = coalesce(excluded.region, viewers.region),
         followed_at = coalesce(viewers.followed_at, excluded.followed_at),
         fan_club_at = coalesce(viewers.fan_club_at, excluded.fan_club_at)
       returning id, organization_id, platform, platform_user_id, region, followed_at is not null as followed, fan_club_at is not null as fan_club`,
      [
        arrayParameter(viewers.map(() => uuidv7())),
        arrayParameter(viewers.map((viewer) => viewer.organizationId)),
        arrayParameter(viewers.map((viewer) => viewer.platform)),
        arrayParameter(viewers.map((viewer) => viewer.userId)),
        arrayParameter(viewers.map((viewer) => viewer.region)),
        timestampArrayParameter(viewers.map((viewer) => viewer.firstSeenAt)),
        timestampArrayParameter(viewers.map((viewer) => viewer.followedAt)),
        timestampArrayParameter(viewers.map((viewer) => viewer.fanClubAt)),
      ],
    );
    for (const row of returned) {
      const key = viewerKey(row.organization_id, row.platform, row.platform_user_id);
      ids.set(key, row.id);
      learned.set(key, { id: row.id, region: row.region, followed: row.followed, fanClub: row.fan_club });
    }
    return ids;
  }

  /**
   * viewer.joined, comment.posted, order.paid and order.refunded for the accepted events; only the
   * facts some handler observes are built (and the order amounts looked up only for those).
   */
  async #emitFacts(tx: EntityManager, execute: <T>(sql: string, params: unknown[]) => Promise<T[]>, accepted: AcceptedEvent[]): Promise<void> {
    const facts: { [N in AudienceFact]: DomainEventMap[N][] } = { 'viewer.joined': [], 'comment.posted': [], 'order.paid': [], 'order.refunded': [] };
    const observed = (name: AudienceFact) => this.#events.isObserved(name);
    const [joins, comments, paid, refunded] = [observed('viewer.joined'), observed('comment.posted'), observed('order.paid'), observed('order.refunded')];
    if (!joins && !comments && !paid && !refunded) return;
    const payments = accepted.filter((event) => (paid && event.kind === 'ORDER_PAID') || (refunded && event.kind === 'ORDER_REFUNDED' && event.amount === null));
    const orderAmounts = payments.length ? await this.#orderAmounts(execute, payments) : new Map<string, number>();
    for (const event of accepted) {
      const common = { organizationId: event.organizationId, sessionId: event.sessionId, at: event.occurredAt, eventSeq: event.seq };
      if (event.kind === 'VIEWER_JOINED' && event.viewerId) {
        if (joins) facts['viewer.joined'].push({ ...common, viewerId: event.viewerId });
      } else if (event.kind === 'COMMENT') {
        if (comments) facts['comment.posted'].push({ ...common, viewerId: event.viewerId, text: String(event.data.text ?? '') });
      } else if ((paid && event.kind === 'ORDER_PAID') || (refunded && event.kind === 'ORDER_REFUNDED')) {
        const amount = event.kind === 'ORDER_REFUNDED' && event.amount !== null ? event.amount : (orderAmounts.get(`${event.organizationId}\u0000${event.orderId}`) ?? 0);
        const fact = { ...common, viewerId: event.viewerId, orderId: event.orderId!, amount };
        facts[event.kind === 'ORDER_PAID' ? 'order.paid' : 'order.refunded'].push(fact);
      }
    }
    // One outbox write per fact name, whatever the number of events.
    await this.#events.emitMany('viewer.joined', facts['viewer.joined'], { em: tx });
    await this.#events.emitMany('comment.posted', facts['comment.posted'], { em: tx });
    await this.#events.emitMany('order.paid', facts['order.paid'], { em: tx });
    await this.#events.emitMany('order.refunded', facts['order.refunded'], { em: tx });
  }

  /** The created amount of the paid or refunded orders, in one statement (including orders created in this flush). */
  async #orderAmounts(execute: <T>(sql: string, params: unknown[]) => Promise<T[]>, payments: AcceptedEvent[]): Promise<Map<string, number>> {
    const rows = await execute<{ organization_id: string; order_id: string; amount: string | null }>(
      `select organization_id, order_id, amount from audience_events
       where organization_id in (?) and order_id in (?) and kind = 'ORDER_CREATED' order by seq`,
      [[...new Set(payments.map((event) => event.organizationId))], [...new Set(payments.map((event) => event.orderId!))]],
    );
    const amounts = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.organization_id}\u0000${row.order_id}`;
      if (!amounts.has(key) && row.amount !== null) amounts.set(key, Number(row.amount));
    }
    return amounts;
  }

  /**
   * Publishes a session's notice, first through the live-feed filter when there is one. One
   * decision per session is in flight at a time; notices that commit meanwhile wait merged into
   * one (their events joined in order, the last version), so a slow filter delays the feed but
   * never lets a backlog grow.
   */
  #publishNotice(notice: SessionEventsNotice): void {
    const filter = this.#noticeFilter;
    if (!filter) {
      this.#realtime.publish('session:events', notice.sessionId, notice);
      return;
    }
    const waiting = this.#waitingNotices.get(notice.sessionId);
    if (waiting) {
      waiting.events.push(...notice.events);
      waiting.version = notice.version;
      return;
    }
    this.#waitingNotices.set(notice.sessionId, { ...notice, events: [...notice.events] });
    if (!this.#publishing.has(notice.sessionId)) this.#drainNotices(notice.sessionId, filter);
  }

  /** Decides and publishes the session's waiting notice, then the one that gathered meanwhile. */
  #drainNotices(sessionId: string, filter: NoticeFilter): void {
    const run = runInBackground('live-feed', async () => {
      for (;;) {
        const notice = this.#takeWaiting(sessionId);
        // Checked and cleared in one synchronous step, so a notice arriving now starts a new loop.
        if (!notice) {
          this.#publishing.delete(sessionId);
          return;
        }
        const events = await filter(notice.organizationId, sessionId, notice.events).catch((error: unknown) => {
          // Fail-open: the feed shows the batch as it is.
          this.#logger.error({ err: error, sessionId }, 'deciding the live feed failed; publishing the batch unfiltered');
          return notice.events;
        });
        try {
          this.#realtime.publish('session:events', sessionId, { ...notice, events });
        } catch (error) {
          this.#logger.error({ err: error, sessionId }, 'publishing a live-feed batch failed');
        }
      }
    });
    this.#publishing.set(sessionId, run);
  }

  #takeWaiting(sessionId: string): SessionEventsNotice | undefined {
    const notice = this.#waitingNotices.get(sessionId);
    this.#waitingNotices.delete(sessionId);
    return notice;
  }

  #afterCommit(accepted: AcceptedEvent[]): void {
    if (accepted.length === 0) return;
    const bySession = new Map<string, AcceptedEvent[]>();
    for (const event of accepted) {
      const list = bySession.get(event.sessionId) ?? [];
      list.push(event);
      bySession.set(event.sessionId, list);
    }
    for (const [sessionId, events] of bySession) {
      const notice: SessionEventsNotice = {
        sessionId,
        organizationId: events[0]!.organizationId,
        version: events.at(-1)!.seq,
        events: events.map(toSessionEvent),
      };
      this.#publishNotice(notice);
    }
    try {
      const pending = this.#hook?.afterCommit?.([...bySession.keys()]);
      if (pending) pending.catch((error: unknown) => this.#logger.error({ err: error }, 'live metrics after-commit hook failed'));
    } catch (error) {
      this.#logger.error({ err: error }, 'live metrics after-commit hook failed');
    }
  }
}

function viewerIdOf(viewers: Map<string, string>, event: PendingEvent): string | null {
  return event.viewer ? (viewers.get(viewerKey(event.organizationId, event.platform, event.viewer)) ?? null) : null;
}
