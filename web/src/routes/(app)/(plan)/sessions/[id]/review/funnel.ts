import type { ChartOption } from '$lib/charts/echarts.js';
import type { Review } from './review-query.js';

type Step = Review['funnel'][number];

/**
 * The steps that count people, in an order where each is a subset of the one before as the API
 * counts them: a viewer is anyone seen in the room by any event, so everyone who saw or clicked a
 * product or paid is one. The API's other steps are not people and not subsets: entries count join
 * events (a returning viewer twice, a viewer seen only by a comment or an order not at all, so
 * they can be fewer than viewers) and orders created count orders.
 */
export const PEOPLE_STEPS: readonly Step['step'][] = ['VIEWERS', 'PRODUCT_IMPRESSION_VIEWERS', 'PRODUCT_CLICK_VIEWERS', 'BUYERS'];

export interface FunnelView {
  /** The funnel proper, each step's conversion taken from the people step before it. */
  people: Step[];
  /** Counts beside the funnel (entries, orders), with no step conversion. */
  others: Step[];
}

/** The API's steps split into the people funnel and the counts that belong beside it. */
export function funnelView(steps: readonly Step[]): FunnelView {
  const byKind = new Map(steps.map((step) => [step.step, step]));
  const chain = PEOPLE_STEPS.flatMap((kind) => byKind.get(kind) ?? []);
  return {
    people: chain.map((step, index) => {
      const before = chain[index - 1];
      return { ...step, rateFromPrevious: before && before.count > 0 ? step.count / before.count : null };
    }),
    others: steps.filter((step) => !PEOPLE_STEPS.includes(step.step)).map((step) => ({ ...step, rateFromPrevious: null })),
  };
}

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
