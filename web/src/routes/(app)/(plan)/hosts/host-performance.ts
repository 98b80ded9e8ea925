import type { ChartOption } from '$lib/charts/echarts.js';
import type { MoneyValue } from '$lib/i18n/format.js';
import { majorUnits } from '$lib/i18n/format.js';

/** One ended session of the host, with the numbers the history shows. */
export interface PerformanceSession {
  id: string;
  title: string;
  /** When it went live (the scheduled start if it never recorded one). */
  startedAt: string;
  role: string | null;
  gmv: MoneyValue;
  peakOnline: number;
  uv: number;
  conversionRate: number | null;
  ordersPaid: number;
  gpm: MoneyValue | null;
  uvValue: MoneyValue | null;
  liveSeconds: number | null;
}

interface SessionNode {
  id: string;
  title: string;
  scheduledStart: string;
  actualStart: string | null;
  hosts: readonly { role: string; host: { id: string } }[];
  liveMetrics: {
    gmvPaid: MoneyValue;
    peakOnline: number;
    uv: number;
    conversionRate: number | null;
    ordersPaid: number;
    gpm: MoneyValue | null;
    uvValue: MoneyValue | null;
    liveSeconds: number | null;
  };
}

/** The history rows, oldest first (the order of the chart's time axis). */
export function performanceSessions(hostId: string, nodes: readonly SessionNode[]): PerformanceSession[] {
  return nodes
    .map((session) => ({
      id: session.id,
      title: session.title,
      startedAt: session.actualStart ?? session.scheduledStart,
      role: session.hosts.find((entry) => entry.host.id === hostId)?.role ?? null,
      gmv: session.liveMetrics.gmvPaid,
      peakOnline: session.liveMetrics.peakOnline,
      uv: session.liveMetrics.uv,
      conversionRate: session.liveMetrics.conversionRate,
      ordersPaid: session.liveMetrics.ordersPaid,
      gpm: session.liveMetrics.gpm,
      uvValue: session.liveMetrics.uvValue,
      liveSeconds: session.liveMetrics.liveSeconds,
    }))
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

export interface PerformanceSummary {
  sessions: number;
  gmvTotal: MoneyValue | null;
  gmvAverage: MoneyValue | null;
  bestPeakOnline: number | null;
  /** Buyers over viewers across the sessions: each session's rate weighted by its UV. */
  conversionRate: number | null;
}

export function performanceSummary(sessions: readonly PerformanceSession[], currency: string): PerformanceSummary {
  if (!sessions.length) return { sessions: 0, gmvTotal: null, gmvAverage: null, bestPeakOnline: null, conversionRate: null };
  const total = sessions.reduce((sum, session) => sum + session.gmv.amount, 0);
  const measured = sessions.filter((session) => session.conversionRate !== null && session.uv > 0);
  const uv = measured.reduce((sum, session) => sum + session.uv, 0);
  return {
    sessions: sessions.length,
    gmvTotal: { amount: total, currency },
    gmvAverage: { amount: Math.round(total / sessions.length), currency },
    bestPeakOnline: Math.max(...sessions.map((session) => session.peakOnline)),
    conversionRate: uv ? measured.reduce((sum, session) => sum + session.conversionRate! * session.uv, 0) / uv : null,
  };
}

/**
 * GMV per session as bars (in major units, so the axis reads yuan) with peak online as a line on a
 * second axis; `label` formats each session's date for the time axis.
 */
export function performanceChartOption(
  sessions: readonly PerformanceSession[],
  text: { gmv: string; peak: string; label: (session: PerformanceSession) => string; money: (amount: number) => string },
): ChartOption {
  return {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, data: [text.gmv, text.peak] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: sessions.map(text.label), axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', name: text.gmv, axisLabel: { formatter: (value: number) => text.money(value) } },
      { type: 'value', name: text.peak, splitLine: { show: false } },
    ],
    series: [
      {
        name: text.gmv,
        type: 'bar',
        data: sessions.map((session) => majorUnits(session.gmv)),
        itemStyle: { color: '#d9254c' },
        barMaxWidth: 28,
        tooltip: { valueFormatter: (value) => text.money(Number(value)) },
      },
      { name: text.peak, type: 'line', yAxisIndex: 1, data: sessions.map((session) => session.peakOnline), itemStyle: { color: '#1d5fb8' }, symbolSize: 6 },
    ],
  };
}
