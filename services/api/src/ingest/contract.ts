/**
 * The ingestion contract shared by the ingestion pipeline (validation, log, batching), the live
 * metrics aggregator, the review and the audience simulator. Wire format first, then what the
 * pipeline hands to the aggregator inside the batch transaction.
 */

/** Audience event kinds, as sent by connectors (`kind` on the wire) and stored in the log. */
export const AUDIENCE_EVENT_KINDS = [
  'VIEWER_JOINED',
  'VIEWER_LEFT',
  'VIEWER_COUNT',
  'COMMENT',
  'LIKE',
  'SHARE',
  'FOLLOW',
  'FAN_CLUB_JOIN',
  'PRODUCT_IMPRESSION',
  'PRODUCT_CLICK',
  'ADD_TO_CART',
  'ORDER_CREATED',
  'ORDER_PAID',
  'ORDER_REFUNDED',
] as const;
export type AudienceEventKind = (typeof AUDIENCE_EVENT_KINDS)[number];

/** At most this many events per `ingestEvents` call or `/ingest` request. */
export const MAX_EVENTS_PER_BATCH = 1000;

/**
 * One event on the wire (JSON). Money is integer minor units (fen). Times are ISO 8601.
 * `id` is unique per source: sending the same id again is a duplicate and changes nothing.
 */
export interface WireEvent {
  id: string;
  kind: AudienceEventKind;
  occurredAt: string;
  /** Pseudonymous platform user id; required for every kind except VIEWER_COUNT. */
  viewer?: string;
  /** Optional viewer attributes a platform may send (kept on the viewer). */
  region?: string;
  /** COMMENT */
  text?: string;
  /** LIKE: taps in this event (default 1); VIEWER_COUNT: viewers online as reported by the platform. */
  count?: number;
  /** PRODUCT_IMPRESSION, PRODUCT_CLICK, ADD_TO_CART: a Broadcart product id (global or local) or the product's SKU. */
  product?: string;
  /** ORDER_*: the platform's order id. */
  orderId?: string;
  /** ORDER_CREATED: the total in minor units and its lines; ORDER_REFUNDED: the refunded amount (default: the order's total). */
  amount?: number;
  items?: { product: string; quantity: number; unitPrice: number }[];
  couponCode?: string;
  trackingCode?: string;
}

/** `POST /ingest/{sourceId}` body. The session is named per batch. */
export interface IngestRequestBody {
  sessionId: string;
  events: WireEvent[];
}

/** Reply of both `ingestEvents` and `/ingest`. `index` is the event's position in the request. */
export interface IngestReply {
  accepted: { index: number; id: string; seq: number }[];
  duplicates: { index: number; id: string }[];
  rejected: { index: number; id: string | null; reason: string; field: string | null }[];
}

/**
 * One newly stored (not duplicate) event, as the batch writer hands it to the metrics aggregator
 * inside the same transaction that inserted it. Product references are resolved to product ids
 * (unknown products are rejected before this point); viewers are resolved to viewer ids.
 */
export interface AcceptedEvent {
  seq: number;
  organizationId: string;
  sessionId: string;
  kind: AudienceEventKind;
  occurredAt: Date;
  receivedAt: Date;
  viewerId: string | null;
  productId: string | null;
  /** The segment on air when the event was received (null before the first or after the last). */
  segmentId: string | null;
  /** LIKE taps, VIEWER_COUNT online figure; 1 otherwise. */
  count: number;
  /** ORDER_CREATED total, ORDER_REFUNDED amount (null = whole order); minor units. */
  amount: number | null;
  orderId: string | null;
  /**
   * Kind-specific rest: text, items, couponCode, trackingCode, region. `items` are the order lines
   * with `product` resolved to the product id: `{ product, quantity, unitPrice }[]`.
   */
  data: Record<string, unknown>;
}
