import { z } from 'zod';
import { Campaign } from '../campaigns/campaign.entity.js';
import { coversInterval, describeInterval, weekdaysBetween } from '../hosts/availability.js';
import { Host } from '../hosts/host.entity.js';
import { Product } from '../products/product.entity.js';
import { LineupItem, LiveSession, SessionHost } from '../sessions/session.entity.js';
import { EDITOR_ROLES, requireRole, type Scope } from '../shared/actor.js';
import { NotFoundError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { parseInput } from '../shared/validate.js';
import {
  audienceFitFactor,
  campaignAvailabilityFactor,
  combineFactors,
  compareRankings,
  compareText,
  costFactor,
  followersFactor,
  pastPerformanceFactor,
  scoreProduct,
  sessionAvailabilityFactor,
  styleFactor,
  type CostContext,
  type FactorScore,
  type RankingReason,
} from './scoring.js';

/** Planners and analysts; host members do not rank their colleagues. */
const SELECTION_ROLES = [...EDITOR_ROLES, 'ANALYST'] as const;

const first = z.number().int('must be a whole number').min(1, 'must be 1 to 100').max(100, 'must be 1 to 100');

const rankHostsArgs = z
  .object({
    sessionId: z.string().nullish(),
    campaignId: z.string().nullish(),
    styleTags: z.array(z.string().trim().min(1, 'must not be empty').max(40, 'must have at most 40 characters')).max(30).nullish(),
    first: first.nullish(),
  })
  .refine((args) => (args.sessionId == null) !== (args.campaignId == null), {
    path: ['sessionId'],
    message: 'give exactly one of sessionId or campaignId',
  });

const suggestProductsArgs = z.object({ campaignId: z.string(), first: first.nullish() });

/** @default 10 results */
export const DEFAULT_RESULTS = 10;

export interface HostRanking {
  host: Host;
  /** 0-100. */
  score: number;
  available: boolean;
  reasons: RankingReason[];
}

export interface ProductSuggestion {
  product: Product;
  /** 0-100. */
  score: number;
  reasons: string[];
}

/** What hosts are ranked for: the per-host factors that depend on the session or campaign. */
interface RankingTarget {
  audienceTags: string[];
  followers(host: Host): FactorScore;
  availability(host: Host): { factor: FactorScore; available: boolean };
  cost: Pick<CostContext, 'hourlyBudgetAmount' | 'budgetNote'>;
}

const unique = (values: string[]) => [...new Set(values)];
const totalFollowers = (host: Host) => host.platformAccounts.reduce((sum, account) => sum + account.followers, 0);

/**
 * Ranks hosts for a session or campaign and suggests products for a campaign's audience.
 * Everything is loaded in a fixed number of statements, whatever the number of hosts or products.
 */
export class SelectionService {
  async rankHosts(scope: Scope, rawArgs: unknown): Promise<HostRanking[]> {
    requireRole(scope.actor, SELECTION_ROLES, 'rank hosts');
    const args = parseInput(rankHostsArgs, rawArgs, []);
    const target = args.sessionId ? await this.sessionTarget(scope, args.sessionId) : await this.campaignTarget(scope, args.campaignId!);
    const hosts = await scope.em.find(Host, { organization: scope.actor.organizationId });
    const costs = hosts.map((host) => host.costPerHourAmount);
    const cost: CostContext = {
      ...target.cost,
      cheapestAmount: Math.min(...costs),
      dearestAmount: Math.max(...costs),
      currency: scope.actor.currency,
    };

    const rankings = hosts.map((host) => {
      const availability = target.availability(host);
      const { score, reasons } = combineFactors(
        {
          AUDIENCE_FIT: audienceFitFactor(host.audienceTags, target.audienceTags),
          STYLE: styleFactor(host.styleTags, args.styleTags ?? []),
          FOLLOWERS: target.followers(host),
          AVAILABILITY: availability.factor,
          COST: costFactor(host.costPerHourAmount, cost),
          PAST_PERFORMANCE: pastPerformanceFactor(),
        },
        availability.available,
      );
      return { host, score, available: availability.available, reasons };
    });
    return rankings
      .sort((a, b) => compareRankings({ ...a, name: a.host.name, id: a.host.id }, { ...b, name: b.host.name, id: b.host.id }))
      .slice(0, args.first ?? DEFAULT_RESULTS);
  }

  async suggestProducts(scope: Scope, rawArgs: unknown): Promise<ProductSuggestion[]> {
    requireRole(scope.actor, SELECTION_ROLES, 'get product suggestions');
    const args = parseInput(suggestProductsArgs, rawArgs, []);
    const { em, actor } = scope;
    const campaign = await this.campaign(scope, args.campaignId);
    const products = await em.find(Product, { organization: actor.organizationId, stock: { $gt: 0 } });
    const reserved: { product_id: string; reserved: string | number }[] = await em.getConnection().execute(
      `select item.product_id, sum(item.stock_reserved) as reserved
         from lineup_items as item join live_sessions as session on session.id = item.session_id
        where item.organization_id = ? and session.status <> 'CANCELLED' and session.scheduled_start < ? and session.scheduled_end > ?
        group by item.product_id`,
      [actor.organizationId, campaign.endsAt, campaign.startsAt],
    );
    const reservedByProduct = new Map(reserved.map((row) => [row.product_id, Number(row.reserved)]));

    return products
      .map((product) => ({
        product,
        ...scoreProduct({ ...product, reservedInWindow: reservedByProduct.get(product.id) ?? 0 }, campaign.targetAudienceTags, actor.currency),
      }))
      .sort((a, b) => b.score - a.score || compareText(a.product.title, b.product.title) || compareText(a.product.id, b.product.id))
      .slice(0, args.first ?? DEFAULT_RESULTS);
  }

  private async campaign({ em, actor }: Scope, id: string): Promise<Campaign> {
    const campaign = await findInOrganization(em, Campaign, actor, id);
    return campaign;
  }

  /**
   * A session: its campaign's audience plus its lineup products' audiences; reach on its platform;
   * availability from the weekly windows and the host's other sessions at that time.
   */
  private async sessionTarget(scope: Scope, sessionId: string): Promise<RankingTarget> {
    const { em, actor } = scope;
    const organization = actor.organizationId;
    const session = await em.findOne(LiveSession, { id: sessionId, organization });
    if (!session) throw new NotFoundError('LiveSession', sessionId);
    const campaign = session.campaign ? await em.findOne(Campaign, { id: session.campaign, organization }) : null;
    const lineup = await em.find(LineupItem, { session: session.id, organization });
    const products = lineup.length ? await em.find(Product, { id: { $in: lineup.map((item) => item.product) }, organization }) : [];

    const overlapping = await em.find(
      LiveSession,
      {
        organization,
        id: { $ne: session.id },
        status: { $ne: 'CANCELLED' },
        scheduledStart: { $lt: session.scheduledEnd },
        scheduledEnd: { $gt: session.scheduledStart },
      },
      { orderBy: { scheduledStart: 'asc', id: 'asc' } },
    );
    const bookings = overlapping.length ? await em.find(SessionHost, { organization, session: { $in: overlapping.map((other) => other.id) } }) : [];
    const titles = new Map(overlapping.map((other) => [other.id, other.title]));
    const conflicts = new Map<string, string[]>();
    for (const booking of bookings) conflicts.set(booking.host, [...(conflicts.get(booking.host) ?? []), titles.get(booking.session)!]);

    const when = describeInterval(session.scheduledStart, session.scheduledEnd, actor.timeZone);
    return {
      audienceTags: unique([...(campaign?.targetAudienceTags ?? []), ...products.flatMap((product) => product.audienceTags)]),
      followers: (host) =>
        followersFactor(
          host.platformAccounts.filter((account) => account.platform === session.platform).reduce((sum, account) => sum + account.followers, 0),
          `on ${session.platform}`,
        ),
      availability: (host) => {
        const withinWindows = coversInterval(host.availability, session.scheduledStart, session.scheduledEnd, actor.timeZone);
        const conflictingSessions = conflicts.get(host.id) ?? [];
        return {
          factor: sessionAvailabilityFactor({ when, withinWindows, hasWindows: host.availability.length > 0, conflictingSessions }),
          available: withinWindows && conflictingSessions.length === 0,
        };
      },
      cost: {},
    };
  }

  /**
   * A campaign: its target audience; total reach; availability on the weekdays it spans; and an
   * hourly budget of the campaign budget spread over its planned (non-cancelled) session hours.
   */
  private async campaignTarget(scope: Scope, campaignId: string): Promise<RankingTarget> {
    const { em, actor } = scope;
    const campaign = await this.campaign(scope, campaignId);
    const sessions = await em.find(LiveSession, { organization: actor.organizationId, campaign: campaign.id, status: { $ne: 'CANCELLED' } });
    const plannedHours = sessions.reduce((sum, session) => sum + (session.scheduledEnd.getTime() - session.scheduledStart.getTime()), 0) / 3_600_000;
    const campaignWeekdays = weekdaysBetween(campaign.startsAt, campaign.endsAt, actor.timeZone);

    return {
      audienceTags: campaign.targetAudienceTags,
      followers: (host) => followersFactor(totalFollowers(host), 'across all platforms'),
      availability: (host) => {
        const factor = campaignAvailabilityFactor(new Set(host.availability.map((window) => window.weekday)), campaignWeekdays);
        return { factor, available: (factor.score ?? 0) > 0 };
      },
      cost:
        campaign.budgetAmount > 0 && plannedHours > 0
          ? { hourlyBudgetAmount: Math.floor(campaign.budgetAmount / plannedHours) }
          : { budgetNote: campaign.budgetAmount > 0 ? 'no sessions are planned yet, so there is no hourly budget' : 'the campaign has no budget' },
    };
  }
}
