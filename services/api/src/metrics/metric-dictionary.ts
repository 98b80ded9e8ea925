import type { GoalHorizon } from '../campaigns/campaign.entity.js';

/**
 * The metric dictionary: the single definition of every live-commerce metric that goals, the live
 * engine and reviews talk about. Raw counts are stored; every derived metric names its numerator
 * and denominator so it can be recomputed over any window (a session, a campaign, a day).
 */
export const METRIC_KEYS = [
  'PV',
  'UV',
  'PCU',
  'WATCH_SECONDS',
  'LIVE_SECONDS',
  'ACV',
  'AVG_WATCH_SECONDS',
  'COMMENTS',
  'LIKES',
  'SHARES',
  'NEW_FOLLOWERS',
  'INTERACTING_VIEWERS',
  'COMMENTING_VIEWERS',
  'LIKING_VIEWERS',
  'INTERACTION_RATE',
  'COMMENT_RATE',
  'LIKE_RATE',
  'FOLLOW_RATE',
  'PRODUCT_IMPRESSION_VIEWERS',
  'PRODUCT_CLICK_VIEWERS',
  'PRODUCT_CTR',
  'ORDERS',
  'BUYERS',
  'GMV_CREATED',
  'GMV_PAID',
  'REFUNDS',
  'CONVERSION_RATE',
  'GPM',
  'UV_VALUE',
  'AOV',
  'REPEAT_BUYERS',
  'REPURCHASE_RATE',
  'AD_SPEND',
  'ATTRIBUTED_GMV_PAID',
  'PAY_ROI',
  'LOYAL_BUYERS',
  'BRAND_REACH',
  'FAN_CLUB_MEMBERS',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/**
 * COUNT: people or events. MONEY: integer minor units of the organization's currency.
 * RATE: a fraction from 0 to 1. RATIO: an unbounded multiple (ROI 3.2 = 3.2x). SECONDS: durations.
 */
export const METRIC_UNITS = ['COUNT', 'MONEY', 'RATE', 'RATIO', 'SECONDS'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

export interface MetricDefinition {
  key: MetricKey;
  nameZh: string;
  nameEn: string;
  unit: MetricUnit;
  /** For derived metrics: value = numerator × scale / denominator. Null for raw counts. */
  numerator: MetricKey | null;
  denominator: MetricKey | null;
  /** @default 1; GPM is per thousand views. */
  scale: number;
  description: string;
  /** Whether session values sum to the campaign value; false for rates, averages, peaks and deduplicated people. */
  additive: boolean;
  /** Goal horizons the metric may be targeted in. */
  horizons: readonly GoalHorizon[];
}

type Spec = Omit<MetricDefinition, 'key' | 'numerator' | 'denominator' | 'scale'> &
  Partial<Pick<MetricDefinition, 'numerator' | 'denominator' | 'scale'>>;

const SHORT = ['SHORT'] as const;
const MID = ['MID'] as const;
const LONG = ['LONG'] as const;

const count = (nameZh: string, nameEn: string, description: string, horizons: readonly GoalHorizon[], additive = true): Spec => ({
  nameZh, nameEn, unit: 'COUNT', description, additive, horizons,
});
const money = (nameZh: string, nameEn: string, description: string, horizons: readonly GoalHorizon[]): Spec => ({
  nameZh, nameEn, unit: 'MONEY', description, additive: true, horizons,
});
const derived = (
  nameZh: string,
  nameEn: string,
  unit: MetricUnit,
  [numerator, denominator, scale = 1]: [MetricKey, MetricKey, number?],
  description: string,
  horizons: readonly GoalHorizon[],
): Spec => ({ nameZh, nameEn, unit, numerator, denominator, scale, description, additive: false, horizons });

// The mapped type makes the compiler insist on exactly one definition per key.
const SPECS: { [K in MetricKey]: Spec } = {
  PV: count('场观人次', 'Viewer entries (PV)', 'Entries into the live room; a viewer who leaves and returns counts again.', SHORT),
  UV: count('观看人数', 'Unique viewers (UV)', 'Distinct viewers of one session. Summed over sessions it counts viewer-sessions, not people.', SHORT),
  PCU: count('峰值在线', 'Peak concurrent viewers (PCU)', 'The highest number of viewers online at the same moment. A peak: it does not add up across sessions.', SHORT, false),
  WATCH_SECONDS: {
    nameZh: '总观看时长', nameEn: 'Total watch time', unit: 'SECONDS', additive: true, horizons: SHORT,
    description: 'Seconds every viewer spent in the room, summed (online viewer-seconds).',
  },
  LIVE_SECONDS: {
    nameZh: '直播时长', nameEn: 'Live duration', unit: 'SECONDS', additive: true, horizons: SHORT,
    description: 'Seconds the session was on air.',
  },
  ACV: derived('平均在线', 'Average concurrent viewers (ACV)', 'COUNT', ['WATCH_SECONDS', 'LIVE_SECONDS'], 'Online viewer-seconds / live seconds.', SHORT),
  AVG_WATCH_SECONDS: derived('人均观看时长', 'Average watch time', 'SECONDS', ['WATCH_SECONDS', 'UV'], 'Total watch seconds / unique viewers.', SHORT),
  COMMENTS: count('评论数', 'Comments', 'Comment messages posted.', SHORT),
  LIKES: count('点赞数', 'Likes', 'Likes (taps) received.', SHORT),
  SHARES: count('分享数', 'Shares', 'Times the live room was shared.', SHORT),
  NEW_FOLLOWERS: count('新增粉丝', 'New followers', 'Viewers who followed the account during the window.', ['SHORT', 'LONG']),
  INTERACTING_VIEWERS: count('互动人数', 'Interacting viewers', 'Distinct viewers who commented, liked, shared or followed.', SHORT),
  COMMENTING_VIEWERS: count('评论人数', 'Commenting viewers', 'Distinct viewers who commented.', SHORT),
  LIKING_VIEWERS: count('点赞人数', 'Liking viewers', 'Distinct viewers who liked.', SHORT),
  INTERACTION_RATE: derived('互动率', 'Interaction rate', 'RATE', ['INTERACTING_VIEWERS', 'UV'], 'Viewers who commented, liked, shared or followed / unique viewers.', SHORT),
  COMMENT_RATE: derived('评论率', 'Comment rate', 'RATE', ['COMMENTING_VIEWERS', 'UV'], 'Commenting viewers / unique viewers.', SHORT),
  LIKE_RATE: derived('点赞率', 'Like rate', 'RATE', ['LIKING_VIEWERS', 'UV'], 'Liking viewers / unique viewers.', SHORT),
  FOLLOW_RATE: derived('转粉率', 'Follow rate', 'RATE', ['NEW_FOLLOWERS', 'UV'], 'New followers / unique viewers.', ['SHORT', 'LONG']),
  PRODUCT_IMPRESSION_VIEWERS: count('商品曝光人数', 'Product-impression viewers', 'Distinct viewers who were shown a product card.', ['SHORT', 'MID']),
  PRODUCT_CLICK_VIEWERS: count('商品点击人数', 'Product-clicking viewers', 'Distinct viewers who clicked a product card.', ['SHORT', 'MID']),
  PRODUCT_CTR: derived('商品点击率', 'Product click-through rate', 'RATE', ['PRODUCT_CLICK_VIEWERS', 'PRODUCT_IMPRESSION_VIEWERS'], 'Product-clicking viewers / product-impression viewers.', ['SHORT', 'MID']),
  ORDERS: count('成交订单数', 'Paid orders', 'Orders paid during the window.', MID),
  BUYERS: count('成交人数', 'Paying buyers', 'Distinct buyers with at least one paid order.', MID),
  GMV_CREATED: money('下单金额', 'GMV created', 'Value of orders created, paid or not. Kept apart from paid GMV.', MID),
  GMV_PAID: money('成交金额', 'GMV paid', 'Value of paid orders, before refunds (refunds are reported separately).', MID),
  REFUNDS: money('退款金额', 'Refunds', 'Value refunded on orders of the window.', MID),
  CONVERSION_RATE: derived('看播成交转化率', 'Viewer conversion rate', 'RATE', ['BUYERS', 'UV'], 'Paying buyers / unique viewers.', MID),
  GPM: derived(
    '千次观看成交金额', 'GMV per mille (GPM)', 'MONEY', ['GMV_PAID', 'PV', 1000],
    'Paid GMV × 1000 / viewer entries (PV). Some platforms divide by UV instead; Broadcart always uses PV.', MID,
  ),
  UV_VALUE: derived('UV价值', 'Value per viewer', 'MONEY', ['GMV_PAID', 'UV'], 'Paid GMV / unique viewers.', MID),
  AOV: derived('客单价', 'Average order value per buyer', 'MONEY', ['GMV_PAID', 'BUYERS'], 'Paid GMV / paying buyers.', MID),
  REPEAT_BUYERS: count(
    '复购人数', 'Repeat buyers', 'Buyers with at least two paid purchases in the window. Counted over the window, so session values do not add up.', MID, false,
  ),
  REPURCHASE_RATE: derived('复购率', 'Repurchase rate', 'RATE', ['REPEAT_BUYERS', 'BUYERS'], 'Buyers with ≥ 2 purchases in the window / buyers in the window.', MID),
  AD_SPEND: money('投放消耗', 'Ad spend', 'Money spent on paid traffic (千川, 随心推, placements).', MID),
  ATTRIBUTED_GMV_PAID: money('投放成交金额', 'Ad-attributed GMV paid', 'Paid GMV attributed to paid traffic.', MID),
  PAY_ROI: derived('支付ROI', 'Pay ROI', 'RATIO', ['ATTRIBUTED_GMV_PAID', 'AD_SPEND'], 'Ad-attributed paid GMV / ad spend, e.g. 3.2 for 3.2x.', MID),
  LOYAL_BUYERS: count('忠实买家', 'Loyal buyers', 'Buyers with repeated purchases over the long window (e.g. 3+ in 180 days), each counted once.', LONG, false),
  BRAND_REACH: count('品牌触达人数', 'Brand reach', 'Distinct people reached by the brand across channels, deduplicated over the campaign.', LONG, false),
  FAN_CLUB_MEMBERS: count('粉丝团成员', 'Fan club members', 'Members of the account’s fan club (粉丝团) at the end of the window: a level, not a flow.', LONG, false),
};

export const METRIC_DEFINITIONS: readonly MetricDefinition[] = METRIC_KEYS.map((key) => ({
  key,
  numerator: null,
  denominator: null,
  scale: 1,
  ...SPECS[key],
}));

const BY_KEY = new Map(METRIC_DEFINITIONS.map((definition) => [definition.key, definition]));

export function metricDefinition(key: MetricKey): MetricDefinition {
  return BY_KEY.get(key)!;
}

export function isMetricKey(value: string): value is MetricKey {
  return BY_KEY.has(value as MetricKey);
}

/** The largest value any target may take; far above real campaigns, below float precision loss. */
export const MAX_METRIC_VALUE = 1e13;

/**
 * Why `value` cannot be a value of the metric, or null when it can. Raw counts, money and seconds are
 * whole numbers; derived averages may be fractional; rates are fractions from 0 to 1.
 */
export function metricValueIssue(definition: MetricDefinition, value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return 'must be a number of at least 0';
  if (definition.unit === 'RATE') return value <= 1 ? null : `is a rate: give a fraction from 0 to 1 (0.05 for 5%), not ${value}`;
  if (value > MAX_METRIC_VALUE) return `must be at most ${MAX_METRIC_VALUE}`;
  if (definition.numerator === null && !Number.isInteger(value)) {
    return definition.unit === 'MONEY' ? 'must be whole minor units (fen)' : `must be a whole number of ${definition.unit === 'SECONDS' ? 'seconds' : 'units'}`;
  }
  return null;
}
