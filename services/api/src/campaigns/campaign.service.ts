import { z } from 'zod';
import type { DomainEvents } from '../events/domain-events.js';
import { definedOnly } from '../products/product.service.js';
import { EDITOR_ROLES, requireRole, type Scope } from '../shared/actor.js';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../shared/errors.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { parseInput } from '../shared/validate.js';
import { Campaign, CAMPAIGN_CHANNELS, CAMPAIGN_THEMES, CampaignGoal, type CampaignTheme } from './campaign.entity.js';

/** A campaign may span a year of shows (e.g. a brand's annual membership drive), not more. */
export const MAX_CAMPAIGN_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;

const tag = z.string().trim().min(1, 'must not be empty').max(40, 'must have at most 40 characters');
const distinct = <T>(values: T[]) => [...new Set(values)];

const campaignFields = {
  name: z.string().trim().min(1, 'is required').max(200, 'must have at most 200 characters'),
  theme: z.enum(CAMPAIGN_THEMES),
  themeNote: z.string().trim().max(200, 'must have at most 200 characters'),
  startsAt: z.date(),
  endsAt: z.date(),
  targetAudienceTags: z.array(tag).max(30, 'must have at most 30 tags').transform(distinct),
  channels: z.array(z.enum(CAMPAIGN_CHANNELS)).transform(distinct),
  budgetAmount: z.number().int('must be whole minor units (fen)').min(0, 'must be at least 0').max(1_000_000_000_000),
};

const createCampaignInput = z.object({
  ...campaignFields,
  themeNote: campaignFields.themeNote.default(''),
  targetAudienceTags: campaignFields.targetAudienceTags.default([]),
  channels: campaignFields.channels.default([]),
  budgetAmount: campaignFields.budgetAmount.default(0),
});

const updateCampaignInput = z.object(campaignFields).partial();

interface CampaignRuleFields {
  theme: CampaignTheme;
  themeNote: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Rules across fields, checked on the campaign as it would be after the change. An issue is reported
 * on a field the caller sent, so a partial update names what to fix.
 */
function campaignRuleIssues(campaign: CampaignRuleFields, sent: ReadonlySet<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const windowField = sent.has('endsAt') || !sent.has('startsAt') ? 'endsAt' : 'startsAt';
  const days = (campaign.endsAt.getTime() - campaign.startsAt.getTime()) / DAY_MS;
  if (days <= 0) {
    issues.push({ path: ['input', windowField], message: `endsAt must be after startsAt (${campaign.startsAt.toISOString()})` });
  } else if (days > MAX_CAMPAIGN_DAYS) {
    issues.push({ path: ['input', windowField], message: `a campaign may last at most ${MAX_CAMPAIGN_DAYS} days; this one lasts ${Math.ceil(days)}` });
  }
  if (campaign.theme === 'CUSTOM' && campaign.themeNote === '') {
    issues.push({ path: ['input', 'themeNote'], message: 'is required when theme is CUSTOM' });
  }
  return issues;
}

export interface CampaignFilter {
  search?: string | null;
  theme?: CampaignTheme | null;
  /** Campaigns running at this instant. */
  activeAt?: Date | null;
  startsAfter?: Date | null;
  startsBefore?: Date | null;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** Campaigns, their goal trees and the split of goals onto sessions. */
export class CampaignService {
  constructor(private readonly events: DomainEvents) {}

  async create({ em, actor }: Scope, raw: Record<string, unknown>): Promise<Campaign> {
    requireRole(actor, EDITOR_ROLES, 'create campaigns');
    const input = parseInput(createCampaignInput, definedOnly(raw));
    const issues = campaignRuleIssues(input, new Set(Object.keys(input)));
    if (issues.length) throw new ValidationError(issues);
    const campaign = em.create(Campaign, { ...input, organization: actor.organizationId });
    await em.flush();
    return campaign;
  }

  async update(scope: Scope, id: string, raw: Record<string, unknown>): Promise<Campaign> {
    requireRole(scope.actor, EDITOR_ROLES, 'update campaigns');
    const input = parseInput(updateCampaignInput, definedOnly(raw));
    const campaign = await this.get(scope, id);
    const next = { ...campaign, ...input };
    const issues = campaignRuleIssues(next, new Set(Object.keys(input)));
    if (issues.length) throw new ValidationError(issues);
    scope.em.assign(campaign, input);
    await scope.em.flush();
    return campaign;
  }

  /** Deletes the campaign with its goal tree and session targets; its sessions stay, unlinked. */
  async delete(scope: Scope, id: string): Promise<string> {
    requireRole(scope.actor, EDITOR_ROLES, 'delete campaigns');
    const campaign = await this.get(scope, id);
    await scope.em.remove(campaign).flush();
    return id;
  }

  async get({ em, actor }: Scope, id: string): Promise<Campaign> {
    const campaign = await em.findOne(Campaign, { id, organization: actor.organizationId });
    if (!campaign) throw new NotFoundError('Campaign', id);
    return campaign;
  }

  list({ em, actor }: Scope, filter: CampaignFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    const search = filter.search?.trim();
    const startsAt = {
      ...(filter.startsAfter ? { $gte: filter.startsAfter } : {}),
      ...(filter.startsBefore ? { $lt: filter.startsBefore } : {}),
      ...(filter.activeAt ? { $lte: filter.activeAt } : {}),
    };
    return findConnection(
      em,
      Campaign,
      {
        organization: actor.organizationId,
        ...(search ? { $or: [{ name: { $ilike: likePattern(search) } }, { themeNote: { $ilike: likePattern(search) } }] } : {}),
        ...(filter.theme ? { theme: filter.theme } : {}),
        ...(Object.keys(startsAt).length ? { startsAt } : {}),
        ...(filter.activeAt ? { endsAt: { $gt: filter.activeAt } } : {}),
      },
      orderBy,
      args,
    );
  }
}
