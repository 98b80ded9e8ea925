import type { ChartOption } from '$lib/charts/echarts.js';
import type { ReviewAnnotationRow, ReviewMinuteRow } from './review-query.js';

/** Per-minute figures the timeline can draw; GMV goes on its own (money) axis. */
export const TIMELINE_METRICS = ['online', 'newViewers', 'comments', 'productClicks', 'ordersPaid', 'gmvPaid'] as const;
export type TimelineMetric = (typeof TIMELINE_METRICS)[number];
export const DEFAULT_TIMELINE_METRICS: readonly TimelineMetric[] = ['online', 'gmvPaid'];

export type AnnotationCategory = 'segment' | 'status' | 'alert' | 'plugin';
export const ANNOTATION_CATEGORIES: readonly AnnotationCategory[] = ['segment', 'status', 'alert', 'plugin'];

/** Core events are `session.*`, `segment.*` and `alert.*`; every other name on a session's timeline comes from a plugin. */
export function annotationCategory(name: string): AnnotationCategory {
  if (name.startsWith('segment.')) return 'segment';
  if (name.startsWith('session.')) return 'status';
  if (name.startsWith('alert.')) return 'alert';
  return 'plugin';
}

/** The core events that each come with a `session.statusChanged` to this status in the same change. */
const STATUS_EVENTS: Readonly<Record<string, string>> = { 'session.scheduled': 'SCHEDULED', 'session.started': 'LIVE', 'session.ended': 'ENDED' };

/** A status change and the event of that change are written together; further apart they are two changes. */
const SAME_CHANGE_MS = 60_000;

const statusTo = (annotation: Pick<ReviewAnnotationRow, 'payload'>) => (annotation.payload as { to?: unknown } | null | undefined)?.to;

/**
 * One line per status change: scheduling, going live and going off air are recorded twice by the
 * API (the named event and the generic `session.statusChanged`), so the generic one goes where a
 * named event of the same change is beside it. Changes without a named event (marked as reviewed,
 * cancelled) keep theirs.
 */
export function oneLinePerStatusChange<A extends Pick<ReviewAnnotationRow, 'at' | 'name' | 'payload'>>(annotations: readonly A[]): A[] {
  const named = annotations.filter((annotation) => annotation.name in STATUS_EVENTS);
  const claimed = new Set<A>();
  return annotations.filter((annotation) => {
    if (annotation.name !== 'session.statusChanged') return true;
    const at = Date.parse(annotation.at);
    const twin = named.find(
      (candidate) => !claimed.has(candidate) && STATUS_EVENTS[candidate.name] === statusTo(annotation) && Math.abs(Date.parse(candidate.at) - at) <= SAME_CHANGE_MS,
    );
    if (!twin) return true;
    claimed.add(twin);
    return false;
  });
}

const CATEGORY_COLOURS: Record<AnnotationCategory, string> = { segment: '#1d5fb8', status: '#5b6573', alert: '#b42318', plugin: '#9a5b00' };

export interface NumberedAnnotation {
  /** 1-based, shared by the chart's marks and the list under it. */
  number: number;
  at: number;
  name: string;
  category: AnnotationCategory;
  label: string;
}

export function numberAnnotations(annotations: readonly ReviewAnnotationRow[], label: (annotation: ReviewAnnotationRow) => string): NumberedAnnotation[] {
  return annotations.map((annotation, index) => ({
    number: index + 1,
    at: new Date(annotation.at).getTime(),
    name: annotation.name,
    category: annotationCategory(annotation.name),
    label: label(annotation),
  }));
}

const MINUTE = 60_000;

/** The span the series covers: its first minute's start to its last minute's end; null without minutes. */
export function seriesWindow(series: readonly Pick<ReviewMinuteRow, 'minute'>[]): { start: number; end: number } | null {
  const first = series[0];
  const last = series.at(-1);
  if (!first || !last) return null;
  return { start: new Date(first.minute).getTime(), end: new Date(last.minute).getTime() + MINUTE };
}

export interface MinuteMark {
  /** Start of the minute the annotations fall in. */
  minute: number;
  annotations: NumberedAnnotation[];
}

/**
 * Annotations inside the series' window, one mark per minute: several facts in one minute (going
 * live, the first segment, the status change) would otherwise draw labels on top of each other.
 */
export function minuteMarks(annotations: readonly NumberedAnnotation[], window: { start: number; end: number } | null): MinuteMark[] {
  if (!window) return [];
  const marks = new Map<number, MinuteMark>();
  for (const annotation of annotations) {
    if (annotation.at < window.start || annotation.at >= window.end) continue;
    const minute = Math.floor(annotation.at / MINUTE) * MINUTE;
    let mark = marks.get(minute);
    if (!mark) marks.set(minute, (mark = { minute, annotations: [] }));
    mark.annotations.push(annotation);
  }
  return [...marks.values()].sort((a, b) => a.minute - b.minute);
}

/** "3" for one fact, "3–5" for a run, "3, 7" otherwise. */
export function markLabel(numbers: readonly number[]): string {
  if (numbers.length === 1) return String(numbers[0]);
  const consecutive = numbers.every((number, index) => index === 0 || number === numbers[index - 1]! + 1);
  return consecutive ? `${numbers[0]}–${numbers.at(-1)}` : numbers.join(', ');
}

/** The tooltip is HTML; segment titles and plugin labels are user text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function metricValue(row: ReviewMinuteRow, metric: TimelineMetric): number {
  return metric === 'gmvPaid' ? row.gmvPaid.amount : row[metric];
}

export interface TimelineInput {
  series: readonly ReviewMinuteRow[];
  metrics: readonly TimelineMetric[];
  annotations: readonly NumberedAnnotation[];
  names: Record<TimelineMetric, string>;
  formatTime: (ms: number) => string;
  formatMoney: (minor: number) => string;
  formatCount: (value: number) => string;
}

const METRIC_COLOURS: Record<TimelineMetric, string> = {
  online: '#d9254c',
  newViewers: '#7a4cc2',
  comments: '#0f8a8a',
  productClicks: '#c27a00',
  ordersPaid: '#137a3a',
  gmvPaid: '#9db7e0',
};

/**
 * The per-minute chart: counts as lines on the left axis, paid GMV as bars on the right, and a
 * numbered vertical mark for each minute with annotations. Times are written by `formatTime`
 * (the organization's zone), never by ECharts, which would use the browser's.
 */
export function timelineOption(input: TimelineInput): ChartOption {
  const window = seriesWindow(input.series);
  const marks = minuteMarks(input.annotations, window);
  const byMinute = new Map(marks.map((mark) => [mark.minute, mark]));
  const money = input.metrics.includes('gmvPaid');
  const lines = input.metrics.map((metric) => ({
    type: metric === 'gmvPaid' ? ('bar' as const) : ('line' as const),
    name: input.names[metric],
    yAxisIndex: metric === 'gmvPaid' ? 1 : 0,
    // A line through one minute is a single point: without its dot nothing would show.
    showSymbol: input.series.length === 1,
    barMaxWidth: 6,
    itemStyle: { color: METRIC_COLOURS[metric] },
    lineStyle: { width: 2 },
    data: input.series.map((row) => [new Date(row.minute).getTime(), metricValue(row, metric)]),
  }));
  // The marks ride on a series of their own, so they stay when the operator hides every metric.
  const markCarrier = {
    type: 'line' as const,
    name: '',
    data: [] as number[][],
    silent: false,
    markLine: {
      symbol: ['none', 'none'],
      animation: false,
      data: marks.map((mark) => ({
        xAxis: mark.minute,
        lineStyle: { color: CATEGORY_COLOURS[mark.annotations[0]!.category], type: 'dashed' as const, width: 1 },
        label: { formatter: markLabel(mark.annotations.map((annotation) => annotation.number)), position: 'end' as const, color: '#1b1f24', fontSize: 11 },
        emphasis: { label: { formatter: mark.annotations.map((annotation) => `${annotation.number}. ${annotation.label}`).join('\n') } },
      })),
    },
  };
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { show: false },
    tooltip: {
      trigger: 'axis',
      formatter: (raw: unknown) => {
        const params = (Array.isArray(raw) ? raw : [raw]) as { seriesName: string; value: [number, number]; marker: string; seriesIndex: number }[];
        const at = params[0]?.value[0];
        if (at === undefined) return '';
        const rows = params
          .filter((param) => param.seriesName)
          .map((param) => {
            const metric = input.metrics[param.seriesIndex];
            const value = metric === 'gmvPaid' ? input.formatMoney(param.value[1]) : input.formatCount(param.value[1]);
            return `${param.marker}${escapeHtml(param.seriesName)}: <b>${escapeHtml(value)}</b>`;
          });
        const notes = byMinute.get(at)?.annotations.map((annotation) => `${annotation.number}. ${escapeHtml(annotation.label)}`) ?? [];
        return [`<b>${escapeHtml(input.formatTime(at))}</b>`, ...rows, ...notes].join('<br/>');
      },
    },
    xAxis: {
      type: 'time',
      min: window?.start,
      max: window?.end,
      // The labels read HH:mm: finer ticks (a show of a minute or two) would repeat the same label.
      minInterval: MINUTE,
      axisLabel: { formatter: (value: number) => input.formatTime(value), hideOverlap: true },
    },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { formatter: (value: number) => input.formatCount(value) } },
      // minInterval of one major unit keeps a quiet minute from labelling the axis ¥0, ¥0, ¥0.
      { type: 'value', show: money, minInterval: 100, splitLine: { show: false }, axisLabel: { formatter: (value: number) => input.formatMoney(value) } },
    ],
    series: [...lines, markCarrier],
  };
}

/** The `events` URL parameter: the annotation kinds shown; absent means all, `none` means none. */
export function parseCategories(param: string | null | undefined): AnnotationCategory[] {
  if (param === null || param === undefined) return [...ANNOTATION_CATEGORIES];
  return ANNOTATION_CATEGORIES.filter((category) => param.split(',').includes(category));
}

export function formatCategories(categories: readonly AnnotationCategory[]): string | null {
  if (ANNOTATION_CATEGORIES.every((category) => categories.includes(category))) return null;
  return categories.length ? ANNOTATION_CATEGORIES.filter((category) => categories.includes(category)).join(',') : 'none';
}
