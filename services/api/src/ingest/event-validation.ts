import { z } from 'zod';
import { AUDIENCE_EVENT_KINDS, type AudienceEventKind, type IngestReply } from './contract.js';

/** Events may be stamped at most this far ahead of the server's clock (platform clocks drift). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Earlier instants are certainly wrong (and year 0 is not a PostgreSQL timestamp). */
const EARLIEST_OCCURRED_AT = Date.UTC(2000, 0, 1);

export type Rejection = IngestReply['rejected'][number];

/** One structurally valid wire event; product references are still unresolved (ids or SKUs). */
export interface ParsedEvent {
  index: number;
  id: string;
  kind: AudienceEventKind;
  occurredAt: Date;
  /** Platform user id; null only for VIEWER_COUNT. */
  viewer: string | null;
  region: string | null;
  /** `product` as sent (global id, local id or SKU). */
  productRef: string | null;
  count: number;
  amount: number | null;
  orderId: string | null;
  items: { product: string; quantity: number; unitPrice: number }[] | null;
  text: string | null;
  couponCode: string | null;
  trackingCode: string | null;
}

/**
 * Text PostgreSQL can store: no NUL characters (text and jsonb refuse them) and no lone UTF-16
 * surrogates (jsonb refuses their escapes). One such event must be rejected here: in the flush it
 * would fail the whole transaction and every caller sharing it.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = (required = false) =>
  z
    .string(required ? { error: 'is required' } : undefined)
    .refine((value) => !UNSTORABLE.test(value), 'must be valid Unicode text without NUL characters');

const id = text(true).min(1, 'must not be empty').max(200, 'must have at most 200 characters');
const ref = text(true).trim().min(1, 'must not be empty').max(200, 'must have at most 200 characters');
const minorUnits = z
  .number({ error: 'must be a number' })
  .int('must be whole minor units')
  .min(0, 'must be at least 0')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');

const base = {
  id,
  occurredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant with a zone, e.g. 2026-11-26T12:00:00Z' }),
  viewer: id,
  region: text().trim().min(1, 'must not be empty').max(100, 'must have at most 100 characters').optional(),
};

const item = z.object({
  product: ref,
  quantity: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100_000),
  unitPrice: minorUnits,
});

const optionalCode = text().trim().max(200, 'must have at most 200 characters').optional();

/** The rules per kind; fields a kind does not use are ignored. */
const eventSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ ...base, kind: z.literal(['VIEWER_JOINED', 'VIEWER_LEFT', 'SHARE', 'FOLLOW', 'FAN_CLUB_JOIN']) }),
    z.object({
      ...base,
      kind: z.literal('VIEWER_COUNT'),
      viewer: id.optional(),
      count: z.number({ error: 'is required: the viewers online' }).int('must be a whole number').min(0, 'must be at least 0').max(2_147_483_647, 'is too large'),
    }),
    z.object({
      ...base,
      kind: z.literal('COMMENT'),
      text: text(true).trim().min(1, 'must not be empty').max(500, 'must have at most 500 characters'),
    }),
    z.object({
      ...base,
      kind: z.literal('LIKE'),
      count: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(1),
    }),
    z.object({ ...base, kind: z.literal(['PRODUCT_IMPRESSION', 'PRODUCT_CLICK', 'ADD_TO_CART']), product: ref }),
    z.object({
      ...base,
      kind: z.literal('ORDER_CREATED'),
      orderId: id,
      amount: minorUnits,
      items: z.array(item).max(100, 'must have at most 100 lines').optional(),
      couponCode: optionalCode,
      trackingCode: optionalCode,
    }),
    z.object({ ...base, kind: z.literal('ORDER_PAID'), orderId: id }),
    z.object({ ...base, kind: z.literal('ORDER_REFUNDED'), orderId: id, amount: minorUnits.optional() }),
  ],
  { error: `must be one of ${AUDIENCE_EVENT_KINDS.join(', ')}` },
);

type WireShape = z.output<typeof eventSchema>;

/** `events[3].items[0].product` */
export function fieldPath(index: number, path: readonly PropertyKey[] = []): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
    `events[${index}]`,
  );
}

/** The event's id for the reply, when it has a usable one. */
function wireId(raw: unknown): string | null {
  const value = (raw as { id?: unknown } | null)?.id;
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : null;
}

function toParsed(index: number, event: WireShape): ParsedEvent {
  return {
    index,
    id: event.id,
    kind: event.kind,
    occurredAt: new Date(event.occurredAt),
    viewer: event.viewer ?? null,
    region: event.region ?? null,
    productRef: 'product' in event ? event.product : null,
    count: 'count' in event ? event.count : 1,
    amount: 'amount' in event ? (event.amount ?? null) : null,
    orderId: 'orderId' in event ? event.orderId : null,
    items: 'items' in event ? (event.items ?? null) : null,
    text: 'text' in event ? event.text : null,
    couponCode: 'couponCode' in event ? (event.couponCode ?? null) : null,
    trackingCode: 'trackingCode' in event ? (event.trackingCode ?? null) : null,
  };
}

/**
 * Checks every event on its own: the valid ones are returned, each invalid one becomes a rejection
 * naming its first problem. Product references are checked later against the database.
 */
export function validateEvents(events: readonly unknown[], now: Date): { valid: ParsedEvent[]; rejected: Rejection[] } {
  const valid: ParsedEvent[] = [];
  const rejected: Rejection[] = [];
  const latest = now.getTime() + MAX_FUTURE_SKEW_MS;
  events.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      rejected.push({ index, id: null, reason: `events[${index}] must be an object`, field: `events[${index}]` });
      return;
    }
    const result = eventSchema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const field = fieldPath(index, issue.path);
      rejected.push({ index, id: wireId(raw), reason: `${field} ${issue.message}`, field });
      return;
    }
    const event = toParsed(index, result.data);
    const occurredAt = event.occurredAt.getTime();
    if (occurredAt > latest || occurredAt < EARLIEST_OCCURRED_AT) {
      const field = fieldPath(index, ['occurredAt']);
      const reason = occurredAt > latest ? 'is more than 5 minutes in the future' : 'is before 2000';
      rejected.push({ index, id: event.id, reason: `${field} ${reason}`, field });
      return;
    }
    valid.push(event);
  });
  return { valid, rejected };
}

/** Every product reference of the events (the `product` field and order lines), without repeats. */
export function productReferences(events: readonly ParsedEvent[]): string[] {
  const refs = new Set<string>();
  for (const event of events) {
    if (event.productRef) refs.add(event.productRef);
    for (const line of event.items ?? []) refs.add(line.product);
  }
  return [...refs];
}

/**
 * Splits events by whether all their product references resolved (`resolved` maps a reference to
 * a product id). Unknown products reject the event naming the first unknown reference's field.
 */
export function checkProducts(
  events: readonly ParsedEvent[],
  resolved: ReadonlyMap<string, string>,
): { valid: ParsedEvent[]; rejected: Rejection[] } {
  const valid: ParsedEvent[] = [];
  const rejected: Rejection[] = [];
  for (const event of events) {
    let field: string | null = null;
    let unknown = '';
    if (event.productRef && !resolved.has(event.productRef)) {
      field = fieldPath(event.index, ['product']);
      unknown = event.productRef;
    } else {
      const line = (event.items ?? []).findIndex((entry) => !resolved.has(entry.product));
      if (line >= 0) {
        field = fieldPath(event.index, ['items', line, 'product']);
        unknown = event.items![line]!.product;
      }
    }
    if (field) rejected.push({ index: event.index, id: event.id, reason: `${field} ${JSON.stringify(unknown)} is not a product of your organization`, field });
    else valid.push(event);
  }
  return { valid, rejected };
}
