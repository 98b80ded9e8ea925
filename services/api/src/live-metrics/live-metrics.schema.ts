import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { filter, pipe } from 'graphql-yoga';
import { builder } from '../schema/builder.js';
import { CampaignGoalRef, CampaignRef, LiveSessionRef, OrganizationRef, ProductRef, SegmentRef, SessionTargetRef } from '../schema/refs.js';
import { Money, localId, optionalLocalId } from '../schema/common.schema.js';
import { MetricKeyEnum } from '../metrics/metrics.schema.js';
import { scopeOf, type GraphQLContext } from '../context.js';
import { asGraphQLError, refreshForEvent } from '../realtime/subscription-context.js';
import type { Campaign } from '../campaigns/campaign.entity.js';
import type { LiveSession } from '../sessions/session.entity.js';
import type { MetricKey } from '../metrics/metric-dictionary.js';
import type { MinuteCounter } from './aggregate.js';
import type { BuyerRetention, GoalPace, MinuteRow, ProductRow, SegmentRow } from './live-metrics-reads.js';
import { sessionClock } from './live-metrics-reads.js';
import { metricValues, onlineNow, type MetricValues, type RawSessionMetrics } from './metric-values.js';

/** What `SessionLiveMetrics` resolves from: the stored totals and every metric computed once from them. */
interface LiveMetricsShape {
  session: LiveSession;
  raw: RawSessionMetrics;
  values: MetricValues;
  now: Date;
}

const money = (amount: number | null | undefined, context: GraphQLContext) =>
  amount == null ? null : { amount: Math.round(amount), currency: context.actor!.currency };

/** Totals of each session, one statement per batch of sessions. */
const metricsLoader = createContextCache(
  (context: GraphQLContext) =>
    new DataLoader<LiveSession, LiveMetricsShape, string>(
      async (sessions) => {
        const raws = await context.services.liveMetrics.metrics(scopeOf(context), sessions.map((session) => session.id));
        const now = new Date();
        return sessions.map((session, index) => ({ session, raw: raws[index]!, values: metricValues(raws[index]!, sessionClock(session, now)), now }));
      },
      { cacheKeyFn: (session) => session.id },
    ),
);

/** Minute rows per (session, range); sessions asking the same range share one statement. */
const minuteLoaders = createContextCache(() => new Map<string, DataLoader<string, MinuteRow[]>>());
function minutesOf(context: GraphQLContext, sessionId: string, from: Date | null, to: Date | null): Promise<MinuteRow[]> {
  const loaders = minuteLoaders(context);
  const key = `${from?.toISOString() ?? ''}|${to?.toISOString() ?? ''}`;
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader(async (sessionIds) => {
      const rows = await context.services.liveMetrics.minutes(scopeOf(context), sessionIds, from, to);
      return sessionIds.map((id) => rows.filter((row) => row.sessionId === id));
    });
    loaders.set(key, loader);
  }
  return loader.load(sessionId);
}

const SERIES_COLUMNS: Record<string, MinuteCounter | 'onlineMax'> = {
  PV: 'pv',
  NEW_VIEWERS: 'uvNew',
  COMMENTS: 'comments',
  LIKES: 'likes',
  SHARES: 'shares',
  FOLLOWS: 'follows',
  PRODUCT_IMPRESSIONS: 'impressions',
  PRODUCT_CLICKS: 'clicks',
  ADD_TO_CARTS: 'addToCarts',
  ORDERS_CREATED: 'ordersCreated',
  ORDERS_PAID: 'ordersPaid',
  GMV_CREATED: 'gmvCreated',
  GMV_PAID: 'gmvPaid',
  REFUND_AMOUNT: 'refundAmount',
  ONLINE_MAX: 'onlineMax',
};

export const LiveSeriesMetricEnum = builder.enumType('LiveSeriesMetric', {
  description:
    'A per-minute series of a session. Flows count what happened within the minute (NEW_VIEWERS: viewers seen for the first time); ' +
    'money is in minor units; ONLINE_MAX is the highest online figure (tracked or sampled) seen in the minute.',
  values: Object.keys(SERIES_COLUMNS) as [string, ...string[]],
});

interface MetricPoint {
  minute: Date;
  metric: string;
  value: number;
}

const MetricPointRef = builder.objectRef<MetricPoint>('MetricPoint').implement({
  description: 'One minute of one series. Minutes without any event are absent (read them as 0 for flows).',
  fields: (t) => ({
    minute: t.expose('minute', { type: 'DateTime', description: 'Start of the minute (UTC).' }),
    metric: t.field({ type: LiveSeriesMetricEnum, resolve: (point) => point.metric }),
    value: t.exposeFloat('value'),
  }),
});

const ProductLiveMetricsRef = builder.objectRef<ProductRow>('ProductLiveMetrics').implement({
  description: 'One product’s live numbers in a session. Orders, units and paid GMV come from the lines of paid orders.',
  fields: (t) => ({
    product: t.field({ type: ProductRef, nullable: true, description: 'Null if the product was deleted since.', resolve: (row) => row.productId }),
    impressions: t.exposeInt('impressions'),
    clicks: t.exposeInt('clicks'),
    addToCarts: t.exposeInt('addToCarts'),
    orders: t.exposeInt('orders', { description: 'Paid orders with a line of this product.' }),
    units: t.exposeInt('units', { description: 'Units in paid orders.' }),
    gmvCreated: t.field({ type: Money, resolve: (row, _args, context) => money(row.gmvCreated, context)! }),
    gmvPaid: t.field({ type: Money, resolve: (row, _args, context) => money(row.gmvPaid, context)! }),
    refundAmount: t.field({ type: Money, description: 'Lines of whole-order refunds.', resolve: (row, _args, context) => money(row.refundAmount, context)! }),
    ctr: t.float({ nullable: true, description: 'clicks / impressions (events).', resolve: (row) => (row.impressions ? row.clicks / row.impressions : null) }),
    gmvShare: t.float({
      nullable: true,
      description: 'This product’s paid GMV / the session’s paid GMV.',
      resolve: (row) => (row.sessionGmvPaid ? row.gmvPaid / row.sessionGmvPaid : null),
    }),
  }),
});

const SegmentLiveMetricsRef = builder.objectRef<SegmentRow>('SegmentLiveMetrics').implement({
  description: 'The numbers of events received while one run-of-show segment was on air.',
  fields: (t) => ({
    segment: t.field({ type: SegmentRef, nullable: true, description: 'Null if the segment was deleted since.', resolve: (row) => row.segmentId }),
    pv: t.exposeInt('pv'),
    newViewers: t.exposeInt('uvNew', { description: 'Viewers seen for the first time during the segment.' }),
    comments: t.exposeInt('comments'),
    likes: t.exposeInt('likes'),
    productClicks: t.exposeInt('clicks'),
    addToCarts: t.exposeInt('addToCarts'),
    ordersPaid: t.exposeInt('ordersPaid'),
    gmvPaid: t.field({ type: Money, resolve: (row, _args, context) => money(row.gmvPaid, context)! }),
    refundAmount: t.field({ type: Money, resolve: (row, _args, context) => money(row.refundAmount, context)! }),
  }),
});

const rate = (key: MetricKey, description: string) => ({ key, description });
const RATES = {
  interactionRate: rate('INTERACTION_RATE', 'Interacting viewers / UV.'),
  commentRate: rate('COMMENT_RATE', 'Commenting viewers / UV.'),
  likeRate: rate('LIKE_RATE', 'Liking viewers / UV.'),
  followRate: rate('FOLLOW_RATE', 'Follows / UV.'),
  productCtr: rate('PRODUCT_CTR', 'Product-clicking viewers / product-impression viewers.'),
  conversionRate: rate('CONVERSION_RATE', 'Buyers / UV.'),
};
const COUNTS = [
  'pv', 'uv', 'comments', 'likes', 'shares', 'follows', 'fanClubJoins', 'commentingViewers', 'likingViewers', 'interactingViewers',
  'productImpressions', 'productClicks', 'impressionViewers', 'clickViewers', 'addToCarts', 'ordersCreated', 'ordersPaid', 'buyers', 'refunds',
] as const;

export const SessionLiveMetricsRef = builder.objectRef<LiveMetricsShape>('SessionLiveMetrics').implement({
  description:
    'A session’s live numbers, maintained incrementally as audience events are ingested. Rates are fractions 0..1 (null while the ' +
    'denominator is 0); definitions in `metricDefinitions`.',
  fields: (t) => ({
    session: t.field({ type: LiveSessionRef, resolve: (shape) => shape.session }),
    version: t.int({ description: 'Grows with every ingested batch that touched the session; 0 before the first.', resolve: (shape) => shape.raw.version }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (shape) => shape.raw.updatedAt }),
    onlineNow: t.int({
      description: 'The platform’s viewer count if a sample arrived in the last 60 s, else tracked presence (joins − leaves).',
      resolve: (shape) => onlineNow(shape.raw, shape.now),
    }),
    onlineTracked: t.int({ description: 'Viewers with an open join.', resolve: (shape) => shape.raw.online }),
    onlineSample: t.int({ nullable: true, description: 'The latest platform viewer count.', resolve: (shape) => shape.raw.onlineSample }),
    onlineSampleAt: t.field({ type: 'DateTime', nullable: true, resolve: (shape) => shape.raw.onlineSampleAt }),
    peakOnline: t.int({ description: 'PCU: the highest tracked or sampled online figure.', resolve: (shape) => shape.raw.peakOnline }),
    ...Object.fromEntries(COUNTS.map((key) => [key, t.int({ resolve: (shape: LiveMetricsShape) => shape.raw[key] })])),
    gmvCreated: t.field({ type: Money, resolve: (shape, _args, context) => money(shape.raw.gmvCreated, context)! }),
    gmvPaid: t.field({ type: Money, description: 'Before refunds.', resolve: (shape, _args, context) => money(shape.raw.gmvPaid, context)! }),
    refundAmount: t.field({ type: Money, resolve: (shape, _args, context) => money(shape.raw.refundAmount, context)! }),
    watchSeconds: t.float({ description: 'Total watch time, viewers still in the room included.', resolve: (shape) => shape.values.WATCH_SECONDS ?? 0 }),
    liveSeconds: t.float({ nullable: true, description: 'Time on air; null before the session started.', resolve: (shape) => shape.values.LIVE_SECONDS ?? null }),
    avgWatchSeconds: t.float({ nullable: true, description: 'Watch seconds / UV.', resolve: (shape) => shape.values.AVG_WATCH_SECONDS ?? null }),
    acv: t.float({ nullable: true, description: 'Average concurrent viewers: watch seconds / live seconds.', resolve: (shape) => shape.values.ACV ?? null }),
    ...Object.fromEntries(
      Object.entries(RATES).map(([name, { key, description }]) => [
        name,
        t.float({ nullable: true, description, resolve: (shape: LiveMetricsShape) => shape.values[key] ?? null }),
      ]),
    ),
    gpm: t.field({ type: Money, nullable: true, description: 'Paid GMV × 1000 / PV (rounded to minor units).', resolve: (shape, _args, context) => money(shape.values.GPM, context) }),
    uvValue: t.field({ type: Money, nullable: true, description: 'Paid GMV / UV.', resolve: (shape, _args, context) => money(shape.values.UV_VALUE, context) }),
    aov: t.field({ type: Money, nullable: true, description: 'Paid GMV / buyers.', resolve: (shape, _args, context) => money(shape.values.AOV, context) }),
    series: t.field({
      type: [MetricPointRef],
      description: 'Per-minute series within [from, to), by metric then minute.',
      args: {
        metrics: t.arg({ type: [LiveSeriesMetricEnum], required: true }),
        from: t.arg({ type: 'DateTime' }),
        to: t.arg({ type: 'DateTime' }),
      },
      resolve: async (shape, args, context) => {
        const rows = await minutesOf(context, shape.session.id, args.from ?? null, args.to ?? null);
        return args.metrics.flatMap((metric) => rows.map((row) => ({ minute: row.minute, metric, value: row[SERIES_COLUMNS[metric]!] })));
      },
    }),
    products: t.loadableGroup({
      type: ProductLiveMetricsRef,
      description: 'Per product, highest paid GMV first.',
      load: (sessionIds: string[], context) => context.services.liveMetrics.products(scopeOf(context), sessionIds),
      group: (row) => row.sessionId,
      resolve: (shape) => shape.session.id,
    }),
    segments: t.loadableGroup({
      type: SegmentLiveMetricsRef,
      description: 'Per run-of-show segment, in order.',
      load: (sessionIds: string[], context) => context.services.liveMetrics.segments(scopeOf(context), sessionIds),
      group: (row) => row.sessionId,
      resolve: (shape) => shape.session.id,
    }),
  }),
});

const GoalPaceRef = builder.objectRef<GoalPace>('GoalPace').implement({
  description:
    'A goal or session target against live numbers. Counts and money are projected linearly over the planned window ' +
    '(actual / elapsed × planned); rates, averages and peaks are projected as their current value.',
  fields: (t) => ({
    goal: t.field({ type: CampaignGoalRef, resolve: (row) => row.goalId }),
    sessionTarget: t.field({ type: SessionTargetRef, nullable: true, resolve: (row) => row.sessionTargetId }),
    metric: t.field({ type: MetricKeyEnum, resolve: (row) => row.metric as MetricKey }),
    target: t.exposeFloat('target'),
    actual: t.exposeFloat('actual', { nullable: true, description: 'Null for metrics the live engine does not measure (ad spend, loyalty...).' }),
    progress: t.exposeFloat('progress', { nullable: true, description: 'actual / target.' }),
    projected: t.exposeFloat('projected', { nullable: true, description: 'Expected value at the end of the window; null before it starts.' }),
    onPace: t.exposeBoolean('onPace', { nullable: true, description: 'projected ≥ target.' }),
  }),
});

builder.objectFields(LiveSessionRef, (t) => ({
  liveMetrics: t.field({
    type: SessionLiveMetricsRef,
    description: 'Live numbers of the session (zeros until audience events arrive).',
    resolve: (session, _args, context) => metricsLoader(context).load(session),
  }),
  goalPacing: t.loadableList({
    type: GoalPaceRef,
    description: 'Each session target against the session’s live numbers, projected over its planned duration.',
    load: (sessions: LiveSession[], context) => context.services.liveMetrics.sessionPacing(scopeOf(context), sessions),
    loaderOptions: { cacheKeyFn: (session) => session.id },
    resolve: (session) => session,
  }),
}));

builder.objectFields(CampaignRef, (t) => ({
  goalPacing: t.loadableList({
    type: GoalPaceRef,
    description: 'Each goal of the tree against the live numbers of the campaign’s sessions, projected over the campaign’s dates.',
    load: (campaigns: Campaign[], context) => context.services.liveMetrics.campaignPacing(scopeOf(context), campaigns),
    loaderOptions: { cacheKeyFn: (campaign) => campaign.id },
    resolve: (campaign) => campaign,
  }),
}));

const SessionFollowerGrowthRef = builder.objectRef<BuyerRetention['sessions'][number]>('SessionFollowerGrowth').implement({
  fields: (t) => ({
    session: t.field({ type: LiveSessionRef, resolve: (row) => row.sessionId }),
    newFollowers: t.exposeInt('newFollowers'),
  }),
});

const BuyerRetentionRef = builder.objectRef<BuyerRetention>('BuyerRetention').implement({
  description: 'Buyers recognised across sessions over a window (pseudonymous platform viewers of the organization).',
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    buyers: t.exposeInt('buyers', { description: 'Viewers with a paid order in the window.' }),
    repeatBuyers: t.exposeInt('repeatBuyers', { description: 'Buyers with at least two paid orders in the window, across sessions.' }),
    repurchaseRate: t.exposeFloat('repurchaseRate', { nullable: true, description: 'repeatBuyers / buyers.' }),
    followerGrowth: t.exposeInt('followerGrowth', { description: 'Follows during the window, summed over the sessions (minute precision).' }),
    sessions: t.field({ type: [SessionFollowerGrowthRef], description: 'Sessions with audience activity in the window, by scheduled start.', resolve: (row) => row.sessions }),
  }),
});

builder.objectFields(OrganizationRef, (t) => ({
  buyerRetention: t.field({
    type: BuyerRetentionRef,
    description: 'Repeat buyers and follower growth over [from, to), optionally within one campaign’s sessions.',
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      campaignId: t.arg.id(),
    },
    resolve: (_organization, args, context) =>
      context.services.liveMetrics.buyerRetention(scopeOf(context), {
        from: args.from,
        to: args.to,
        campaignId: optionalLocalId(args.campaignId == null ? null : String(args.campaignId), 'Campaign') ?? null,
      }),
  }),
}));

builder.subscriptionFields((t) => ({
  sessionMetrics: t.field({
    type: SessionLiveMetricsRef,
    nullable: true,
    description:
      'The session’s live metrics after ingested batches, at most 4 times per second (the last change is always sent). ' +
      'Re-read on each tick: after a reconnect, query `liveMetrics` and keep ticks with a higher `version`. Null once the session is deleted.',
    args: { sessionId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, context) => {
      try {
        const { actor } = scopeOf(context);
        const session = await context.services.sessions.get({ em: context.em.fork(), actor }, localId(String(args.sessionId), 'LiveSession'));
        return pipe(
          context.realtime.subscribe('session:metrics', session.id),
          filter((event) => event.organizationId === actor.organizationId),
        );
      } catch (error) {
        return asGraphQLError(error);
      }
    },
    resolve: async (event, _args, context) => {
      refreshForEvent(context);
      const session = await context.services.sessions.find(scopeOf(context), event.sessionId);
      return session ? metricsLoader(context).load(session) : null;
    },
  }),
}));
