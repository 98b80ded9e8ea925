import { addDays, todayIn } from '$lib/dates/plain-date.js';
import type { VariablesOf } from '$lib/graphql/graphql.js';
import { instantFromZonedInput, parseMoneyInput, zonedInputValue } from '$lib/i18n/format.js';
import { moneyInputValue } from '$lib/forms/form-values.js';
import { formatTags, parseTags } from '$lib/forms/tag-list.js';
import type { CampaignRow, CreateCampaign } from './campaign-documents.js';
import type { CampaignChannelKey, CampaignThemeKey } from './campaign-labels.js';

/** The builder's fields as typed: window as wall time in the organization's zone, budget in yuan. */
export interface CampaignFormValues {
  name: string;
  theme: CampaignThemeKey;
  themeNote: string;
  /** `datetime-local` values in the organization's zone. */
  startsAt: string;
  endsAt: string;
  budget: string;
  channels: CampaignChannelKey[];
  audienceTags: string;
}

export type CampaignField = keyof CampaignFormValues;
/** Why a field was refused before sending; the form words it. */
export type CampaignProblem = 'required' | 'dateTime' | 'endBeforeStart' | 'tooLong' | 'money' | 'themeNote';
export type CampaignInput = Required<Omit<VariablesOf<typeof CreateCampaign>['input'], never>>;
export type CampaignFormResult = { ok: true; input: CampaignInput } | { ok: false; problems: Partial<Record<CampaignField, CampaignProblem>> };

/** The API refuses campaigns longer than this (a year of shows). */
export const MAX_CAMPAIGN_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;

/** A new campaign starts at the next midnight and runs a week, the usual 大促 warm-up to final day. */
export function emptyCampaignForm(timeZone: string, now: Date = new Date()): CampaignFormValues {
  const today = todayIn(timeZone, now);
  return {
    name: '',
    theme: 'SHOPPING_FESTIVAL',
    themeNote: '',
    startsAt: `${addDays(today, 1)}T00:00`,
    endsAt: `${addDays(today, 8)}T00:00`,
    budget: '',
    channels: [],
    audienceTags: '',
  };
}

export function campaignFormValues(campaign: CampaignRow, timeZone: string): CampaignFormValues {
  return {
    name: campaign.name,
    theme: campaign.theme,
    themeNote: campaign.themeNote,
    startsAt: zonedInputValue(campaign.startsAt, timeZone),
    endsAt: zonedInputValue(campaign.endsAt, timeZone),
    budget: campaign.budget.amount ? moneyInputValue(campaign.budget.amount, campaign.budget.currency) : '',
    channels: [...campaign.channels],
    audienceTags: formatTags(campaign.targetAudienceTags),
  };
}

/**
 * Checks what can be checked before sending (the server checks again) and builds the input of
 * `createCampaign` / `updateCampaign`: the window as instants of the organization's zone, the budget
 * in minor units (empty = 0), tags split and deduplicated.
 */
export function readCampaignForm(values: CampaignFormValues, timeZone: string, currency: string): CampaignFormResult {
  const problems: Partial<Record<CampaignField, CampaignProblem>> = {};
  const name = values.name.trim();
  const themeNote = values.themeNote.trim();
  if (!name) problems.name = 'required';
  if (values.theme === 'CUSTOM' && !themeNote) problems.themeNote = 'themeNote';
  const startsAt = values.startsAt ? instantFromZonedInput(values.startsAt, timeZone) : null;
  const endsAt = values.endsAt ? instantFromZonedInput(values.endsAt, timeZone) : null;
  if (!startsAt) problems.startsAt = values.startsAt ? 'dateTime' : 'required';
  if (!endsAt) problems.endsAt = values.endsAt ? 'dateTime' : 'required';
  if (startsAt && endsAt) {
    const days = (Date.parse(endsAt) - Date.parse(startsAt)) / DAY_MS;
    if (days <= 0) problems.endsAt = 'endBeforeStart';
    else if (days > MAX_CAMPAIGN_DAYS) problems.endsAt = 'tooLong';
  }
  const budgetAmount = values.budget.trim() ? parseMoneyInput(values.budget.trim(), currency) : 0;
  if (budgetAmount === null) problems.budget = 'money';
  if (Object.keys(problems).length) return { ok: false, problems };
  return {
    ok: true,
    input: {
      name,
      theme: values.theme,
      themeNote,
      startsAt: startsAt!,
      endsAt: endsAt!,
      budgetAmount: budgetAmount!,
      channels: [...values.channels],
      targetAudienceTags: parseTags(values.audienceTags),
    },
  };
}

export type WindowStatus = 'upcoming' | 'running' | 'ended';

/** Where the campaign's window stands at `now` (half-open: it has ended at `endsAt`). */
export function windowStatus(campaign: { startsAt: string; endsAt: string }, now: Date = new Date()): WindowStatus {
  const at = now.getTime();
  if (at < Date.parse(campaign.startsAt)) return 'upcoming';
  return at < Date.parse(campaign.endsAt) ? 'running' : 'ended';
}

/** Whole days of the window, rounded up (a 7½-day campaign spans 8 days of shows). */
export function windowDays(campaign: { startsAt: string; endsAt: string }): number {
  return Math.ceil((Date.parse(campaign.endsAt) - Date.parse(campaign.startsAt)) / DAY_MS);
}
