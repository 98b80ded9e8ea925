/** A chart point: epoch milliseconds and a value. */
export type Point = [time: number, value: number];

/** The control room's two live lines. `gmv` is cumulative paid GMV in minor units. */
export interface LiveSeries {
  online: Point[];
  gmv: Point[];
}

export interface MinutePoint {
  metric: string;
  /** Start of the minute (ISO). */
  minute: string;
  value: number;
}

export interface SeriesTick {
  /** When the numbers were true (the server's `updatedAt` when known). */
  at: number;
  onlineNow: number;
  /** Paid GMV so far, minor units. */
  gmvPaid: number;
}

export interface SeriesOptions {
  /** At most this many points per line; the oldest are dropped. @default 720 */
  cap?: number;
  /** Ticks within one bucket update one point instead of adding points. @default 5000 */
  bucketMs?: number;
}

/** Six hours of minutes, or an hour of 5 s buckets: enough for a show, small enough to redraw 4×/s. */
export const DEFAULT_SERIES_CAP = 720;
export const DEFAULT_BUCKET_MS = 5_000;

const MINUTE_MS = 60_000;

/**
 * The lines from the per-minute series of `liveMetrics.series(metrics: [ONLINE_MAX, GMV_PAID])`:
 * online as each minute's peak at its start, GMV summed up to the end of each minute (the last
 * minute's end is still to come, so it is clamped to `now`).
 */
export function seriesFromMinutes(points: readonly MinutePoint[], now: number, options: SeriesOptions = {}): LiveSeries {
  const cap = options.cap ?? DEFAULT_SERIES_CAP;
  const byTime = (metric: string) =>
    points
      .filter((point) => point.metric === metric)
      .map((point) => [Date.parse(point.minute), point.value] as Point)
      .filter(([time]) => Number.isFinite(time))
      .sort((a, b) => a[0] - b[0]);
  const online = byTime('ONLINE_MAX');
  let total = 0;
  const gmv = byTime('GMV_PAID').map(([minute, value]): Point => {
    total += value;
    return [Math.min(minute + MINUTE_MS, Math.max(minute, now)), total];
  });
  return { online: online.slice(-cap), gmv: gmv.slice(-cap) };
}

/**
 * When a metrics snapshot was true, for its point on the lines: the server's `updatedAt` (else
 * `now`), but never after the show's end. Numbers can change after it (an order paid later), and
 * a point days after the show would squeeze the whole show into the left edge of the chart.
 */
export function tickTime(updatedAt: string | null | undefined, now: number, actualEnd?: string | null): number {
  const at = Date.parse(updatedAt ?? '') || now;
  const end = Date.parse(actualEnd ?? '');
  return Number.isFinite(end) ? Math.min(at, end) : at;
}

/**
 * The lines after a metrics tick: ticks arrive up to 4 times a second, so they are bucketed (the
 * online line keeps the bucket's peak, like the per-minute series; GMV its latest total) and each
 * line keeps at most `cap` points. Callers pass only ticks newer by version, so one stamped before
 * the last point (clock skew, a clamped minute) still carries newer numbers: it updates the last
 * point. Returns new arrays so a chart bound to them sees the change.
 */
export function appendTick(series: LiveSeries, tick: SeriesTick, options: SeriesOptions = {}): LiveSeries {
  const cap = options.cap ?? DEFAULT_SERIES_CAP;
  const bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
  if (!Number.isFinite(tick.at)) return series;
  const bucket = Math.floor(tick.at / bucketMs) * bucketMs;
  return {
    online: upsert(series.online, bucket, tick.onlineNow, Math.max, cap),
    gmv: upsert(series.gmv, bucket, tick.gmvPaid, (_held, latest) => latest, cap),
  };
}

function upsert(points: readonly Point[], time: number, value: number, combine: (held: number, latest: number) => number, cap: number): Point[] {
  const last = points.at(-1);
  const next = last && time <= last[0] ? [...points.slice(0, -1), [last[0], combine(last[1], value)] as Point] : [...points, [time, value] as Point];
  return next.length > cap ? next.slice(next.length - cap) : next;
}

/**
 * The points moved so that reading their times as UTC gives the wall clock of `timeZone`: charts
 * are drawn with `useUTC` and label templates (no formatter functions, which the chart component
 * cannot copy), yet show the organization's time, not the browser's. One offset for the whole
 * line, taken at its last point (a show does not span a DST change in practice).
 */
export function inZone(points: readonly Point[], timeZone: string): Point[] {
  const last = points.at(-1);
  if (!last) return [];
  const offset = zoneOffsetMs(last[0], timeZone);
  return points.map(([time, value]) => [time + offset, value]);
}

function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(at / 1000) * 1000;
}
