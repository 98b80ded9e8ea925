import { isMetricKey, metricDefinition } from '../metrics/metric-dictionary.js';
import type { MetricValues } from './metric-values.js';

/** How far a goal or session target is, and where it is heading. */
export interface Pace {
  metric: string;
  target: number;
  /** Null when the live engine does not measure the metric (ad spend, loyalty...). */
  actual: number | null;
  /** actual / target (0..1, above 1 when exceeded); null without an actual or for a target of 0. */
  progress: number | null;
  /** The value expected at the end of the window; null before it starts or without an actual. */
  projected: number | null;
  /** projected ≥ target; null when there is no projection. */
  onPace: boolean | null;
}

/** The pacing window: a session's planned run or a campaign's dates, and where we are in it. */
export interface PaceWindow {
  /** When counting started (the session's actual start, the campaign's start); null = not yet. */
  start: Date | null;
  /** Planned length in milliseconds. */
  plannedMs: number;
  /** Now, or the end once the window is over. */
  now: Date;
  /** The window is over: the projection is the actual. */
  ended: boolean;
}

/**
 * Accumulating metrics (counts and money that only grow) are projected linearly over the planned
 * window: actual / elapsed × planned (never below the actual, when the window overruns). Levels,
 * peaks, rates and averages are projected as their current value.
 */
export function pace(metric: string, target: number, values: MetricValues, window: PaceWindow): Pace {
  const raw = isMetricKey(metric) ? values[metric] : undefined;
  const actual = raw === undefined ? null : raw;
  const progress = actual == null || target <= 0 ? null : actual / target;
  let projected: number | null = null;
  if (actual != null && window.start) {
    const definition = isMetricKey(metric) ? metricDefinition(metric) : null;
    const accumulates = definition != null && definition.numerator === null && definition.additive;
    const elapsed = window.now.getTime() - window.start.getTime();
    if (!accumulates || window.ended) projected = actual;
    else if (elapsed > 0) projected = actual * Math.max(1, window.plannedMs / elapsed);
  }
  return { metric, target, actual, progress, projected, onPace: projected == null ? null : projected >= target };
}
