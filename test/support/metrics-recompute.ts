import { decodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';

/**
 * Recomputes a session's live metrics from scratch over the raw log (`audience_events`) with plain
 * GROUP BY / count(distinct) and window functions, to check the incremental aggregator. Presence
 * (online, watch time, peak) is replayed in `seq` order, so it matches only when the events of a
 * viewer were applied in that order (send presence sequentially). Order semantics follow
 * `live-metrics/aggregate.ts`: an order's amount is its first ORDER_CREATED; its first ORDER_PAID
 * counts; refunds count by default for the order's amount, never beyond an order's total once its
 * creation was seen.
 */

/** The local uuid of a Relay global id (raw SQL and the aggregator take local ids). */
export function localSessionId(globalId: string): string {
  return decodeGlobalID(globalId).id;
}

export interface MetricsTables {
  /** `session_metrics` counters (without version, timestamps, online sample time). */
  totals: Record<string, number | null>;
  /** `session_metric_minutes` rows keyed by ISO minute; rows of zeros left out. */
  minutes: Record<string, Record<string, number>>;
  /** `session_product_metrics` by product id; rows of zeros left out. */
  products: Record<string, Record<string, number>>;
  /** `session_segment_metrics` by segment id; rows of zeros left out. */
  segments: Record<string, Record<string, number>>;
}

const TOTAL_COLUMNS = [
  'online', 'online_sample', 'peak_online', 'pv', 'uv', 'watch_ms_closed', 'open_join_epoch_ms_sum', 'open_count', 'comments', 'likes',
  'shares', 'follows', 'fan_club_joins', 'commenting_viewers', 'liking_viewers', 'interacting_viewers', 'product_impressions',
  'product_clicks', 'impression_viewers', 'click_viewers', 'add_to_carts', 'orders_created', 'orders_paid', 'buyers', 'gmv_created',
  'gmv_paid', 'refunds', 'refund_amount',
];
const MINUTE_COLUMNS = [
  'pv', 'uv_new', 'comments', 'likes', 'shares', 'follows', 'impressions', 'clicks', 'add_to_carts', 'orders_created', 'orders_paid',
  'gmv_created', 'gmv_paid', 'refund_amount', 'online_max',
];
const PRODUCT_COLUMNS = ['impressions', 'clicks', 'add_to_carts', 'orders', 'units', 'gmv_created', 'gmv_paid', 'refund_amount'];
const SEGMENT_COLUMNS = ['pv', 'uv_new', 'comments', 'likes', 'clicks', 'add_to_carts', 'orders_paid', 'gmv_paid', 'refund_amount'];

/** Shared CTEs over one session's log ($1). */
const BASE = `
  ev as (select * from audience_events where session_id = $1),
  created as (
    select distinct on (order_id) order_id, seq, occurred_at, segment_id, amount, data->'items' as items
      from ev where kind = 'ORDER_CREATED' and order_id is not null order by order_id, seq),
  paid as (
    select distinct on (p.order_id) p.order_id, p.seq, p.occurred_at, p.segment_id, p.viewer_id, coalesce(c.amount, 0) as amount, c.items
      from ev p left join created c on c.order_id = p.order_id
     where p.kind = 'ORDER_PAID' and p.order_id is not null order by p.order_id, p.seq),
  refund_requests as (
    select r.seq, r.occurred_at, r.segment_id, r.order_id, c.seq < r.seq as capped, c.amount as total, c.items,
           coalesce(r.amount, case when c.seq < r.seq then c.amount end, 0) as requested
      from ev r left join created c on c.order_id = r.order_id
     where r.kind = 'ORDER_REFUNDED' and r.order_id is not null),
  refund_running as (
    select *, sum(requested) over (partition by order_id, capped order by seq) as cum from refund_requests),
  -- An order whose creation came first is never refunded beyond its total: the refunded total
  -- after each refund is least(running requested sum, total).
  refund_effects as (
    select seq, occurred_at, segment_id, items, capped and cum - requested = 0 and requested >= total as whole,
           case when capped then least(cum, total) - least(cum - requested, total) else requested end as amount
      from refund_running),
  refunded as (select * from refund_effects where amount > 0),
  presence as (
    select seq, occurred_at, viewer_id, kind,
           lag(kind) over (partition by viewer_id order by seq) as previous
      from ev where kind in ('VIEWER_JOINED', 'VIEWER_LEFT') and viewer_id is not null),
  effective as (
    select *, case when kind = 'VIEWER_JOINED' and previous is distinct from 'VIEWER_JOINED' then 1
                   when kind = 'VIEWER_LEFT' and previous = 'VIEWER_JOINED' then -1 else 0 end as step
      from presence),
  stays as (
    select *, sum(case when step = 1 then 1 else 0 end) over (partition by viewer_id order by seq) as stay
      from effective),
  joined as (
    select *, min(occurred_at) filter (where step = 1) over (partition by viewer_id, stay) as joined_at
      from stays),
  running as (
    select seq, occurred_at, sum(step) over (order by seq) as online from effective),
  last_presence as (
    select distinct on (viewer_id) viewer_id, kind, joined_at from joined order by viewer_id, seq desc),
  first_event as (
    select distinct on (viewer_id) viewer_id, occurred_at, segment_id from ev where viewer_id is not null order by viewer_id, seq),
  lines as (
    select (item->>'product')::uuid as product_id, (item->>'quantity')::bigint as quantity,
           (item->>'quantity')::bigint * (item->>'unitPrice')::bigint as total, source
      from (select items, 'created' as source from created
            union all select items, 'paid' from paid
            union all select items, 'refunded' from refunded where whole) as o,
           jsonb_array_elements(coalesce(o.items, '[]'::jsonb)) as item)`;

const num = (value: unknown) => (value == null ? null : Number(value));

function keyed(rows: Record<string, unknown>[], key: string, columns: string[]): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const row of rows) {
    const values = Object.fromEntries(columns.map((column) => [column, Number(row[column] ?? 0)]));
    if (Object.values(values).every((value) => value === 0)) continue;
    const id = row[key] instanceof Date ? (row[key] as Date).toISOString() : String(row[key]);
    result[id] = values;
  }
  return result;
}

function tables(totals: Record<string, unknown>, minutes: Record<string, unknown>[], products: Record<string, unknown>[], segments: Record<string, unknown>[]): MetricsTables {
  return {
    totals: Object.fromEntries(TOTAL_COLUMNS.map((column) => [column, column === 'online_sample' ? num(totals[column]) : Number(totals[column] ?? 0)])),
    minutes: keyed(minutes, 'minute', MINUTE_COLUMNS),
    products: keyed(products, 'product_id', PRODUCT_COLUMNS),
    segments: keyed(segments, 'segment_id', SEGMENT_COLUMNS),
  };
}

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every live-metrics counter of the session, recomputed from the log. */
export function recomputeSessionMetrics(databaseUrl: string, sessionId: string): Promise<MetricsTables> {
  return withClient(databaseUrl, async (client) => {
    const totals = await client.query(
      `with ${BASE}
       select
         (select count(*) from last_presence where kind = 'VIEWER_JOINED') as online,
         (select count(*) from last_presence where kind = 'VIEWER_JOINED') as open_count,
         (select coalesce(sum((extract(epoch from joined_at) * 1000)::bigint), 0) from last_presence where kind = 'VIEWER_JOINED') as open_join_epoch_ms_sum,
         (select count from ev where kind = 'VIEWER_COUNT' order by occurred_at desc, seq desc limit 1) as online_sample,
         greatest(0, (select max(online) from running), (select max(count) from ev where kind = 'VIEWER_COUNT')) as peak_online,
         (select coalesce(sum(greatest(0, (extract(epoch from occurred_at - joined_at) * 1000)::bigint)), 0) from joined where step = -1) as watch_ms_closed,
         count(*) filter (where kind = 'VIEWER_JOINED') as pv,
         count(distinct viewer_id) as uv,
         count(*) filter (where kind = 'COMMENT') as comments,
         coalesce(sum(count) filter (where kind = 'LIKE'), 0) as likes,
         count(*) filter (where kind = 'SHARE') as shares,
         count(*) filter (where kind = 'FOLLOW') as follows,
         count(*) filter (where kind = 'FAN_CLUB_JOIN') as fan_club_joins,
         count(distinct viewer_id) filter (where kind = 'COMMENT') as commenting_viewers,
         count(distinct viewer_id) filter (where kind = 'LIKE') as liking_viewers,
         count(distinct viewer_id) filter (where kind in ('COMMENT', 'LIKE', 'SHARE', 'FOLLOW')) as interacting_viewers,
         count(*) filter (where kind = 'PRODUCT_IMPRESSION') as product_impressions,
         count(*) filter (where kind = 'PRODUCT_CLICK') as product_clicks,
         count(distinct viewer_id) filter (where kind = 'PRODUCT_IMPRESSION') as impression_viewers,
         count(distinct viewer_id) filter (where kind = 'PRODUCT_CLICK') as click_viewers,
         count(*) filter (where kind = 'ADD_TO_CART') as add_to_carts,
         (select count(*) from created) as orders_created,
         (select coalesce(sum(amount), 0) from created) as gmv_created,
         (select count(*) from paid) as orders_paid,
         (select coalesce(sum(amount), 0) from paid) as gmv_paid,
         (select count(distinct viewer_id) from paid) as buyers,
         (select count(*) from refunded) as refunds,
         (select coalesce(sum(amount), 0) from refunded) as refund_amount
       from ev`,
      [sessionId],
    );
    const minutes = await client.query(
      `with ${BASE},
       flows as (
         select date_trunc('minute', occurred_at) as minute,
                count(*) filter (where kind = 'VIEWER_JOINED') as pv, 0 as uv_new,
                count(*) filter (where kind = 'COMMENT') as comments,
                coalesce(sum(count) filter (where kind = 'LIKE'), 0) as likes,
                count(*) filter (where kind = 'SHARE') as shares,
                count(*) filter (where kind = 'FOLLOW') as follows,
                count(*) filter (where kind = 'PRODUCT_IMPRESSION') as impressions,
                count(*) filter (where kind = 'PRODUCT_CLICK') as clicks,
                count(*) filter (where kind = 'ADD_TO_CART') as add_to_carts,
                0 as orders_created, 0 as orders_paid, 0 as gmv_created, 0 as gmv_paid, 0 as refund_amount,
                coalesce(max(count) filter (where kind = 'VIEWER_COUNT'), 0) as online_max
           from ev group by 1
         union all select date_trunc('minute', occurred_at), 0, count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 from first_event group by 1
         union all select date_trunc('minute', occurred_at), 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), 0, sum(amount), 0, 0, 0 from created group by 1
         union all select date_trunc('minute', occurred_at), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), 0, sum(amount), 0, 0 from paid group by 1
         union all select date_trunc('minute', occurred_at), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, sum(amount), 0 from refunded group by 1
         union all select date_trunc('minute', occurred_at), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, max(online) from running group by 1)
       select minute, ${MINUTE_COLUMNS.map((column) => (column === 'online_max' ? 'max(online_max) as online_max' : `sum(${column}) as ${column}`)).join(', ')}
         from flows group by minute`,
      [sessionId],
    );
    const products = await client.query(
      `with ${BASE},
       flows as (
         select product_id, count(*) filter (where kind = 'PRODUCT_IMPRESSION') as impressions,
                count(*) filter (where kind = 'PRODUCT_CLICK') as clicks, count(*) filter (where kind = 'ADD_TO_CART') as add_to_carts,
                0 as orders, 0 as units, 0 as gmv_created, 0 as gmv_paid, 0 as refund_amount
           from ev where product_id is not null group by 1
         union all
         select product_id, 0, 0, 0,
                count(*) filter (where source = 'paid'), coalesce(sum(quantity) filter (where source = 'paid'), 0),
                coalesce(sum(total) filter (where source = 'created'), 0), coalesce(sum(total) filter (where source = 'paid'), 0),
                coalesce(sum(total) filter (where source = 'refunded'), 0)
           from lines group by 1)
       select product_id, ${PRODUCT_COLUMNS.map((column) => `sum(${column}) as ${column}`).join(', ')} from flows group by product_id`,
      [sessionId],
    );
    const segments = await client.query(
      `with ${BASE},
       flows as (
         select segment_id, count(*) filter (where kind = 'VIEWER_JOINED') as pv, 0 as uv_new,
                count(*) filter (where kind = 'COMMENT') as comments, coalesce(sum(count) filter (where kind = 'LIKE'), 0) as likes,
                count(*) filter (where kind = 'PRODUCT_CLICK') as clicks, count(*) filter (where kind = 'ADD_TO_CART') as add_to_carts,
                0 as orders_paid, 0 as gmv_paid, 0 as refund_amount
           from ev group by 1
         union all select segment_id, 0, count(*), 0, 0, 0, 0, 0, 0, 0 from first_event group by 1
         union all select segment_id, 0, 0, 0, 0, 0, 0, count(*), sum(amount), 0 from paid group by 1
         union all select segment_id, 0, 0, 0, 0, 0, 0, 0, 0, sum(amount) from refunded group by 1)
       select segment_id, ${SEGMENT_COLUMNS.map((column) => `sum(${column}) as ${column}`).join(', ')}
         from flows where segment_id is not null group by segment_id`,
      [sessionId],
    );
    return tables(totals.rows[0] ?? {}, minutes.rows, products.rows, segments.rows);
  });
}

/** What the aggregator stored for the session, in the same shape as the recomputation. */
export function readStoredMetrics(databaseUrl: string, sessionId: string): Promise<MetricsTables> {
  return withClient(databaseUrl, async (client) => {
    const totals = await client.query('select * from session_metrics where session_id = $1', [sessionId]);
    const minutes = await client.query('select * from session_metric_minutes where session_id = $1', [sessionId]);
    const products = await client.query('select * from session_product_metrics where session_id = $1', [sessionId]);
    const segments = await client.query('select * from session_segment_metrics where session_id = $1', [sessionId]);
    return tables(totals.rows[0] ?? {}, minutes.rows, products.rows, segments.rows);
  });
}
