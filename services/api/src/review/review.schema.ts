import { builder } from '../schema/builder.js';
import { CampaignGoalRef, LiveSessionRef, ProductRef, SegmentRef } from '../schema/refs.js';
import { Money } from '../schema/common.schema.js';
import { scopeOf, type GraphQLContext } from '../context.js';
import type { MinuteRow } from '../live-metrics/live-metrics-reads.js';
import { MetricKeyEnum } from '../metrics/metrics.schema.js';
import { METRIC_KEYS, type MetricKey } from '../metrics/metric-dictionary.js';
import { SegmentKindEnum } from '../sessions/session.schema.js';
import { sessionId } from '../sessions/session-schema-helpers.js';
import type { SegmentKind } from '../sessions/session.entity.js';
import {
  FUNNEL_STEPS,
  type ComparedSession,
  type ComparisonFigures,
  type ComparisonGroup,
  type FunnelStep,
  type ReviewAnnotation,
  type ReviewProduct,
  type ReviewSegment,
  type ReviewTarget,
  type SessionReview,
} from './review.service.js';

const money = (amount: number | null | undefined, context: GraphQLContext) =>
  amount == null ? null : { amount: Math.round(amount), currency: scopeOf(context).actor.currency };

const FunnelStepKindEnum = builder.enumType('FunnelStepKind', {
  description: 'Funnel steps: ENTRIES (PV) → VIEWERS (UV) → PRODUCT_IMPRESSION_VIEWERS → PRODUCT_CLICK_VIEWERS → ORDERS_CREATED → BUYERS (paid).',
  values: FUNNEL_STEPS,
});

const ReviewMetricRef = builder.objectRef<{ metric: MetricKey; value: number | null }>('ReviewMetric').implement({
  description: 'A metric of the session, in the unit of the metric dictionary.',
  fields: (t) => ({
    metric: t.expose('metric', { type: MetricKeyEnum }),
    value: t.exposeFloat('value', { nullable: true, description: 'Null when its denominator is 0.' }),
  }),
});

const ReviewTargetRef = builder.objectRef<ReviewTarget>('ReviewTarget').implement({
  description: 'A session target (its share of a campaign goal) against what the session did.',
  fields: (t) => ({
    goal: t.field({ type: CampaignGoalRef, resolve: (target) => target.goalId }),
    goalTitle: t.exposeString('goalTitle'),
    metric: t.exposeString('metric', { description: 'The goal’s MetricKey.' }),
    target: t.exposeFloat('target'),
    actual: t.exposeFloat('actual', { nullable: true, description: 'Null when the live engine does not measure the metric.' }),
    achievement: t.float({ nullable: true, description: 'actual / target.', resolve: (target) => target.progress }),
    projected: t.exposeFloat('projected', { nullable: true, description: 'While live: where it is heading by the planned end; after the show: the actual.' }),
  }),
});

const FunnelStepRef = builder.objectRef<FunnelStep>('FunnelStep').implement({
  description: 'One step of the session’s funnel.',
  fields: (t) => ({
    step: t.expose('step', { type: FunnelStepKindEnum }),
    labelZh: t.exposeString('labelZh'),
    labelEn: t.exposeString('labelEn'),
    count: t.exposeInt('count'),
    rateFromPrevious: t.exposeFloat('rateFromPrevious', { nullable: true, description: 'count / the previous step’s count.' }),
    rateOfViewers: t.exposeFloat('rateOfViewers', { nullable: true, description: 'count / unique viewers (UV).' }),
  }),
});

const ReviewSegmentRef = builder.objectRef<ReviewSegment>('ReviewSegment').implement({
  description: 'A segment of the run-of-show: plan against what happened, and what it sold.',
  fields: (t) => ({
    segment: t.field({ type: SegmentRef, resolve: (row) => row.segmentId }),
    position: t.exposeInt('position'),
    kind: t.field({ type: SegmentKindEnum, resolve: (row) => row.kind as SegmentKind }),
    title: t.exposeString('title'),
    plannedStart: t.expose('plannedStart', { type: 'DateTime' }),
    plannedEnd: t.expose('plannedEnd', { type: 'DateTime' }),
    plannedDurationSeconds: t.exposeInt('plannedDurationSeconds'),
    actualStart: t.expose('actualStart', { type: 'DateTime', nullable: true }),
    actualEnd: t.expose('actualEnd', { type: 'DateTime', nullable: true }),
    actualDurationSeconds: t.exposeInt('actualDurationSeconds', { nullable: true, description: 'From first on air to last off air (until now while on air).' }),
    pv: t.exposeInt('pv', { description: 'Entries while the segment was on air.' }),
    comments: t.exposeInt('comments'),
    clicks: t.exposeInt('clicks', { description: 'Product clicks.' }),
    paidOrders: t.exposeInt('paidOrders'),
    gmvPaid: t.field({ type: Money, resolve: (row, _args, context) => money(row.gmvPaid, context)! }),
    gmvPaidPerMinute: t.field({ type: Money, nullable: true, description: 'Paid GMV per actual minute on air.', resolve: (row, _args, context) => money(row.gmvPaidPerMinute, context) }),
  }),
});

const ReviewProductRef = builder.objectRef<ReviewProduct>('ReviewProduct').implement({
  description: 'A product’s results in the session (lineup products first, in lineup order).',
  fields: (t) => ({
    product: t.field({ type: ProductRef, resolve: (row) => row.productId }),
    title: t.exposeString('title'),
    sku: t.exposeString('sku'),
    lineupPosition: t.exposeInt('lineupPosition', { nullable: true, description: 'Null for a product sold without being on the lineup.' }),
    impressions: t.exposeInt('impressions'),
    clicks: t.exposeInt('clicks'),
    ctr: t.exposeFloat('ctr', { nullable: true, description: 'clicks / impressions (events).' }),
    addToCarts: t.exposeInt('addToCarts'),
    orders: t.exposeInt('orders', { description: 'Paid orders with the product.' }),
    units: t.exposeInt('units', { description: 'Units paid.' }),
    gmvPaid: t.field({ type: Money, resolve: (row, _args, context) => money(row.gmvPaid, context)! }),
    refunds: t.field({ type: Money, resolve: (row, _args, context) => money(row.refunds, context)! }),
    gmvShare: t.exposeFloat('gmvShare', { nullable: true, description: 'Share of the session’s paid GMV (0-1).' }),
  }),
});

const ReviewMinuteRef = builder.objectRef<MinuteRow>('ReviewMinute').implement({
  description: 'One minute of the session (UTC minute start).',
  fields: (t) => ({
    minute: t.expose('minute', { type: 'DateTime' }),
    online: t.exposeInt('onlineMax', { description: 'The most viewers online during the minute.' }),
    pv: t.exposeInt('pv'),
    newViewers: t.exposeInt('uvNew', { description: 'Viewers seen for the first time in the session.' }),
    comments: t.exposeInt('comments'),
    likes: t.exposeInt('likes'),
    shares: t.exposeInt('shares'),
    follows: t.exposeInt('follows'),
    productClicks: t.exposeInt('clicks'),
    addToCarts: t.exposeInt('addToCarts'),
    ordersCreated: t.exposeInt('ordersCreated'),
    ordersPaid: t.exposeInt('ordersPaid'),
    gmvPaid: t.field({ type: Money, resolve: (row, _args, context) => money(row.gmvPaid, context)! }),
    refunds: t.field({ type: Money, resolve: (row, _args, context) => money(row.refundAmount, context)! }),
  }),
});

const ReviewAnnotationRef = builder.objectRef<ReviewAnnotation>('ReviewAnnotation').implement({
  description: 'A fact on the session’s timeline (operator actions, segment and status changes, alerts, plugin events), to annotate the series.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The domain event, e.g. segment.changed, alert.fired.' }),
    at: t.expose('at', { type: 'DateTime' }),
    labelZh: t.exposeString('labelZh'),
    labelEn: t.exposeString('labelEn'),
    payload: t.expose('payload', { type: 'JSON' }),
  }),
});

const ComparedSessionRef = builder.objectRef<ComparedSession>('ComparedSession').implement({
  description: 'An earlier session’s headline numbers.',
  fields: (t) => ({
    session: t.field({ type: LiveSessionRef, resolve: (row) => row.sessionId }),
    gmvPaid: t.field({ type: Money, resolve: (row, _args, context) => money(row.gmvPaid, context)! }),
    uv: t.exposeInt('uv'),
    conversionRate: t.exposeFloat('conversionRate', { nullable: true }),
    gpm: t.field({ type: Money, nullable: true, description: 'Paid GMV per thousand entries.', resolve: (row, _args, context) => money(row.gpm, context) }),
  }),
});

const ComparisonFiguresRef = builder.objectRef<ComparisonFigures>('ComparisonFigures').implement({
  description: 'GMV paid (minor units), UV, conversion rate and GPM (minor units); averages or relative deltas.',
  fields: (t) => ({
    gmvPaid: t.exposeFloat('gmvPaid', { nullable: true }),
    uv: t.exposeFloat('uv', { nullable: true }),
    conversionRate: t.exposeFloat('conversionRate', { nullable: true }),
    gpm: t.exposeFloat('gpm', { nullable: true }),
  }),
});

const ComparisonGroupRef = builder.objectRef<ComparisonGroup>('ReviewComparisonGroup').implement({
  description: 'Earlier ENDED or REVIEWED sessions (at most 5, newest first) and how this session compares with their average.',
  fields: (t) => ({
    sessions: t.field({ type: [ComparedSessionRef], resolve: (group) => group.sessions }),
    average: t.field({ type: ComparisonFiguresRef, resolve: (group) => group.average }),
    delta: t.field({ type: ComparisonFiguresRef, description: '(this − average) / average: 0.25 is 25% above.', resolve: (group) => group.delta }),
  }),
});

const SessionReviewRef = builder.objectRef<SessionReview>('SessionReview').implement({
  description: '复盘: the session against its targets, its funnel, segments, products, per-minute series annotated with what happened, and earlier sessions.',
  fields: (t) => ({
    session: t.field({ type: LiveSessionRef, resolve: (review) => review.session }),
    generatedAt: t.expose('generatedAt', { type: 'DateTime' }),
    totals: t.field({
      type: [ReviewMetricRef],
      description: 'Every metric the live engine measures, in dictionary order.',
      resolve: (review) => METRIC_KEYS.filter((key) => key in review.values).map((metric) => ({ metric, value: review.values[metric] ?? null })),
    }),
    targets: t.field({ type: [ReviewTargetRef], resolve: (review) => review.targets }),
    funnel: t.field({ type: [FunnelStepRef], resolve: (review) => review.funnel }),
    segments: t.field({ type: [ReviewSegmentRef], resolve: (review) => review.segments }),
    products: t.field({ type: [ReviewProductRef], resolve: (review) => review.products }),
    series: t.field({ type: [ReviewMinuteRef], description: 'Every minute from the start of the show to its end; minutes without events are zeros (online carries over).', resolve: (review) => review.series }),
    annotations: t.field({ type: [ReviewAnnotationRef], description: 'In time order.', resolve: (review) => review.annotations }),
    sameHostSessions: t.field({ type: ComparisonGroupRef, description: 'Earlier sessions of the same MAIN host.', resolve: (review) => review.comparison.host }),
    sameCampaignSessions: t.field({ type: ComparisonGroupRef, description: 'Earlier sessions of the same campaign.', resolve: (review) => review.comparison.campaign }),
  }),
});

builder.queryFields((t) => ({
  sessionReview: t.field({
    type: SessionReviewRef,
    description: 'The 复盘 of a session (also available while it is live). CSV: GET /export/sessions/{id}/{segments|products|series|annotations|summary}.csv.',
    authScopes: { member: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.services.review.sessionReview(scopeOf(context), sessionId(args.id)),
  }),
}));
