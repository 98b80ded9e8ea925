import { paceView, type PaceView } from '$lib/live/pace.js';

/** What the pace bars read of a campaign: its window and each goal's `GoalPace`. */
export interface PacedCampaign {
  startsAt: string;
  endsAt: string;
  allGoals: readonly { id: string; metricDefinition: { additive: boolean; numerator: string | null } }[];
  goalPacing: readonly { goal: { id: string }; actual: number | null; target: number; progress: number | null; projected: number | null; onPace: boolean | null }[];
}

export interface GoalPaceRow {
  actual: number | null;
  target: number;
  projected: number | null;
  view: PaceView;
}

/**
 * Each goal's pace over the campaign window: accumulating metrics (GMV, orders, viewers) are
 * expected to grow with the share of the window that has passed at `now`; rates and peaks follow
 * the API's verdict.
 */
export function goalPaces(campaign: PacedCampaign, now: Date): Map<string, GoalPaceRow> {
  const start = Date.parse(campaign.startsAt);
  const plannedSeconds = Math.max(0, (Date.parse(campaign.endsAt) - start) / 1000);
  const elapsedSeconds = Math.min(plannedSeconds, Math.max(0, (now.getTime() - start) / 1000));
  const show = { elapsedSeconds, plannedSeconds, started: now.getTime() >= start };
  const definitions = new Map(campaign.allGoals.map((goal) => [goal.id, goal.metricDefinition]));
  const rows = new Map<string, GoalPaceRow>();
  for (const pace of campaign.goalPacing) {
    const definition = definitions.get(pace.goal.id);
    if (!definition) continue;
    rows.set(pace.goal.id, {
      actual: pace.actual,
      target: pace.target,
      projected: pace.projected,
      view: paceView({ ...pace, additive: definition.additive, numerator: definition.numerator }, show),
    });
  }
  return rows;
}
