/** What the control room reads of a `GoalPace`. */
export interface PaceInput {
  target: number;
  actual: number | null;
  projected: number | null;
  onPace: boolean | null;
  /** From the goal's metric definition: raw counts that add up (GMV, orders) grow over the show. */
  additive: boolean;
  numerator: string | null;
}

export type PaceStatus = 'ahead' | 'behind' | 'unknown';

export interface PaceView {
  /** actual / target for the bar, 0..1 (a met target fills it). */
  fill: number;
  /** actual / target, unclamped (130% when exceeded); null without an actual. */
  ratio: number | null;
  /**
   * Where the bar should be by now, 0..1: the elapsed share of the planned show for metrics that
   * accumulate; null for levels, peaks and rates, which have no "by now".
   */
  expectedFraction: number | null;
  status: PaceStatus;
}

/**
 * A pace row for a bar with an expected-by-now marker. Accumulating metrics (as the API defines
 * them: additive raw counts) are expected to grow linearly over the planned show, so they are
 * ahead when actual ≥ target × elapsed share; others follow the API's `onPace`. A met target is
 * ahead whatever the clock says.
 */
export function paceView(pace: PaceInput, show: { elapsedSeconds: number; plannedSeconds: number; started: boolean }): PaceView {
  const accumulates = pace.additive && pace.numerator === null;
  const ratio = pace.actual === null || pace.target <= 0 ? null : pace.actual / pace.target;
  const fill = ratio === null ? 0 : Math.max(0, Math.min(1, ratio));
  const expectedFraction = accumulates && show.started && show.plannedSeconds > 0 ? Math.min(1, show.elapsedSeconds / show.plannedSeconds) : null;
  let status: PaceStatus = 'unknown';
  if (ratio !== null && ratio >= 1) status = 'ahead';
  else if (expectedFraction !== null && ratio !== null) status = ratio >= expectedFraction ? 'ahead' : 'behind';
  else if (pace.onPace !== null) status = pace.onPace ? 'ahead' : 'behind';
  return { fill, ratio, expectedFraction, status };
}
