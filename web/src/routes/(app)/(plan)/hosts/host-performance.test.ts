import { describe, expect, it } from 'vitest';
import { performanceChartOption, performanceSessions, performanceSummary } from './host-performance.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const session = (id: string, start: string, gmv: number, uv: number, conversionRate: number | null, peakOnline: number, role = 'MAIN') => ({
  id,
  title: `场次 ${id}`,
  scheduledStart: start,
  actualStart: start,
  hosts: [{ role, host: { id: 'h1' } }, { role: 'ASSISTANT', host: { id: 'h2' } }],
  liveMetrics: { gmvPaid: cny(gmv), peakOnline, uv, conversionRate, ordersPaid: 3, gpm: null, uvValue: null, liveSeconds: 3600 },
});

describe('host performance', () => {
  const nodes = [
    session('b', '2025-12-10T12:00:00Z', 200_000, 1000, 0.05, 900),
    session('a', '2025-12-01T12:00:00Z', 100_000, 3000, 0.01, 1500, 'GUEST'),
    session('c', '2025-12-12T12:00:00Z', 0, 0, null, 0),
  ];

  it('orders sessions oldest first with the host’s own role', () => {
    const rows = performanceSessions('h1', nodes);
    expect(rows.map((row) => row.id)).toEqual(['a', 'b', 'c']);
    expect(rows.map((row) => row.role)).toEqual(['GUEST', 'MAIN', 'MAIN']);
    expect(performanceSessions('h2', nodes)[0]!.role).toBe('ASSISTANT');
  });

  it('sums GMV, averages per session and weights conversion by viewers', () => {
    const summary = performanceSummary(performanceSessions('h1', nodes), 'CNY');
    expect(summary).toEqual({
      sessions: 3,
      gmvTotal: cny(300_000),
      gmvAverage: cny(100_000),
      bestPeakOnline: 1500,
      // (0.01 × 3000 + 0.05 × 1000) / 4000 viewers; the session without viewers does not count.
      conversionRate: 0.02,
    });
    expect(performanceSummary([], 'CNY')).toMatchObject({ sessions: 0, gmvTotal: null, conversionRate: null });
  });

  it('charts GMV in yuan as bars and peak online on its own axis', () => {
    const option = performanceChartOption(performanceSessions('h1', nodes), { gmv: 'GMV', peak: 'Peak', label: (row) => row.id, money: String });
    const series = option.series as { type: string; data: number[]; yAxisIndex?: number }[];
    expect((option.xAxis as { data: string[] }).data).toEqual(['a', 'b', 'c']);
    expect(series[0]).toMatchObject({ type: 'bar', data: [1000, 2000, 0] });
    expect(series[1]).toMatchObject({ type: 'line', yAxisIndex: 1, data: [1500, 900, 0] });
  });
});
