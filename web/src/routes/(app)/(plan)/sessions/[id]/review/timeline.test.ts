import { afterAll, describe, expect, it } from 'vitest';
import { locale } from '$lib/i18n/locale.svelte.js';
import { annotationText } from './review-labels.js';
import type { ReviewMinuteRow } from './review-query.js';
import {
  annotationCategory,
  escapeHtml,
  formatCategories,
  markLabel,
  minuteMarks,
  numberAnnotations,
  oneLinePerStatusChange,
  parseCategories,
  seriesWindow,
  timelineOption,
} from './timeline.js';

const minute = (iso: string, online: number, gmv: number): ReviewMinuteRow => ({
  minute: iso,
  online,
  newViewers: 1,
  comments: 2,
  productClicks: 3,
  ordersPaid: 0,
  gmvPaid: { amount: gmv },
});

const series = [minute('2026-11-23T12:02:00.000Z', 8, 0), minute('2026-11-23T12:03:00.000Z', 17, 1990), minute('2026-11-23T12:04:00.000Z', 25, 0)];

const annotations = numberAnnotations(
  [
    { at: '2026-11-22T09:00:00.000Z', name: 'session.created', labelEn: 'session.created', labelZh: 'session.created', payload: {} },
    { at: '2026-11-23T12:02:00.100Z', name: 'session.started', labelEn: 'Went live', labelZh: '开播', payload: {} },
    { at: '2026-11-23T12:02:30.000Z', name: 'segment.changed', labelEn: 'Segment “Opening” on air', labelZh: '切换到环节「开场」', payload: {} },
    { at: '2026-11-23T12:04:10.000Z', name: 'lottery.drawn', labelEn: 'lottery.drawn', labelZh: 'lottery.drawn', payload: {} },
    { at: '2026-11-23T12:05:00.000Z', name: 'session.ended', labelEn: 'Went off air', labelZh: '下播', payload: {} },
  ],
  (annotation) => annotation.labelEn,
);

describe('timeline', () => {
  it('sorts events into segment, status, alert and plugin kinds', () => {
    expect(annotationCategory('segment.changed')).toBe('segment');
    expect(annotationCategory('session.statusChanged')).toBe('status');
    expect(annotationCategory('alert.fired')).toBe('alert');
    expect(annotationCategory('lottery.drawn')).toBe('plugin');
    expect(annotations.map((annotation) => annotation.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it('the window runs from the first minute to the end of the last', () => {
    expect(seriesWindow(series)).toEqual({ start: Date.parse('2026-11-23T12:02:00Z'), end: Date.parse('2026-11-23T12:05:00Z') });
    expect(seriesWindow([])).toBeNull();
  });

  it('marks each minute with events once, leaving out events outside the window', () => {
    const marks = minuteMarks(annotations, seriesWindow(series));
    expect(marks.map((mark) => [new Date(mark.minute).toISOString(), mark.annotations.map((annotation) => annotation.number)])).toEqual([
      ['2026-11-23T12:02:00.000Z', [2, 3]],
      ['2026-11-23T12:04:00.000Z', [4]],
    ]);
    expect(minuteMarks(annotations, null)).toEqual([]);
  });

  it('labels a mark with its numbers', () => {
    expect(markLabel([4])).toBe('4');
    expect(markLabel([2, 3, 4])).toBe('2–4');
    expect(markLabel([2, 7])).toBe('2, 7');
  });

  it('builds lines for counts, bars for GMV on the second axis, and one mark line per minute', () => {
    const option = timelineOption({
      series,
      metrics: ['online', 'gmvPaid'],
      annotations,
      names: { online: 'Online', newViewers: 'New', comments: 'Comments', productClicks: 'Clicks', ordersPaid: 'Orders', gmvPaid: 'GMV' },
      formatTime: (ms) => new Date(ms).toISOString().slice(11, 16),
      formatMoney: (minor) => `¥${minor / 100}`,
      formatCount: String,
    });
    const drawn = option.series as { type: string; yAxisIndex?: number; data: number[][]; markLine?: { data: { xAxis: number; label: { formatter: string } }[] } }[];
    expect(drawn.map((entry) => [entry.type, entry.yAxisIndex])).toEqual([
      ['line', 0],
      ['bar', 1],
      ['line', undefined],
    ]);
    expect(drawn[0]!.data).toEqual(series.map((row) => [Date.parse(row.minute), row.online]));
    expect(drawn[1]!.data[1]).toEqual([Date.parse('2026-11-23T12:03:00Z'), 1990]);
    expect(drawn[2]!.markLine!.data.map((line) => line.label.formatter)).toEqual(['2–3', '4']);
    const tooltip = (option.tooltip as { formatter: (params: unknown) => string }).formatter([
      { seriesName: 'Online', seriesIndex: 0, marker: '', value: [Date.parse('2026-11-23T12:02:00Z'), 8] },
      { seriesName: 'GMV', seriesIndex: 1, marker: '', value: [Date.parse('2026-11-23T12:02:00Z'), 1990] },
    ]);
    expect(tooltip).toContain('12:02');
    expect(tooltip).toContain('¥19.9');
    expect(tooltip).toContain('3. Segment “Opening” on air');
  });

  it('ticks the time axis at most once a minute, and dots a line of one minute so it shows', () => {
    const input = {
      metrics: ['online', 'comments'] as const,
      annotations: [],
      names: { online: 'Online', newViewers: '', comments: 'Comments', productClicks: '', ordersPaid: '', gmvPaid: '' },
      formatTime: String,
      formatMoney: String,
      formatCount: String,
    };
    const short = timelineOption({ ...input, metrics: [...input.metrics], series: series.slice(0, 1) });
    expect((short.xAxis as { minInterval?: number }).minInterval).toBe(60_000);
    expect((short.series as { showSymbol?: boolean }[]).slice(0, 2).map((line) => line.showSymbol)).toEqual([true, true]);
    const long = timelineOption({ ...input, metrics: [...input.metrics], series });
    expect((long.series as { showSymbol?: boolean }[]).slice(0, 2).map((line) => line.showSymbol)).toEqual([false, false]);
  });

  it('hides the money axis when GMV is not drawn', () => {
    const option = timelineOption({
      series,
      metrics: ['comments'],
      annotations: [],
      names: { online: '', newViewers: '', comments: 'Comments', productClicks: '', ordersPaid: '', gmvPaid: '' },
      formatTime: String,
      formatMoney: String,
      formatCount: String,
    });
    expect((option.yAxis as { show?: boolean }[])[1]!.show).toBe(false);
  });

  it('escapes user text for the HTML tooltip', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;');
  });

  it('keeps the event kinds in the URL only when some are hidden', () => {
    expect(parseCategories(null)).toEqual(['segment', 'status', 'alert', 'plugin']);
    expect(parseCategories('alert,segment,bogus')).toEqual(['segment', 'alert']);
    expect(parseCategories('none')).toEqual([]);
    expect(formatCategories(['segment', 'status', 'alert', 'plugin'])).toBeNull();
    expect(formatCategories(['alert', 'segment'])).toBe('segment,alert');
    expect(formatCategories([])).toBe('none');
  });
});

describe('status changes on the timeline', () => {
  const row = (at: string, name: string, payload: Record<string, unknown> = {}) => ({ at, name, labelEn: name, labelZh: name, payload });
  const changed = (at: string, from: string, to: string) => row(at, 'session.statusChanged', { from, to });

  it('keeps one line per change: the named event, not the generic status change beside it', () => {
    const lines = oneLinePerStatusChange([
      row('2026-11-20T08:00:00.000Z', 'session.created'),
      row('2026-11-20T08:05:00.000Z', 'session.scheduled'),
      changed('2026-11-20T08:05:00.020Z', 'DRAFT', 'SCHEDULED'),
      row('2026-11-23T12:02:00.000Z', 'session.started'),
      changed('2026-11-23T12:02:00.010Z', 'SCHEDULED', 'LIVE'),
      row('2026-11-23T13:00:00.000Z', 'session.ended'),
      changed('2026-11-23T13:00:00.010Z', 'LIVE', 'ENDED'),
      changed('2026-11-24T09:00:00.000Z', 'ENDED', 'REVIEWED'),
    ]);
    expect(lines.map((line) => line.name)).toEqual(['session.created', 'session.scheduled', 'session.started', 'session.ended', 'session.statusChanged']);
    expect(lines.at(-1)?.payload).toEqual({ from: 'ENDED', to: 'REVIEWED' });
  });

  it('keeps a status change whose named event is of another change or far away', () => {
    const lines = oneLinePerStatusChange([
      row('2026-11-20T08:05:00.000Z', 'session.scheduled'),
      changed('2026-11-20T08:05:00.020Z', 'DRAFT', 'SCHEDULED'),
      // Scheduled again days later, with only one named event for the two changes.
      changed('2026-11-22T10:00:00.000Z', 'DRAFT', 'SCHEDULED'),
      changed('2026-11-23T12:02:00.000Z', 'SCHEDULED', 'CANCELLED'),
    ]);
    expect(lines.map((line) => `${line.name} ${(line.payload as { to?: string }).to ?? ''}`.trim())).toEqual([
      'session.scheduled',
      'session.statusChanged SCHEDULED',
      'session.statusChanged CANCELLED',
    ]);
  });

  const initial = locale.current;
  afterAll(() => locale.set(initial));
  it('names the statuses of a change in the reader’s language', () => {
    const annotation = { ...changed('2026-11-24T09:00:00.000Z', 'ENDED', 'REVIEWED'), labelEn: 'Status: ENDED → REVIEWED', labelZh: '状态：已结束 → 已复盘' };
    locale.set('en');
    expect(annotationText(annotation)).toBe('Status: Ended → Reviewed');
    locale.set('zh-CN');
    expect(annotationText(annotation)).toBe('状态：已结束 → 已复盘');
  });
});
