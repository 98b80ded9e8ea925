import { metricDefinition, metricValueIssue, type MetricKey } from '../metrics/metric-dictionary.js';
import type { FieldIssue } from '../shared/errors.js';
import type { CampaignTheme, GoalHorizon } from './campaign.entity.js';

/** A campaign may span a year of shows (e.g. a brand's annual membership drive), not more. */
export const MAX_CAMPAIGN_DAYS = 366;
const DAY_MS = 24 * 3600 * 1000;

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
export function campaignRuleIssues(campaign: CampaignRuleFields, sent: ReadonlySet<string>): FieldIssue[] {
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

/** Goals may fall due before the campaign (warm-up) and after it (repurchase, loyalty windows). */
export const DUE_DATE_DAYS_BEFORE_START = 30;
export const DUE_DATE_DAYS_AFTER_END = 180;

interface GoalRuleFields {
  horizon: GoalHorizon;
  metric: MetricKey;
  target: number;
}

/**
 * The metric decides which horizons and target values make sense. Issues go on a field the caller
 * sent: changing only the metric of a goal blames the metric.
 */
export function goalRuleIssues(goal: GoalRuleFields, sent: ReadonlySet<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const definition = metricDefinition(goal.metric);
  if (!definition.horizons.includes(goal.horizon)) {
    const allowed = definition.horizons.join(', ');
    issues.push(
      sent.has('horizon')
        ? { path: ['input', 'horizon'], message: `must be one of ${allowed} for ${goal.metric} (${definition.nameEn})` }
        : { path: ['input', 'metric'], message: `cannot be targeted in the goal's ${goal.horizon} horizon; ${goal.metric} belongs to ${allowed}` },
    );
  }
  const targetIssue = metricValueIssue(definition, goal.target);
  if (targetIssue) {
    issues.push(
      sent.has('target')
        ? { path: ['input', 'target'], message: `${targetIssue} (${goal.metric} is measured in ${definition.unit})` }
        : { path: ['input', 'metric'], message: `does not fit the goal's target ${goal.target}: it ${targetIssue}` },
    );
  }
  return issues;
}

/** YYYY-MM-DD of an instant in the organization's time zone. */
function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The dates a goal of the campaign may fall due on, inclusive. */
export function dueDateWindow(campaign: { startsAt: Date; endsAt: Date }, timeZone: string): { from: string; to: string } {
  return {
    from: addDays(localDate(campaign.startsAt, timeZone), -DUE_DATE_DAYS_BEFORE_START),
    to: addDays(localDate(campaign.endsAt, timeZone), DUE_DATE_DAYS_AFTER_END),
  };
}

/** Why a goal cannot fall due on `date`, or null when it can. */
export function dueDateIssue(date: string, campaign: { startsAt: Date; endsAt: Date }, timeZone: string): string | null {
  const { from, to } = dueDateWindow(campaign, timeZone);
  if (date >= from && date <= to) return null;
  return `must be from ${from} to ${to}: at most ${DUE_DATE_DAYS_BEFORE_START} days before the campaign starts and ${DUE_DATE_DAYS_AFTER_END} days after it ends`;
}
