import { METRIC_DEFINITIONS, type MetricKey } from '../metrics/metric-dictionary.js';

/** A session's stored totals (`session_metrics`), as numbers. */
export interface RawSessionMetrics {
  sessionId: string;
  organizationId: string;
  version: number;
  online: number;
  onlineSample: number | null;
  onlineSampleAt: Date | null;
  peakOnline: number;
  pv: number;
  uv: number;
  watchMsClosed: number;
  openJoinEpochMsSum: number;
  openCount: number;
  comments: number;
  likes: number;
  shares: number;
  follows: number;
  fanClubJoins: number;
  commentingViewers: number;
  likingViewers: number;
  interactingViewers: number;
  productImpressions: number;
  productClicks: number;
  impressionViewers: number;
  clickViewers: number;
  addToCarts: number;
  ordersCreated: number;
  ordersPaid: number;
  buyers: number;
  gmvCreated: number;
  gmvPaid: number;
  refunds: number;
  refundAmount: number;
  updatedAt: Date | null;
}

/** The totals of a session nothing has been ingested for yet. */
export function emptyMetrics(sessionId: string, organizationId: string): RawSessionMetrics {
  return {
    sessionId, organizationId, version: 0, online: 0, onlineSample: null, onlineSampleAt: null, peakOnline: 0, pv: 0, uv: 0,
    watchMsClosed: 0, openJoinEpochMsSum: 0, openCount: 0, comments: 0, likes: 0, shares: 0, follows: 0, fanClubJoins: 0,
    commentingViewers: 0, likingViewers: 0, interactingViewers: 0, productImpressions: 0, productClicks: 0, impressionViewers: 0,
    clickViewers: 0, addToCarts: 0, ordersCreated: 0, ordersPaid: 0, buyers: 0, gmvCreated: 0, gmvPaid: 0, refunds: 0,
    refundAmount: 0, updatedAt: null,
  };
}

/** When the numbers are read: open presences and the live duration run until the session ended, or now. */
export interface MetricClock {
  now: Date;
  actualStart: Date | null;
  actualEnd: Date | null;
}

/** A platform viewer-count sample is trusted over tracked presence for this long. */
export const SAMPLE_FRESH_MS = 60_000;

/** Online viewers now: the platform's sample if one arrived in the last minute, else tracked presence. */
export function onlineNow(raw: RawSessionMetrics, now: Date): number {
  return raw.onlineSample != null && raw.onlineSampleAt && now.getTime() - raw.onlineSampleAt.getTime() <= SAMPLE_FRESH_MS
    ? raw.onlineSample
    : raw.online;
}

/**
 * Total watch milliseconds, including viewers still in the room (counted up to the end of the
 * session, or now): closed presences plus openCount × until − Σ open join instants.
 */
export function watchMs(raw: RawSessionMetrics, clock: MetricClock): number {
  const until = (clock.actualEnd ?? clock.now).getTime();
  return raw.watchMsClosed + Math.max(0, raw.openCount * until - raw.openJoinEpochMsSum);
}

export type MetricValues = Partial<Record<MetricKey, number | null>>;

/**
 * Every dictionary metric the live engine measures for a session, raw and derived. The one place
 * derived metrics are computed (GraphQL, goal pacing, alerts and the review read them here):
 * derived = numerator × scale / denominator from the dictionary, null when the denominator is 0 or
 * unknown. Metrics the engine does not measure (ad spend, loyalty...) are absent.
 */
export function metricValues(raw: RawSessionMetrics, clock: MetricClock): MetricValues {
  const liveSeconds = clock.actualStart ? Math.max(0, ((clock.actualEnd ?? clock.now).getTime() - clock.actualStart.getTime()) / 1000) : null;
  const values: MetricValues = {
    PV: raw.pv,
    UV: raw.uv,
    PCU: raw.peakOnline,
    WATCH_SECONDS: watchMs(raw, clock) / 1000,
    LIVE_SECONDS: liveSeconds,
    COMMENTS: raw.comments,
    LIKES: raw.likes,
    SHARES: raw.shares,
    NEW_FOLLOWERS: raw.follows,
    INTERACTING_VIEWERS: raw.interactingViewers,
    COMMENTING_VIEWERS: raw.commentingViewers,
    LIKING_VIEWERS: raw.likingViewers,
    PRODUCT_IMPRESSION_VIEWERS: raw.impressionViewers,
    PRODUCT_CLICK_VIEWERS: raw.clickViewers,
    ORDERS: raw.ordersPaid,
    BUYERS: raw.buyers,
    GMV_CREATED: raw.gmvCreated,
    GMV_PAID: raw.gmvPaid,
    REFUNDS: raw.refundAmount,
  };
  return withDerived(values);
}

/** Adds every derived dictionary metric whose numerator and denominator are known. */
export function withDerived(values: MetricValues): MetricValues {
  const result = { ...values };
  for (const definition of METRIC_DEFINITIONS) {
    if (!definition.numerator || !definition.denominator) continue;
    const numerator = values[definition.numerator];
    const denominator = values[definition.denominator];
    if (numerator === undefined || denominator === undefined) continue;
    result[definition.key] = numerator == null || !denominator ? null : (numerator * definition.scale) / denominator;
  }
  return result;
}

/** The dictionary metrics `metricValues` measures (the rest need campaigns, ads or loyalty data). */
export const LIVE_METRIC_KEYS: ReadonlySet<MetricKey> = new Set(
  Object.keys(metricValues(emptyMetrics('', ''), { now: new Date(0), actualStart: new Date(0), actualEnd: null })) as MetricKey[],
);
