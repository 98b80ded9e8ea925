import { describe, expect, it } from 'vitest';
import { appendTick, inZone, seriesFromMinutes, tickTime, type LiveSeries } from './series.js';

const T0 = Date.parse('2026-12-12T12:00:00Z');
const minute = (n: number) => new Date(T0 + n * 60_000).toISOString();

describe('live series', () => {
  it('builds the online peak per minute and cumulative GMV from the per-minute series', () => {
    const series = seriesFromMinutes(
      [
        { metric: 'GMV_PAID', minute: minute(1), value: 500 },
        { metric: 'ONLINE_MAX', minute: minute(0), value: 120 },
        { metric: 'GMV_PAID', minute: minute(0), value: 1000 },
        { metric: 'ONLINE_MAX', minute: minute(1), value: 180 },
      ],
      T0 + 90_000,
    );
    expect(series.online).toEqual([
      [T0, 120],
      [T0 + 60_000, 180],
    ]);
    // The running minute's total is shown at "now", not at its end (still to come).
    expect(series.gmv).toEqual([
      [T0 + 60_000, 1000],
      [T0 + 90_000, 1500],
    ]);
  });

  it('appends a point per bucket and updates the point of the bucket a tick falls in', () => {
    let series: LiveSeries = { online: [], gmv: [] };
    series = appendTick(series, { at: T0 + 1_000, onlineNow: 100, gmvPaid: 0 }, { bucketMs: 5_000 });
    series = appendTick(series, { at: T0 + 3_000, onlineNow: 90, gmvPaid: 200 }, { bucketMs: 5_000 });
    series = appendTick(series, { at: T0 + 6_000, onlineNow: 80, gmvPaid: 300 }, { bucketMs: 5_000 });
    // The online line keeps the bucket's peak, GMV its latest total.
    expect(series.online).toEqual([
      [T0, 100],
      [T0 + 5_000, 80],
    ]);
    expect(series.gmv).toEqual([
      [T0, 200],
      [T0 + 5_000, 300],
    ]);
  });

  it('keeps at most `cap` points, dropping the oldest', () => {
    let series: LiveSeries = { online: [], gmv: [] };
    for (let i = 0; i < 10; i++) series = appendTick(series, { at: T0 + i * 5_000, onlineNow: i, gmvPaid: i * 100 }, { cap: 4, bucketMs: 5_000 });
    expect(series.online.map(([, value]) => value)).toEqual([6, 7, 8, 9]);
    expect(series.gmv).toHaveLength(4);
    expect(series.gmv[0]).toEqual([T0 + 30_000, 600]);
  });

  it('caps the series read from minutes too', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ metric: 'ONLINE_MAX', minute: minute(i), value: i }));
    expect(seriesFromMinutes(points, T0 + 3_600_000, { cap: 3 }).online.map(([, value]) => value)).toEqual([7, 8, 9]);
  });

  it('a newer tick stamped before the last point (clock skew) updates that point instead of going back in time', () => {
    const start: LiveSeries = { online: [[T0 + 10_000, 50]], gmv: [[T0 + 10_000, 900]] };
    const next = appendTick(start, { at: T0 + 2_000, onlineNow: 70, gmvPaid: 950 });
    expect(next.online).toEqual([[T0 + 10_000, 70]]);
    expect(next.gmv).toEqual([[T0 + 10_000, 950]]);
  });

  it('returns new arrays so a chart bound to them redraws', () => {
    const start: LiveSeries = { online: [[T0, 1]], gmv: [[T0, 1]] };
    const next = appendTick(start, { at: T0 + 60_000, onlineNow: 2, gmvPaid: 2 });
    expect(next.online).not.toBe(start.online);
    expect(start.online).toHaveLength(1);
  });
});

describe('chart times in the organization zone', () => {
  it('shifts points so UTC labels read as wall-clock time of the zone', () => {
    const shifted = inZone([[T0, 1], [T0 + 60_000, 2]], 'Asia/Shanghai');
    // 12:00 UTC is 20:00 in Shanghai.
    expect(new Date(shifted[0]![0]).toISOString()).toBe('2026-12-12T20:00:00.000Z');
    expect(shifted[1]).toEqual([T0 + 60_000 + 8 * 3_600_000, 2]);
    expect(inZone([[T0, 1]], 'America/New_York')[0]![0]).toBe(T0 - 5 * 3_600_000);
    expect(inZone([], 'UTC')).toEqual([]);
  });
  it('places a snapshot at its update time, never after the show ended', () => {
    const now = T0 + 3 * 24 * 3600_000;
    expect(tickTime(minute(5), now)).toBe(T0 + 5 * 60_000);
    expect(tickTime(null, now)).toBe(now);
    expect(tickTime('not a time', now)).toBe(now);
    // Updated two days after a show that ended at minute 180 (a late payment): drawn at the end.
    expect(tickTime(new Date(T0 + 2 * 24 * 3600_000).toISOString(), now, minute(180))).toBe(T0 + 180 * 60_000);
    expect(tickTime(minute(90), now, minute(180))).toBe(T0 + 90 * 60_000);
    expect(tickTime(null, now, minute(180))).toBe(T0 + 180 * 60_000);
  });
});
