import type { ChartOption } from '$lib/charts/echarts.js';
import type { Review } from './review-query.js';

type Step = Review['funnel'][number];

/** The biggest drop between two steps: where the show lost the most people. */
export function weakestStep(steps: readonly Step[]): Step | null {
  let weakest: Step | null = null;
  for (const step of steps.slice(1)) {
    if (step.rateFromPrevious === null) continue;
    if (!weakest || step.rateFromPrevious < weakest.rateFromPrevious!) weakest = step;
  }
  return weakest;
}

/**
 * The funnel as horizontal bars, first step on top, each labelled with its count and the share of
 * the step before it (bars keep counts comparable where a drawn funnel would hide the scale).
 */
export function funnelOption(steps: readonly Step[], format: { label: (step: Step) => string; count: (value: number) => string; percent: (ratio: number) => string }): ChartOption {
  const weakest = weakestStep(steps);
  return {
    animation: false,
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    tooltip: { show: false },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, data: steps.map(format.label), axisTick: { show: false }, axisLine: { show: false } },
    series: [
      {
        type: 'bar',
        barWidth: '60%',
        data: steps.map((step) => ({
          value: step.count,
          itemStyle: { color: step === weakest ? '#b42318' : '#d9254c', opacity: step === weakest ? 1 : 0.85 },
          label: {
            show: true,
            position: 'right' as const,
            formatter: step.rateFromPrevious === null ? format.count(step.count) : `${format.count(step.count)} · ${format.percent(step.rateFromPrevious)}`,
          },
        })),
      },
    ],
  };
}
