import { contextCacheSymbol, type FieldMap } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { AppError, NotFoundError, type CoreRefs, type PluginBuilder, type PluginGraphQLContext, type PluginSchemaHelpers, type PluginSchemaTypes } from '@broadcart/plugin-sdk';
import type { LotteryConfig } from './config.js';
import { drawGiveaway, proofOf, redrawGiveaway } from './draw.service.js';
import { drawPaths } from './downloads.http.js';
import {
  ADDRESS_STATUSES,
  CONTACT_STATUSES,
  DRAW_MODES,
  EARLIER_WINNER_SCOPES,
  GIVEAWAY_STATUSES,
  INELIGIBLE_REASONS,
  PUBLIC_VALUE_SOURCES,
  UNCLAIMED_POLICIES,
  UPDATE_REASONS,
  WINNER_STATUSES,
  type IneligibleReason,
  type UpdateReason,
} from './enums.js';
import { DRAW_ALGORITHM } from './fair-draw/index.js';
import { LotteryDraw, LotteryGiveaway, LotteryPrize, LotteryWinner } from './giveaway.entity.js';
import {
  cancelGiveaway,
  closeGiveaway,
  createGiveaway,
  listGiveaways,
  openGiveaway,
  updateGiveaway,
  updateWinner,
  type LotteryScope,
} from './giveaway.service.js';
import { localId } from './global-ids.js';
import { giveawayTopic, type GiveawayNotice } from './notices.js';

type Helpers = PluginSchemaHelpers<LotteryConfig>;

interface GiveawayUpdate {
  giveaway: LotteryGiveaway;
  reason: UpdateReason;
  version: number;
}

/** Typed errors are not part of a subscription's result: report them as plain GraphQL errors. */
function asGraphQLError(error: unknown): never {
  if (error instanceof AppError) throw new GraphQLError(error.message, { extensions: { code: error.code } });
  throw error;
}

/** A subscription's context outlives one event: each event reads with a fresh entity manager and fresh loaders. */
function refreshForEvent(context: PluginGraphQLContext): void {
  context.em = context.em.fork();
  (context as PluginGraphQLContext & { [contextCacheSymbol]?: object })[contextCacheSymbol] = {};
}

async function* ofOrganization(notices: AsyncIterable<Record<string, unknown>>, organizationId: string): AsyncGenerator<GiveawayNotice> {
  for await (const notice of notices) {
    if (notice.organizationId === organizationId) yield notice as unknown as GiveawayNotice;
  }
}

/** Adds the lottery's types and fields to the core's builder (called once per process). */
export function defineLotterySchema(builder: PluginBuilder, refs: CoreRefs, plugin: Helpers): void {
  /** The caller's organization when they may read giveaways, else null (loaders then find nothing). */
  const readerOrganization = (context: PluginGraphQLContext): string | null =>
    context.actor && plugin.contextOf(context).hasPermission(context.actor, 'view') ? context.actor.organizationId : null;

  const manageScope = (context: PluginGraphQLContext): LotteryScope => ({
    em: context.em,
    actor: plugin.requirePermission(context, 'manage'),
    plugin: plugin.contextOf(context),
  });

  const downloadUrl = (context: PluginGraphQLContext, path: string) => `${plugin.contextOf(context).config.publicBaseUrl}${path}`;

  /* ---------------------------------------------------------------------------------------------
   * Enums
   * ------------------------------------------------------------------------------------------ */

  const StatusEnum = builder.enumType('LotteryGiveawayStatus', {
    description: 'DRAFT (being set up) → OPEN (taking entries) → CLOSED (entrant list frozen) → DRAWN. Anything not drawn can be CANCELLED.',
    values: GIVEAWAY_STATUSES,
  });
  const ModeEnum = builder.enumType('LotteryDrawMode', {
    description: 'UNIFORM: every eligible entrant equally likely. WEIGHTED: proportional to the entrant’s weight (see LotteryWeights).',
    values: DRAW_MODES,
  });
  const EarlierWinnerScopeEnum = builder.enumType('LotteryEarlierWinnerScope', {
    description: 'Whose earlier winners are left out: NONE; SESSION (winners of other giveaways of this session); CAMPAIGN (of any session of the session’s campaign; the session alone when it has none).',
    values: EARLIER_WINNER_SCOPES,
  });
  const UnclaimedPolicyEnum = builder.enumType('LotteryUnclaimedPolicy', {
    description: 'What happens to the prize of a winner who did not claim in time (EXPIRED) or FORFEITED: REDRAW it among the remaining entrants, or FORFEIT it.',
    values: UNCLAIMED_POLICIES,
  });
  const PublicValueSourceEnum = builder.enumType('LotteryPublicValueSource', {
    description: 'Where the draw’s public value comes from: BEACON (the first public randomness round after entries closed) or SALT (typed by the operator when drawing).',
    values: PUBLIC_VALUE_SOURCES,
  });
  const IneligibleReasonEnum = builder.enumType('LotteryIneligibleReason', {
    description: 'Why an entrant was left out at close; each entrant counts under the first that applies, in this order.',
    values: INELIGIBLE_REASONS,
  });
  const WinnerStatusEnum = builder.enumType('LotteryWinnerStatus', {
    description: 'PENDING_CLAIM until the winner claims (CLAIMED) and the prize is handed over (FULFILLED); EXPIRED when the claim deadline passed; FORFEITED when given up.',
    values: WINNER_STATUSES,
  });
  const ContactStatusEnum = builder.enumType('LotteryContactStatus', { values: CONTACT_STATUSES });
  const AddressStatusEnum = builder.enumType('LotteryAddressStatus', { values: ADDRESS_STATUSES });
  const UpdateReasonEnum = builder.enumType('LotteryUpdateReason', {
    description: 'CREATED; STATUS (opened, closed, cancelled or settings changed); ENTRANTS (entrant count); WINNERS (a draw or redraw); FULFILMENT (a winner’s claim, contact or address).',
    values: UPDATE_REASONS,
  });

  /* ---------------------------------------------------------------------------------------------
   * Node types
   * ------------------------------------------------------------------------------------------ */

  const GiveawayRef = builder.loadableNodeRef('LotteryGiveaway', {
    id: { resolve: (giveaway: LotteryGiveaway) => giveaway.id },
    load: async (ids: string[], context) => {
      const organizationId = readerOrganization(context);
      return organizationId ? context.em.find(LotteryGiveaway, { id: { $in: ids }, organizationId }) : [];
    },
    sort: (giveaway) => giveaway.id,
  });

  const DrawRef = builder.loadableNodeRef('LotteryDraw', {
    id: { resolve: (draw: LotteryDraw) => draw.id },
    load: async (ids: string[], context) => {
      const organizationId = readerOrganization(context);
      return organizationId ? context.em.find(LotteryDraw, { id: { $in: ids }, organizationId }) : [];
    },
    sort: (draw) => draw.id,
  });

  const WinnerRef = builder.loadableNodeRef('LotteryWinner', {
    id: { resolve: (winner: LotteryWinner) => winner.id },
    load: async (ids: string[], context) => {
      const organizationId = readerOrganization(context);
      return organizationId ? context.em.find(LotteryWinner, { id: { $in: ids }, organizationId }) : [];
    },
    sort: (winner) => winner.id,
  });

  const PrizeRef = builder.objectRef<LotteryPrize>('LotteryPrize').implement({
    description: 'A prize; its `quantity` units go to consecutive ranks, in the listed order.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      quantity: t.exposeInt('quantity'),
      value: t.field({ type: refs.Money, description: 'What one unit is worth.', resolve: (prize) => ({ amount: prize.valueAmount, currency: prize.currency }) }),
    }),
  });

  const ConditionsRef = builder.objectRef<LotteryGiveaway>('LotteryConditions').implement({
    description: 'What an entrant must meet, evaluated for every entrant when entries close (follower, fan club, watch time and purchase as of `closesAt`).',
    fields: (t) => ({
      keyword: t.exposeString('keyword', {
        nullable: true,
        description:
          'The keyword (口令) a comment must contain to enter; compared after Unicode NFKC, lower-casing and collapsing white space. Null: any comment enters.',
      }),
      requireFollower: t.exposeBoolean('requireFollower'),
      requireFanClub: t.exposeBoolean('requireFanClub'),
      minWatchMinutes: t.exposeInt('minWatchMinutes', { nullable: true, description: 'Minutes watched in this session, at least. Null: no minimum.' }),
      requirePurchase: t.exposeBoolean('requirePurchase', { description: 'Paid an order in this session that was not fully refunded.' }),
      regions: t.exposeStringList('regions', { description: 'The viewer’s region must be one of these (case-insensitive). Empty: any region.' }),
    }),
  });

  const ExclusionsRef = builder.objectRef<LotteryGiveaway>('LotteryExclusions').implement({
    description: 'Who is left out whatever they meet.',
    fields: (t) => ({
      excludeStaff: t.exposeBoolean('excludeStaff', { description: 'The organization’s own accounts.' }),
      excludeBlocked: t.exposeBoolean('excludeBlocked', { description: 'Viewers the organization blocked.' }),
      excludeEarlierWinners: t.expose('excludeEarlierWinners', { type: EarlierWinnerScopeEnum }),
    }),
  });

  const WeightsRef = builder.objectRef<LotteryGiveaway>('LotteryWeights').implement({
    description: 'WEIGHTED mode: an eligible entrant’s weight is the product of the multipliers that apply to them, capped at 100 (1 when none applies).',
    fields: (t) => ({
      fanClubMember: t.exposeInt('weightFanClubMember', { description: 'Multiplier for fan-club members (1-100).' }),
      follower: t.exposeInt('weightFollower', { description: 'Multiplier for followers (1-100).' }),
    }),
  });

  const IneligibleCountRef = builder.objectRef<{ reason: IneligibleReason; count: number }>('LotteryIneligibleCount').implement({
    fields: (t) => ({
      reason: t.expose('reason', { type: IneligibleReasonEnum }),
      count: t.expose('count', { type: 'SafeInt' }),
    }),
  });

  GiveawayRef.implement({
    description: 'A giveaway (抽奖 / 福袋) of a live session, with a provably fair draw.',
    fields: (t) => ({
      session: t.field({ type: refs.LiveSession, resolve: (giveaway) => giveaway.sessionId }),
      segment: t.field({ type: refs.Segment, nullable: true, resolve: (giveaway) => giveaway.segmentId ?? null }),
      openWithSegment: t.exposeBoolean('openWithSegment', {
        description: 'Opens (when DRAFT) as its segment goes on air and, without an entry duration, stops taking entries as it leaves. False without a segment.',
      }),
      title: t.exposeString('title'),
      status: t.expose('status', { type: StatusEnum }),
      mode: t.expose('mode', { type: ModeEnum }),
      winnerCount: t.exposeInt('winnerCount', { description: 'Ranks to draw: the number of prize units when there are prizes.' }),
      prizes: t.loadableGroup({
        type: PrizeRef,
        description: 'In rank order: the first `quantity` ranks get the first prize, and so on.',
        load: async (giveawayIds: string[], context) => {
          const organizationId = readerOrganization(context);
          return organizationId ? context.em.find(LotteryPrize, { giveawayId: { $in: giveawayIds }, organizationId }, { orderBy: { position: 'asc' } }) : [];
        },
        group: (prize) => prize.giveawayId,
        resolve: (giveaway) => giveaway.id,
      }),
      conditions: t.field({ type: ConditionsRef, resolve: (giveaway) => giveaway }),
      exclusions: t.field({ type: ExclusionsRef, resolve: (giveaway) => giveaway }),
      weights: t.field({ type: WeightsRef, resolve: (giveaway) => giveaway }),
      entryDurationSeconds: t.exposeInt('entryDurationSeconds', { nullable: true, description: 'Entries close this long after opening. Null: closed by hand.' }),
      opensAt: t.expose('opensAt', { type: 'DateTime', nullable: true, description: 'When entries opened.' }),
      closesAt: t.expose('closesAt', {
        type: 'DateTime',
        nullable: true,
        description: 'Only comments posted before this instant enter (set when it opens with a duration, or when closed by hand).',
      }),
      closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true, description: 'When the entrant list was frozen.' }),
      claimWindowSeconds: t.exposeInt('claimWindowSeconds', { description: 'Winners must claim within this long after the draw.' }),
      unclaimedPolicy: t.expose('unclaimedPolicy', { type: UnclaimedPolicyEnum }),
      publicValueSource: t.expose('publicValueSource', { type: PublicValueSourceEnum }),
      seedCommitment: t.exposeString('seedCommitment', {
        description: 'SHA-256 (hex) of the first draw’s secret server seed, published at creation; the seed is revealed in the draw.',
      }),
      nextSeedCommitment: t.exposeString('nextSeedCommitment', { description: 'SHA-256 (hex) of the seed the next draw (or redraw) will use.' }),
      entrantCount: t.expose('entrantCount', { type: 'SafeInt', description: 'Viewers who entered so far (one entry per viewer).' }),
      eligibleCount: t.expose('eligibleCount', { type: 'SafeInt', nullable: true, description: 'Entrants in the draw, once entries closed.' }),
      ineligibleCounts: t.field({
        type: [IneligibleCountRef],
        description: 'Entrants left out at close, by reason (only reasons that occurred).',
        resolve: (giveaway) =>
          INELIGIBLE_REASONS.filter((reason) => (giveaway.ineligibleCounts?.[reason] ?? 0) > 0).map((reason) => ({ reason, count: giveaway.ineligibleCounts![reason]! })),
      }),
      listHash: t.exposeString('listHash', { nullable: true, description: 'SHA-256 (hex) of the canonical list of eligible entrants, once entries closed.' }),
      draws: t.loadableGroup({
        type: DrawRef,
        description: 'The draws, round 1 first.',
        load: async (giveawayIds: string[], context) => {
          const organizationId = readerOrganization(context);
          return organizationId ? context.em.find(LotteryDraw, { giveawayId: { $in: giveawayIds }, organizationId }, { orderBy: { round: 'asc' } }) : [];
        },
        group: (draw) => (typeof draw === 'string' ? draw : draw.giveawayId),
        resolve: (giveaway) => giveaway.id,
      }),
      winners: t.loadableGroup({
        type: WinnerRef,
        byPath: true,
        description: 'The current winners in rank order (each rank’s latest winner).',
        args: { includeReplaced: t.arg.boolean({ description: 'Also winners whose vacated rank was redrawn. Default false.' }) },
        load: async (giveawayIds: string[], context, args) => {
          const organizationId = readerOrganization(context);
          if (!organizationId) return [];
          return context.em.find(
            LotteryWinner,
            { giveawayId: { $in: giveawayIds }, organizationId, ...(args.includeReplaced ? {} : { replacedInRound: null }) },
            { orderBy: [{ rank: 'asc' }, { round: 'asc' }] },
          );
        },
        group: (winner) => (typeof winner === 'string' ? winner : winner.giveawayId),
        resolve: (giveaway) => giveaway.id,
      }),
      version: t.expose('version', { type: 'SafeInt', description: 'Grows with every change (entrant counts included).' }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    }),
  });

  DrawRef.implement({
    description: 'One draw of a giveaway with its proof: round 1 is the first draw, 2+ redraw vacated ranks.',
    fields: (t) => ({
      giveaway: t.field({ type: GiveawayRef, resolve: (draw) => draw.giveawayId }),
      round: t.exposeInt('round'),
      algorithm: t.exposeString('algorithm', { description: `The draw algorithm, e.g. ${DRAW_ALGORITHM}.` }),
      mode: t.expose('mode', { type: ModeEnum }),
      seedCommitment: t.exposeString('seedCommitment', { description: 'The commitment this draw’s seed was published under.' }),
      serverSeed: t.exposeString('serverSeed', { description: 'The revealed server seed (hex); its SHA-256 is `seedCommitment`.' }),
      publicValueSource: t.expose('publicValueSource', { type: PublicValueSourceEnum }),
      publicValue: t.exposeString('publicValue', { description: 'The salt, or the beacon round’s randomness.' }),
      beaconRound: t.expose('beaconRound', { type: 'SafeInt', nullable: true, description: 'BEACON: the round the public value is from.' }),
      listHash: t.exposeString('listHash', { description: 'SHA-256 (hex) of the entrant list this draw ran on.' }),
      entrantCount: t.expose('entrantCount', { type: 'SafeInt' }),
      winnerCount: t.exposeInt('winnerCount', { description: 'Ranks this draw was asked to fill.' }),
      nextSeedCommitment: t.exposeString('nextSeedCommitment', { description: 'The commitment of the seed a redraw will use, published before its public value exists.' }),
      proof: t.field({ type: 'JSON', description: 'The proof object exactly as the verifier (bin/verify-draw.mjs) takes it.', resolve: (draw) => proofOf(draw) }),
      proofUrl: t.string({ description: 'Download of `proof` as proof.json (public).', resolve: (draw, _args, context) => downloadUrl(context, drawPaths.proof(draw.id)) }),
      entrantListUrl: t.string({
        description: 'Download of the canonical entrant list (public).',
        resolve: (draw, _args, context) => downloadUrl(context, drawPaths.entrants(draw.id)),
      }),
      drawnAt: t.expose('drawnAt', { type: 'DateTime' }),
    }),
  });

  const prizeById = async (context: PluginGraphQLContext, id: string | null | undefined) => {
    const organizationId = readerOrganization(context);
    return id && organizationId ? context.em.findOne(LotteryPrize, { id, organizationId }) : null;
  };

  WinnerRef.implement({
    description: 'A viewer who won a rank of a giveaway, and the fulfilment of their prize.',
    fields: (t) => ({
      giveaway: t.field({ type: GiveawayRef, resolve: (winner) => winner.giveawayId }),
      draw: t.field({ type: DrawRef, resolve: (winner) => winner.drawId }),
      rank: t.exposeInt('rank', { description: 'The rank held, which decides the prize.' }),
      drawRank: t.exposeInt('drawRank', { description: 'The rank in the draw’s proof (a redraw fills vacated ranks lowest first).' }),
      round: t.exposeInt('round'),
      viewer: t.field({ type: refs.Viewer, resolve: (winner) => winner.viewerId }),
      prize: t.field({ type: PrizeRef, nullable: true, resolve: (winner, _args, context) => prizeById(context, winner.prizeId) }),
      status: t.expose('status', { type: WinnerStatusEnum }),
      claimDeadline: t.expose('claimDeadline', { type: 'DateTime' }),
      contactStatus: t.expose('contactStatus', { type: ContactStatusEnum }),
      addressStatus: t.expose('addressStatus', { type: AddressStatusEnum }),
      claimedAt: t.expose('claimedAt', { type: 'DateTime', nullable: true }),
      replacedInRound: t.exposeInt('replacedInRound', { nullable: true, description: 'The redraw round that gave this winner’s vacated rank to someone else.' }),
    }),
  });

  const UpdateRef = builder.objectRef<GiveawayUpdate>('LotteryGiveawayUpdate').implement({
    description: 'A giveaway of the session changed; the giveaway is read as of this notice.',
    fields: (t) => ({
      giveaway: t.field({ type: GiveawayRef, resolve: (update) => update.giveaway }),
      reason: t.expose('reason', { type: UpdateReasonEnum }),
      version: t.expose('version', { type: 'SafeInt', description: 'The giveaway version the notice is about; drop notices older than what you hold.' }),
    }),
  });

  /* ---------------------------------------------------------------------------------------------
   * Reads
   * ------------------------------------------------------------------------------------------ */

  const GiveawayConnection = builder.connectionObject({ type: GiveawayRef, name: 'LotteryGiveawayConnection' }, { name: 'LotteryGiveawayEdge' });

  const GiveawayFilter = builder.inputType('LotteryGiveawayFilter', {
    fields: (t) => ({
      sessionId: t.id({ description: 'Giveaways of this session.' }),
      status: t.field({ type: [StatusEnum], description: 'Any of these statuses.' }),
    }),
  });

  builder.queryFields((t) => ({
    lotteryGiveaways: t.connection(
      {
        type: GiveawayRef,
        nullable: true,
        description: 'The organization’s giveaways, newest first. One giveaway is read with `node(id:)`.',
        args: { filter: t.arg({ type: GiveawayFilter }) },
        resolve: async (_root, args, context) => {
          const actor = plugin.requirePermission(context, 'view');
          const sessionId = args.filter?.sessionId == null ? null : refs.localId(String(args.filter.sessionId), 'LiveSession', ['filter', 'sessionId']);
          return listGiveaways({ em: context.em, actor }, { sessionId, status: args.filter?.status ?? null }, args);
        },
      },
      GiveawayConnection,
    ),
  }));

  builder.objectFields(refs.LiveSession, (t) => ({
    lotteryGiveaways: t.loadableGroup({
      type: GiveawayRef,
      nullable: true,
      description: 'The session’s giveaways, newest first.',
      load: async (sessionIds: string[], context) => {
        const organizationId = readerOrganization(context);
        return organizationId
          ? context.em.find(LotteryGiveaway, { sessionId: { $in: sessionIds }, organizationId }, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
          : [];
      },
      group: (giveaway) => (typeof giveaway === 'string' ? giveaway : giveaway.sessionId),
      resolve: (session) => session.id,
    }),
  }));

  /* ---------------------------------------------------------------------------------------------
   * Mutations
   * ------------------------------------------------------------------------------------------ */

  const PrizeInput = builder.inputType('LotteryPrizeInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      quantity: t.int({ required: true, description: '1-1000 units.' }),
      valueAmount: t.field({ type: 'SafeInt', required: true, description: 'Minor units per unit (e.g. fen).' }),
      currency: t.string({ description: 'ISO 4217; default: the organization’s currency.' }),
    }),
  });
  const ConditionsInput = builder.inputType('LotteryConditionsInput', {
    fields: (t) => ({
      keyword: t.string({ description: 'Up to 100 characters; null or blank: any comment enters.' }),
      requireFollower: t.boolean(),
      requireFanClub: t.boolean(),
      minWatchMinutes: t.int({ description: '1-1440; null: no minimum.' }),
      requirePurchase: t.boolean(),
      regions: t.stringList({ description: 'Up to 100; empty: any region.' }),
    }),
  });
  const ExclusionsInput = builder.inputType('LotteryExclusionsInput', {
    fields: (t) => ({
      excludeStaff: t.boolean({ description: 'Default true.' }),
      excludeBlocked: t.boolean({ description: 'Default true.' }),
      excludeEarlierWinners: t.field({ type: EarlierWinnerScopeEnum, description: 'Default NONE.' }),
    }),
  });
  const WeightsInput = builder.inputType('LotteryWeightsInput', {
    fields: (t) => ({
      fanClubMember: t.int({ description: '1-100; default 2.' }),
      follower: t.int({ description: '1-100; default 1.' }),
    }),
  });

  type GiveawayInputFields = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];
  const settingsFields = (t: GiveawayInputFields) => ({
    segmentId: t.id({ description: 'A segment of the session the giveaway belongs to.' }),
    openWithSegment: t.boolean({ description: 'Open when the segment goes on air. Default true when a segment is given; needs one.' }),
    title: t.string(),
    mode: t.field({ type: ModeEnum }),
    winnerCount: t.int({ description: 'Default: the number of prize units, which it must equal when there are prizes.' }),
    prizes: t.field({ type: [PrizeInput] }),
    conditions: t.field({ type: ConditionsInput }),
    exclusions: t.field({ type: ExclusionsInput }),
    weights: t.field({ type: WeightsInput }),
    entryDurationSeconds: t.int({ description: '10-86400: entries close that long after opening. Null: closed by hand.' }),
    claimWindowSeconds: t.int({ description: 'Default from the plugin configuration (one day).' }),
    unclaimedPolicy: t.field({ type: UnclaimedPolicyEnum, description: 'Default REDRAW.' }),
    publicValueSource: t.field({ type: PublicValueSourceEnum, description: 'Default BEACON when a beacon is configured, else SALT.' }),
  });

  // The core lists its error classes as abstract constructors; the errors plugin wants them constructible.
  const errors = { types: refs.mutationErrors as unknown as (new (...args: never[]) => Error)[] };
  const giveawayOutput = {
    outputFields: (t: PothosSchemaTypes.ObjectFieldBuilder<PluginSchemaTypes, { giveaway: LotteryGiveaway }>): FieldMap => ({
      giveaway: t.field({ type: GiveawayRef, resolve: (payload) => payload.giveaway }),
    }),
  };
  const giveawayId = (id: string | number) => localId(id, 'LotteryGiveaway');
  const segmentId = (id: string | number | null | undefined) =>
    id === undefined ? undefined : id === null ? null : refs.localId(String(id), 'Segment', ['input', 'segmentId']);

  builder.relayMutationField(
    'createLotteryGiveaway',
    {
      inputFields: (t) => ({
        ...settingsFields(t),
        sessionId: t.id({ required: true }),
        title: t.string({ required: true }),
        mode: t.field({ type: ModeEnum, required: true }),
      }),
    },
    {
      errors,
      description: 'A DRAFT giveaway; its seed commitment is published at once.',
      resolve: async (_root, { input }, context) => ({
        giveaway: await createGiveaway(manageScope(context), {
          ...input,
          sessionId: refs.localId(String(input.sessionId), 'LiveSession', ['input', 'sessionId']),
          segmentId: segmentId(input.segmentId),
        }),
      }),
    },
    giveawayOutput,
  );

  builder.relayMutationField(
    'updateLotteryGiveaway',
    { inputFields: (t) => ({ giveawayId: t.id({ required: true }), ...settingsFields(t) }) },
    {
      errors,
      description: 'Changes a DRAFT giveaway: only the fields given (null clears keyword, minWatchMinutes, entryDurationSeconds and segmentId, which also clears openWithSegment); prizes replaces the list.',
      resolve: async (_root, { input: { giveawayId: id, ...input } }, context) => ({
        giveaway: await updateGiveaway(manageScope(context), giveawayId(id), {
          ...input,
          title: input.title ?? undefined,
          mode: input.mode ?? undefined,
          segmentId: segmentId(input.segmentId),
        }),
      }),
    },
    giveawayOutput,
  );

  const giveawayAction = (name: string, description: string, action: (scope: LotteryScope, id: string) => Promise<LotteryGiveaway>) =>
    builder.relayMutationField(
      name,
      { inputFields: (t) => ({ giveawayId: t.id({ required: true }) }) },
      {
        errors,
        description,
        resolve: async (_root, { input }, context) => ({ giveaway: await action(manageScope(context), giveawayId(input.giveawayId)) }),
      },
      giveawayOutput,
    );

  giveawayAction('openLotteryGiveaway', 'Opens entries now (DRAFT only); with an entry duration they close by themselves at `closesAt`.', openGiveaway);
  giveawayAction('closeLotteryGiveaway', 'Closes entries now and freezes the entrant list: conditions and exclusions are evaluated for every entrant.', closeGiveaway);
  giveawayAction('cancelLotteryGiveaway', 'Cancels a giveaway that has not been drawn.', cancelGiveaway);

  builder.relayMutationField(
    'drawLotteryGiveaway',
    { inputFields: (t) => ({ giveawayId: t.id({ required: true }), salt: t.string({ description: 'Required when the public value source is SALT; left out for BEACON.' }) }) },
    {
      errors,
      description: 'Draws the winners of a CLOSED giveaway and reveals the seed; the proof and entrant list can be downloaded from the draw.',
      resolve: async (_root, { input }, context) => ({ giveaway: await drawGiveaway(manageScope(context), giveawayId(input.giveawayId), input.salt) }),
    },
    giveawayOutput,
  );

  builder.relayMutationField(
    'redrawLotteryGiveaway',
    { inputFields: (t) => ({ giveawayId: t.id({ required: true }), salt: t.string({ description: 'A new salt when the source is SALT; left out for BEACON.' }) }) },
    {
      errors,
      description:
        'Redraws the ranks of EXPIRED and FORFEITED winners (unclaimedPolicy REDRAW) as a new round with its own proof, excluding every earlier winner. BEACON giveaways are also redrawn by themselves.',
      resolve: async (_root, { input }, context) => ({ giveaway: await redrawGiveaway(manageScope(context), giveawayId(input.giveawayId), input.salt) }),
    },
    giveawayOutput,
  );

  builder.relayMutationField(
    'updateLotteryWinner',
    {
      inputFields: (t) => ({
        winnerId: t.id({ required: true }),
        contactStatus: t.field({ type: ContactStatusEnum }),
        addressStatus: t.field({ type: AddressStatusEnum }),
        status: t.field({ type: WinnerStatusEnum, description: 'CLAIMED, FULFILLED or FORFEITED (EXPIRED is set by the claim deadline).' }),
      }),
    },
    {
      errors,
      description: 'Records a winner’s fulfilment. A FORFEITED rank is redrawn under the REDRAW policy.',
      resolve: async (_root, { input: { winnerId, ...changes } }, context) => ({
        winner: await updateWinner(manageScope(context), localId(winnerId, 'LotteryWinner'), changes),
      }),
    },
    { outputFields: (t) => ({ winner: t.field({ type: WinnerRef, resolve: (payload) => payload.winner }) }) },
  );

  /* ---------------------------------------------------------------------------------------------
   * Subscription
   * ------------------------------------------------------------------------------------------ */

  builder.subscriptionFields((t) => ({
    lotteryGiveawayUpdated: t.field({
      type: UpdateRef,
      nullable: true,
      description:
        'Changes to the session’s giveaways (entrant counts at most 4 times a second per giveaway). Notices may be dropped: after a reconnect, query `LiveSession.lotteryGiveaways`.',
      args: { sessionId: t.arg.id({ required: true }) },
      subscribe: async (_root, args, context) => {
        try {
          const actor = plugin.requirePermission(context, 'view');
          const sessionId = refs.localId(String(args.sessionId), 'LiveSession', ['sessionId']);
          const pluginContext = plugin.contextOf(context);
          const session = await pluginContext.core.audience.session(context.em.fork(), actor.organizationId, sessionId);
          if (!session) throw new NotFoundError('LiveSession', String(args.sessionId));
          return ofOrganization(pluginContext.realtime.subscribe(giveawayTopic(sessionId)), actor.organizationId);
        } catch (error) {
          return asGraphQLError(error);
        }
      },
      resolve: async (notice, _args, context): Promise<GiveawayUpdate | null> => {
        refreshForEvent(context);
        const organizationId = readerOrganization(context);
        const giveaway = organizationId ? await context.em.findOne(LotteryGiveaway, { id: notice.giveawayId, organizationId }) : null;
        return giveaway ? { giveaway, reason: notice.reason, version: notice.version } : null;
      },
    }),
  }));
}
