import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { filter, pipe } from 'graphql-yoga';
import { builder } from '../schema/builder.js';
import { CampaignRef, HostRef, LineupItemRef, LiveSessionConnection, LiveSessionRef, MemberRef, ProductRef, SegmentRef, SessionHostRef } from '../schema/refs.js';
import { MUTATION_ERRORS, Money, PlatformEnum, localId, optionalLocalId, orderByInput } from '../schema/common.schema.js';
import { loadChildren } from '../schema/loaders.js';
import { asGraphQLError, refreshForEvent } from '../realtime/subscription-context.js';
import { scopeOf, type GraphQLContext } from '../context.js';
import type { StockWarning } from './lineup.service.js';
import type { SessionFilter } from './session.service.js';
import { neighbour, plannedWindow } from './session-rules.js';
import { PLAN_EDITABLE } from './session-status.js';
import { SESSION_OUTPUT, sessionId } from './session-schema-helpers.js';
import {
  LineupItem,
  Segment,
  SEGMENT_KINDS,
  SESSION_HOST_ROLES,
  SESSION_STATUSES,
  SessionHost,
  type SegmentCue,
} from './session.entity.js';

export const SessionStatusEnum = builder.enumType('SessionStatus', {
  description: 'DRAFT → SCHEDULED → LIVE → ENDED → REVIEWED; DRAFT or SCHEDULED sessions can be CANCELLED.',
  values: SESSION_STATUSES,
});
export const SessionHostRoleEnum = builder.enumType('SessionHostRole', {
  description: 'MAIN 主播 (at most one per session), ASSISTANT 副播/助播, GUEST guest or KOL co-host.',
  values: SESSION_HOST_ROLES,
});
export const SegmentKindEnum = builder.enumType('SegmentKind', {
  description: 'WARM_UP 开场预热, PRODUCT_PITCH 讲品, INTERACTION 互动, FLASH_SALE 秒杀, GIVEAWAY 福袋/抽奖, QA 答疑, CLOSING 收尾.',
  values: SEGMENT_KINDS,
});

const SegmentCueRef = builder.objectRef<SegmentCue>('SegmentCue').implement({
  description: 'A cue the control room fires during a segment, e.g. 上链接, 放库存, 开价.',
  fields: (t) => ({
    atSeconds: t.exposeInt('atSeconds', { description: 'Seconds after the segment starts.' }),
    text: t.exposeString('text'),
  }),
});

const StockWarningRef = builder.objectRef<StockWarning>('StockWarning').implement({
  description: 'A lineup product whose stock reserved by this and overlapping sessions exceeds what is on hand. Reported, not refused.',
  fields: (t) => ({
    product: t.field({ type: ProductRef, resolve: (warning) => warning.productId }),
    stock: t.exposeInt('stock', { description: 'Units on hand.' }),
    reservedHere: t.exposeInt('reservedHere', { description: 'Units this session reserves.' }),
    totalReserved: t.exposeInt('totalReserved', { description: 'Units reserved by every non-cancelled session overlapping this one, this one included.' }),
    shortfall: t.int({ description: 'totalReserved - stock.', resolve: (warning) => warning.totalReserved - warning.stock }),
    sessions: t.field({
      type: [LiveSessionRef],
      description: 'The sessions that reserve the product, by scheduled start.',
      resolve: (warning) => warning.sessionIds,
    }),
  }),
});

/** Group key of a session's child rows (the refs' shape types also admit bare ids, hence `unknown`). */
const bySession = (row: unknown) => (row as { session: string }).session;

const money = (amount: number | null | undefined, context: GraphQLContext) =>
  amount == null ? null : { amount, currency: context.actor!.currency };

/** A session's segments in order, shared by `segments` and `nextSegment` (one statement for both). */
const segmentsBySession = createContextCache(
  (context: GraphQLContext) =>
    new DataLoader<string, Segment[]>(async (sessionIds) => {
      const rows = await loadChildren(Segment, 'session', { position: 'asc' })(sessionIds, context);
      return sessionIds.map((id) => rows.filter((segment) => segment.session === id));
    }),
);

LiveSessionRef.implement({
  description: 'One broadcast (直播场次) in one platform room, with its hosts, lineup and run-of-show.',
  fields: (t) => ({
    title: t.exposeString('title'),
    platform: t.expose('platform', { type: PlatformEnum }),
    roomUrl: t.string({ nullable: true, description: 'The platform room’s http(s) URL, if known.', resolve: (session) => session.roomUrl || null }),
    scheduledStart: t.expose('scheduledStart', { type: 'DateTime' }),
    scheduledEnd: t.expose('scheduledEnd', { type: 'DateTime' }),
    durationMinutes: t.int({
      description: 'Scheduled length, rounded to whole minutes.',
      resolve: (session) => Math.round((session.scheduledEnd.getTime() - session.scheduledStart.getTime()) / 60_000),
    }),
    status: t.expose('status', { type: SessionStatusEnum }),
    actualStart: t.expose('actualStart', { type: 'DateTime', nullable: true, description: 'When the session went LIVE.' }),
    actualEnd: t.expose('actualEnd', { type: 'DateTime', nullable: true, description: 'When the session ENDED.' }),
    cancelReason: t.exposeString('cancelReason', { nullable: true }),
    version: t.exposeInt('version', { description: 'Grows with every change; realtime clients drop updates older than what they have.' }),
    campaign: t.field({ type: CampaignRef, nullable: true, resolve: (session) => session.campaign ?? null }),
    hosts: t.loadableGroup({
      type: SessionHostRef,
      description: 'Presenters, MAIN first.',
      load: loadChildren(SessionHost, 'session', { role: 'asc', createdAt: 'asc' }),
      group: bySession,
      resolve: (session) => session.id,
    }),
    lineup: t.loadableGroup({
      type: LineupItemRef,
      description: 'The products (排品) in order.',
      load: loadChildren(LineupItem, 'session', { position: 'asc' }),
      group: bySession,
      resolve: (session) => session.id,
    }),
    segments: t.field({
      type: [SegmentRef],
      description: 'The run-of-show (直播脚本) in order.',
      resolve: (session, _args, context) => segmentsBySession(context).load(session.id),
    }),
    currentSegment: t.field({
      type: SegmentRef,
      nullable: true,
      description: 'The segment on air while LIVE.',
      resolve: (session) => session.currentSegment ?? null,
    }),
    currentSegmentSince: t.expose('currentSegmentSince', {
      type: 'DateTime',
      nullable: true,
      description: 'When the segment on air last went on air (going back to a segment restarts it).',
    }),
    autoAdvance: t.exposeBoolean('autoAdvance', {
      description:
        'The show steps to the next segment by itself when the one on air reaches its planned end: actualStart + plannedOffsetSeconds + plannedDurationSeconds. The last segment stays on until the show ends.',
    }),
    nextSegment: t.field({
      type: SegmentRef,
      nullable: true,
      description: 'The segment after the one on air; before the show, the first one; null once it is over.',
      resolve: async (session, _args, context) => {
        if (!PLAN_EDITABLE.includes(session.status)) return null;
        const segments = await segmentsBySession(context).load(session.id);
        return session.status === 'LIVE' ? neighbour(segments, session.currentSegment, 'NEXT') : (segments[0] ?? null);
      },
    }),
    stockWarnings: t.loadableList({
      type: StockWarningRef,
      description: 'Lineup products over-reserved across overlapping sessions.',
      load: (ids: string[], context) => context.services.sessions.lineup.stockWarnings(context.em, scopeOf(context).actor, ids),
      resolve: (session) => session.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

SessionHostRef.implement({
  description: 'A host on a session, with their role.',
  fields: (t) => ({
    session: t.field({ type: LiveSessionRef, resolve: (row) => row.session }),
    host: t.field({ type: HostRef, resolve: (row) => row.host }),
    role: t.expose('role', { type: SessionHostRoleEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

LineupItemRef.implement({
  description: 'A product in a session’s lineup with its per-session terms and their confirmation.',
  fields: (t) => ({
    session: t.field({ type: LiveSessionRef, resolve: (item) => item.session }),
    product: t.field({ type: ProductRef, resolve: (item) => item.product }),
    position: t.exposeInt('position', { description: '0-based place in the lineup.' }),
    stockReserved: t.exposeInt('stockReserved', { description: 'Units set aside for this session.' }),
    livePrice: t.field({
      type: Money,
      nullable: true,
      description: 'The price announced live (开价); null until set.',
      resolve: (item, _args, context) => money(item.livePriceAmount, context),
    }),
    deliveryPromise: t.exposeString('deliveryPromise', { description: 'What the host promises about shipping, e.g. 48小时内发货.' }),
    confirmedBy: t.field({ type: MemberRef, nullable: true, resolve: (item) => item.confirmedBy ?? null }),
    confirmedAt: t.expose('confirmedAt', { type: 'DateTime', nullable: true }),
    confirmed: t.boolean({
      description: 'Stock, live price and delivery promise were confirmed and not changed since.',
      resolve: (item) => item.confirmedAt != null,
    }),
  }),
});

SegmentRef.implement({
  description: 'One block of the run-of-show: what is planned and what actually happened on air.',
  fields: (t) => {
    const planned = async (segment: Segment, context: GraphQLContext) => {
      const session = await LiveSessionRef.getDataloader(context).load(segment.session);
      return plannedWindow(session.scheduledStart, segment.plannedOffsetSeconds, segment.plannedDurationSeconds);
    };
    return {
      session: t.field({ type: LiveSessionRef, resolve: (segment) => segment.session }),
      position: t.exposeInt('position', { description: '0-based place in the run-of-show.' }),
      kind: t.expose('kind', { type: SegmentKindEnum }),
      title: t.exposeString('title'),
      plannedOffsetSeconds: t.exposeInt('plannedOffsetSeconds', { description: 'Planned start, seconds after the session’s scheduled start.' }),
      plannedDurationSeconds: t.exposeInt('plannedDurationSeconds'),
      plannedStart: t.field({
        type: 'DateTime',
        description: 'scheduledStart of the session + plannedOffsetSeconds.',
        resolve: async (segment, _args, context) => (await planned(segment, context)).start,
      }),
      plannedEnd: t.field({
        type: 'DateTime',
        description: 'plannedStart + plannedDurationSeconds.',
        resolve: async (segment, _args, context) => (await planned(segment, context)).end,
      }),
      products: t.field({ type: [ProductRef], description: 'Lineup products pitched in this segment.', resolve: (segment) => segment.productIds }),
      talkingPoints: t.exposeStringList('talkingPoints', { description: '话术: what the host says.' }),
      cues: t.field({ type: [SegmentCueRef], resolve: (segment) => segment.cues }),
      actualStart: t.expose('actualStart', { type: 'DateTime', nullable: true, description: 'When the segment first went on air.' }),
      actualEnd: t.expose('actualEnd', { type: 'DateTime', nullable: true, description: 'When the segment last went off air.' }),
      actualDurationSeconds: t.int({
        nullable: true,
        description: 'actualEnd - actualStart, once both are known.',
        resolve: (segment) =>
          segment.actualStart && segment.actualEnd ? Math.round((segment.actualEnd.getTime() - segment.actualStart.getTime()) / 1000) : null,
      }),
    };
  },
});

const SessionOrder = orderByInput(
  'LiveSession',
  { SCHEDULED_START: 'scheduledStart', TITLE: 'title', CREATED_AT: 'createdAt' },
  'SCHEDULED_START',
);

const LiveSessionFilter = builder.inputType('LiveSessionFilter', {
  fields: (t) => ({
    status: t.field({ type: [SessionStatusEnum], description: 'Sessions in any of these statuses.' }),
    platform: t.field({ type: PlatformEnum }),
    campaignId: t.id(),
    hostId: t.id({ description: 'Sessions this host is on, in any role.' }),
    startsAfter: t.field({ type: 'DateTime', description: 'Scheduled to start at or after this instant.' }),
    startsBefore: t.field({ type: 'DateTime', description: 'Scheduled to start before this instant.' }),
    search: t.string({ description: 'Matches the title, case-insensitively.' }),
  }),
});

const optionalId = (id: string | number | null | undefined, typename: string) => optionalLocalId(id == null ? id : String(id), typename);

type FilterArg = Omit<SessionFilter, 'campaignId' | 'hostId'> & { campaignId?: string | number | null; hostId?: string | number | null };

function sessionFilter(raw: FilterArg | null | undefined, fixed: Partial<SessionFilter> = {}): SessionFilter {
  const { campaignId, hostId, ...rest } = raw ?? {};
  return { ...rest, campaignId: optionalId(campaignId, 'Campaign'), hostId: optionalId(hostId, 'Host'), ...fixed };
}

builder.queryFields((t) => ({
  liveSessions: t.connection({
    type: LiveSessionRef,
    authScopes: { member: true },
    description: 'Sessions of the organization; every member, hosts included, may read them.',
    args: { filter: t.arg({ type: LiveSessionFilter }), orderBy: t.arg({ type: SessionOrder.input }) },
    resolve: (_root, args, context) =>
      context.services.sessions.list(scopeOf(context), sessionFilter(args.filter), SessionOrder.toOrder(args.orderBy), args),
  }, LiveSessionConnection),
}));

builder.objectFields(HostRef, (t) => ({
  sessions: t.connection({
    type: LiveSessionRef,
    description: 'Sessions this host is on; `filter.hostId` is ignored.',
    args: { filter: t.arg({ type: LiveSessionFilter }), orderBy: t.arg({ type: SessionOrder.input }) },
    resolve: (host, args, context) =>
      context.services.sessions.list(scopeOf(context), sessionFilter(args.filter, { hostId: host.id }), SessionOrder.toOrder(args.orderBy), args),
  }, LiveSessionConnection),
}));

builder.objectFields(CampaignRef, (t) => ({
  sessions: t.connection({
    type: LiveSessionRef,
    description: 'Sessions of this campaign; `filter.campaignId` is ignored.',
    args: { filter: t.arg({ type: LiveSessionFilter }), orderBy: t.arg({ type: SessionOrder.input }) },
    resolve: (campaign, args, context) =>
      context.services.sessions.list(scopeOf(context), sessionFilter(args.filter, { campaignId: campaign.id }), SessionOrder.toOrder(args.orderBy), args),
  }, LiveSessionConnection),
}));

// Sessions

builder.relayMutationField(
  'createSession',
  {
    inputFields: (t) => ({
      title: t.string({ required: true }),
      platform: t.field({ type: PlatformEnum, required: true }),
      scheduledStart: t.field({ type: 'DateTime', required: true }),
      scheduledEnd: t.field({ type: 'DateTime', required: true, description: 'After scheduledStart, at most 24 hours later.' }),
      campaignId: t.id({ description: 'The session must fall within the campaign’s window.' }),
      roomUrl: t.string({ description: 'http(s) URL of the platform room.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Plans a session as a DRAFT.',
    resolve: async (_root, { input }, context) => ({
      session: await context.services.sessions.create(scopeOf(context), { ...input, campaignId: optionalId(input.campaignId, 'Campaign') }),
    }),
  },
  SESSION_OUTPUT,
);

builder.relayMutationField(
  'updateSession',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      title: t.string(),
      platform: t.field({ type: PlatformEnum }),
      roomUrl: t.string({ description: 'An empty string clears it.' }),
      campaignId: t.id({ description: 'null unlinks the campaign.' }),
      scheduledStart: t.field({ type: 'DateTime' }),
      scheduledEnd: t.field({ type: 'DateTime' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description:
      'Changes only the fields that are given. The schedule and platform change only before the session goes LIVE; moving it onto another session of one of its hosts is refused.',
    resolve: async (_root, { input: { id, campaignId, ...input } }, context) => ({
      session: await context.services.sessions.update(scopeOf(context), sessionId(id), {
        ...input,
        ...(campaignId === undefined ? {} : { campaignId: optionalId(campaignId, 'Campaign') ?? null }),
      }),
    }),
  },
  SESSION_OUTPUT,
);

builder.relayMutationField(
  'deleteSession',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Only DRAFT sessions can be deleted; cancel the others.',
    resolve: async (_root, { input }, context) => ({
      deletedId: (await context.services.sessions.delete(scopeOf(context), sessionId(input.id)), String(input.id)),
    }),
  },
  { outputFields: (t) => ({ deletedId: t.exposeID('deletedId') }) },
);

const transitions = [
  ['scheduleSession', 'schedule', 'DRAFT → SCHEDULED. Creates the session checklist.'],
  ['endSession', 'end', 'LIVE → ENDED. Records actualEnd and takes the segment on air off.'],
  ['markSessionReviewed', 'markReviewed', 'ENDED → REVIEWED, once the 复盘 is done.'],
] as const;

for (const [name, method, description] of transitions) {
  builder.relayMutationField(
    name,
    { inputFields: (t) => ({ id: t.id({ required: true }) }) },
    {
      errors: { types: MUTATION_ERRORS },
      description,
      resolve: async (_root, { input }, context) => ({ session: await context.services.sessions[method](scopeOf(context), sessionId(input.id)) }),
    },
    SESSION_OUTPUT,
  );
}

builder.relayMutationField(
  'startSession',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'SCHEDULED → LIVE. Records actualStart and puts the first segment on air. Plugins may add warnings for the operator; they never block the start.',
    resolve: async (_root, { input }, context) => {
      const id = sessionId(input.id);
      const scope = scopeOf(context);
      // The session.beforeStart intercept point (fail-open, time-boxed by the plugin host) runs
      // after the checks and before the start; its warnings are shown, they never block it.
      await context.services.sessions.assertCanStart(scope, id);
      const answers = await context.plugins.intercept('session.beforeStart', { organizationId: scope.actor.organizationId, sessionId: id }, context.em);
      const session = await context.services.sessions.start(scope, id);
      return { session, warnings: answers.flatMap(({ output }) => output.warnings ?? []) };
    },
  },
  {
    outputFields: (t) => ({
      ...SESSION_OUTPUT.outputFields(t),
      warnings: t.stringList({ description: 'Notes from plugins for the operator (e.g. a giveaway still in draft).', resolve: (payload) => payload.warnings }),
    }),
  },
);

builder.relayMutationField(
  'cancelSession',
  { inputFields: (t) => ({ id: t.id({ required: true }), reason: t.string({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'DRAFT or SCHEDULED → CANCELLED; open checklist tasks are cancelled with it.',
    resolve: async (_root, { input: { id, ...input } }, context) => ({
      session: await context.services.sessions.cancel(scopeOf(context), sessionId(id), input),
    }),
  },
  SESSION_OUTPUT,
);

// Hosts on a session

builder.relayMutationField(
  'assignSessionHost',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true }),
      hostId: t.id({ required: true }),
      role: t.field({ type: SessionHostRoleEnum, required: true }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Puts a host on the session. Refused when the host is on an overlapping non-cancelled session, or for a second MAIN host.',
    resolve: (_root, { input }, context) =>
      context.services.sessions.assignHost(scopeOf(context), sessionId(input.sessionId), localId(String(input.hostId), 'Host'), input),
  },
  {
    outputFields: (t) => ({
      session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.session }),
      sessionHost: t.field({ type: SessionHostRef, resolve: (payload) => payload.sessionHost }),
    }),
  },
);

builder.relayMutationField(
  'updateSessionHostRole',
  { inputFields: (t) => ({ id: t.id({ required: true, description: 'A SessionHost id.' }), role: t.field({ type: SessionHostRoleEnum, required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: (_root, { input: { id, ...input } }, context) =>
      context.services.sessions.updateHostRole(scopeOf(context), localId(String(id), 'SessionHost'), input),
  },
  {
    outputFields: (t) => ({
      session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.session }),
      sessionHost: t.field({ type: SessionHostRef, resolve: (payload) => payload.sessionHost }),
    }),
  },
);

builder.relayMutationField(
  'removeSessionHost',
  { inputFields: (t) => ({ id: t.id({ required: true, description: 'A SessionHost id.' }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: async (_root, { input }, context) => ({
      session: await context.services.sessions.removeHost(scopeOf(context), localId(String(input.id), 'SessionHost')),
      removedId: String(input.id),
    }),
  },
  {
    outputFields: (t) => ({
      session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.session }),
      removedId: t.exposeID('removedId'),
    }),
  },
);

// Realtime

builder.subscriptionFields((t) => ({
  sessionUpdated: t.field({
    type: LiveSessionRef,
    nullable: true,
    description: 'The session after each committed change of its status, schedule, segments, hosts or lineup; null once it is deleted.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, args, context) => {
      try {
        const { actor } = scopeOf(context);
        const session = await context.services.sessions.get({ em: context.em.fork(), actor }, sessionId(args.id));
        return pipe(
          context.realtime.subscribe('session:updated', session.id),
          filter((event) => event.organizationId === actor.organizationId),
        );
      } catch (error) {
        return asGraphQLError(error);
      }
    },
    resolve: async (event, _args, context) => {
      refreshForEvent(context);
      return context.services.sessions.find(scopeOf(context), event.sessionId);
    },
  }),
}));
