/** What the control room reads of an `Alert`. */
export interface AlertLike {
  id: string;
  version: number;
  active: boolean;
  firedAt: string;
  acknowledgedAt: string | null;
  condition: string;
  metric: string;
}

/**
 * The list after an `alerts(sessionId)` notice: the alert replaces the one held when the notice is
 * newer (notices can arrive twice or after a resync), a new one is added; newest first.
 */
export function mergeAlert<A extends AlertLike>(alerts: readonly A[], alert: A, version = alert.version): A[] {
  const held = alerts.find((item) => item.id === alert.id);
  if (held && held.version >= version) return alerts as A[];
  return sortAlerts([...alerts.filter((item) => item.id !== alert.id), alert]);
}

/** Open alerts first (unacknowledged before acknowledged), then cleared ones; newest first within each. */
export function sortAlerts<A extends AlertLike>(alerts: readonly A[]): A[] {
  const rank = (alert: A) => (!alert.active ? 2 : alert.acknowledgedAt ? 1 : 0);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || Date.parse(b.firedAt) - Date.parse(a.firedAt));
}

export type AlertSeverity = 'danger' | 'warn' | 'info';

// Metrics where a rise is bad news (an ABOVE rule on them is a warning, not a milestone).
const HIGHER_IS_WORSE = new Set(['REFUNDS']);

/**
 * The API's alerts carry no severity, so the control room derives one from the rule's condition:
 * a sudden drop or a fall under a floor needs someone now (danger); falling behind pace or a product
 * selling slower than expected is a warning; a threshold crossed upwards is usually a milestone
 * (info), unless the metric is one that should stay low.
 */
export function severityOf(alert: Pick<AlertLike, 'condition' | 'metric'>): AlertSeverity {
  switch (alert.condition) {
    case 'DROP_PERCENT':
    case 'BELOW':
      return 'danger';
    case 'BELOW_PACE':
    case 'PRODUCT_BELOW_EXPECTED':
      return 'warn';
    default:
      return HIGHER_IS_WORSE.has(alert.metric) ? 'danger' : 'info';
  }
}

/** Alerts that arrived in `next` but were not in `previous`, for announcing to screen readers. */
export function newlyFired<A extends AlertLike>(previous: readonly A[], next: readonly A[]): A[] {
  const known = new Set(previous.map((alert) => alert.id));
  return next.filter((alert) => !known.has(alert.id) && alert.active);
}
