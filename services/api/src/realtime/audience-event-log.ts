import type { EntityManager } from '@mikro-orm/postgresql';
import type { AcceptedEvent, AudienceEventKind } from '../ingest/contract.js';
import type { SessionEventsNotice } from '../realtime.js';

/** One event as subscribers and the resync query both see it. */
export type SessionEvent = SessionEventsNotice['events'][number];

export interface AudienceEventPageArgs {
  /** Events with a greater `seq` only. */
  afterSeq: number;
  /** Only these kinds; null for every kind. */
  kinds: readonly AudienceEventKind[] | null;
  /** Page size. */
  first: number;
}

export interface AudienceEventPage {
  events: SessionEvent[];
  /** `seq` of the last event of the page, or `afterSeq` when the page is empty: where the next page starts. */
  version: number;
  hasMore: boolean;
}

/** Largest page of `LiveSession.audienceEvents`. */
export const MAX_AUDIENCE_EVENTS_PAGE = 1000;

interface Row {
  seq: string | number;
  session_id: string;
  kind: AudienceEventKind;
  occurred_at: Date | string;
  viewer_id: string | null;
  product_id: string | null;
  count: number;
  amount: string | number | null;
  order_id: string | null;
  data: Record<string, unknown> | null;
}

/** What a stored audience event looks like to subscribers and the resync query: `count`, `amount` and `orderId` travel inside `data`. */
export function toSessionEvent(event: Pick<AcceptedEvent, 'seq' | 'kind' | 'occurredAt' | 'viewerId' | 'productId' | 'count' | 'amount' | 'orderId' | 'data'>): SessionEvent {
  return {
    seq: event.seq,
    kind: event.kind,
    occurredAt: event.occurredAt.toISOString(),
    viewerId: event.viewerId,
    productId: event.productId,
    data: {
      ...event.data,
      count: event.count,
      ...(event.amount !== null ? { amount: event.amount } : {}),
      ...(event.orderId ? { orderId: event.orderId } : {}),
    },
  };
}

/**
 * The next page of the log after `afterSeq` for each session, in `seq` order, in one statement
 * whatever the number of sessions (a lateral join reads each session's page from the
 * `(session_id, seq)` index). Sessions of other organizations have no events.
 */
export async function readAudienceEventPages(
  em: EntityManager,
  organizationId: string,
  sessionIds: readonly string[],
  args: AudienceEventPageArgs,
): Promise<Map<string, AudienceEventPage>> {
  const pages = new Map<string, AudienceEventPage>(sessionIds.map((id) => [id, { events: [], version: args.afterSeq, hasMore: false }]));
  if (sessionIds.length === 0) return pages;
  const kinds = args.kinds?.length ? args.kinds : null;
  const rows = await em.getConnection().execute<Row[]>(
    `select e.* from "live_sessions" s cross join lateral (
       select a."seq", a."session_id", a."kind", a."occurred_at", a."viewer_id", a."product_id", a."count", a."amount", a."order_id", a."data"
       from "audience_events" a
       where a."session_id" = s."id" and a."organization_id" = s."organization_id" and a."seq" > ?
       ${kinds ? `and a."kind" in (${kinds.map(() => '?').join(', ')})` : ''}
       order by a."seq" limit ?
     ) e
     where s."id" in (${sessionIds.map(() => '?').join(', ')}) and s."organization_id" = ?
     order by e."session_id", e."seq"`,
    [args.afterSeq, ...(kinds ?? []), args.first + 1, ...sessionIds, organizationId],
    'all',
    em.getTransactionContext(),
  );
  for (const row of rows) {
    const page = pages.get(row.session_id)!;
    if (page.events.length === args.first) page.hasMore = true;
    else {
      page.events.push(
        toSessionEvent({
          seq: Number(row.seq), kind: row.kind, occurredAt: new Date(row.occurred_at), viewerId: row.viewer_id, productId: row.product_id,
          count: row.count, amount: row.amount === null ? null : Number(row.amount), orderId: row.order_id, data: row.data ?? {},
        }),
      );
    }
  }
  for (const page of pages.values()) page.version = page.events.at(-1)?.seq ?? args.afterSeq;
  return pages;
}
