import { formatDuration, formatMoney, formatNumber, formatPercent } from '$lib/i18n/format.js';

/** The API's `MetricUnit`: how a metric's values are measured. */
export type MetricUnit = 'COUNT' | 'MONEY' | 'RATE' | 'RATIO' | 'SECONDS';

/**
 * A metric value in its dictionary unit: MONEY in minor units, RATE a 0-1 fraction, RATIO a
 * multiple, SECONDS a duration, COUNT people or events. `compact` shortens big numbers for cards.
 */
export function formatMetric(value: number | null | undefined, unit: MetricUnit, currency: string, options: { compact?: boolean } = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'MONEY':
      // Compact only pays off from ¥10,000 up; below that the exact amount is as short.
      return formatMoney({ amount: Math.round(value), currency }, { compact: options.compact === true && Math.abs(value) >= 1_000_000 });
    case 'RATE':
      return formatPercent(value, 1);
    case 'RATIO':
      return `${formatNumber(value, { digits: 2 })}×`;
    case 'SECONDS':
      return formatDuration(value);
    case 'COUNT':
      if (options.compact === true && Math.abs(value) >= 100_000) return formatNumber(value, { compact: true });
      return formatNumber(value, { digits: Number.isInteger(value) ? 0 : 1 });
  }
}
