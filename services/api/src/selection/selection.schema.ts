import { builder } from '../schema/builder.js';
import { HostRef, ProductRef } from '../schema/refs.js';
import { localId, optionalLocalId } from '../schema/common.schema.js';
import { scopeOf } from '../context.js';
import { FACTOR_WEIGHTS, RANKING_FACTORS, UNAVAILABLE_PENALTY, type RankingReason } from './scoring.js';
import { DEFAULT_RESULTS, type HostRanking, type ProductSuggestion } from './selection.service.js';

const weights = RANKING_FACTORS.map((factor) => `${factor} ${FACTOR_WEIGHTS[factor]}`).join(', ');

const RankingFactorEnum = builder.enumType('RankingFactor', {
  description: `What a host ranking weighs. Base weights: ${weights}.`,
  values: RANKING_FACTORS,
});

const RankingReasonRef = builder.objectRef<RankingReason>('RankingReason').implement({
  description: 'One factor of a host ranking.',
  fields: (t) => ({
    factor: t.expose('factor', { type: RankingFactorEnum }),
    score: t.exposeFloat('score', { nullable: true, description: '0-1; null when the factor could not be judged and was skipped.' }),
    weight: t.exposeFloat('weight', { description: 'The share of the total this factor got: 0 when skipped, the others scaled up to sum to 1.' }),
    explanation: t.exposeString('explanation', { description: 'A readable sentence, e.g. "3 of 4 target audience tags match: 年轻女性, 学生党, 敏感肌".' }),
  }),
});

const HostRankingRef = builder.objectRef<HostRanking>('HostRanking').implement({
  description: 'How well a host suits a session or campaign.',
  fields: (t) => ({
    host: t.field({ type: HostRef, resolve: (ranking) => ranking.host }),
    score: t.exposeFloat('score', { description: `0-100: the weighted factors, multiplied by ${UNAVAILABLE_PENALTY} when the host is unavailable.` }),
    available: t.exposeBoolean('available', {
      description: 'For a session: inside the weekly windows and on no overlapping session. For a campaign: has windows on a weekday it spans.',
    }),
    reasons: t.field({ type: [RankingReasonRef], description: 'Every factor, in a fixed order.', resolve: (ranking) => ranking.reasons }),
  }),
});

const ProductSuggestionRef = builder.objectRef<ProductSuggestion>('ProductSuggestion').implement({
  description: 'A product that suits a campaign’s audience.',
  fields: (t) => ({
    product: t.field({ type: ProductRef, resolve: (suggestion) => suggestion.product }),
    score: t.exposeFloat('score', { description: '0-100 from audience tag overlap, discount depth and stock not yet reserved in the campaign window.' }),
    reasons: t.exposeStringList('reasons', { description: 'One sentence per factor.' }),
  }),
});

builder.queryFields((t) => ({
  rankHosts: t.field({
    type: [HostRankingRef],
    description: 'Hosts ranked for a session or a campaign (give exactly one), best first. Owners, operators and analysts.',
    authScopes: { member: true },
    args: {
      sessionId: t.arg.id(),
      campaignId: t.arg.id(),
      styleTags: t.arg.stringList({ description: 'The presenting styles wanted, e.g. 专业测评.' }),
      first: t.arg.int({ defaultValue: DEFAULT_RESULTS, description: '1-100.' }),
    },
    resolve: (_root, args, context) =>
      context.services.selection.rankHosts(scopeOf(context), {
        ...args,
        sessionId: optionalLocalId(args.sessionId == null ? args.sessionId : String(args.sessionId), 'LiveSession'),
        campaignId: optionalLocalId(args.campaignId == null ? args.campaignId : String(args.campaignId), 'Campaign'),
      }),
  }),
  suggestProducts: t.field({
    type: [ProductSuggestionRef],
    description: 'In-stock products ranked for a campaign’s target audience, best first. Owners, operators and analysts.',
    authScopes: { member: true },
    args: {
      campaignId: t.arg.id({ required: true }),
      first: t.arg.int({ defaultValue: DEFAULT_RESULTS, description: '1-100.' }),
    },
    resolve: (_root, args, context) =>
      context.services.selection.suggestProducts(scopeOf(context), { ...args, campaignId: localId(String(args.campaignId), 'Campaign') }),
  }),
}));
