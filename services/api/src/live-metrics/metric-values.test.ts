import { describe, expect, it } from 'vitest';
import { emptyMetrics, metricValues, onlineNow } from './metric-values.js';

describe('metricValues', () => {
  const start = new Date('2030-01-07T20:00:00Z');
  const now = new Date('2030-01-07T20:10:00Z');
  const raw = {
    ...emptyMetrics('s', 'o'),
    pv: 400, uv: 200, interactingViewers: 50, commentingViewers: 30, likingViewers: 40, follows: 10,
    impressionViewers: 80, clickViewers: 20, buyers: 8, ordersPaid: 10, gmvPaid: 120_000,
    // One viewer watched 60 s and left; two are still in the room since 20:05 and 20:08.
    watchMsClosed: 60_000, openCount: 2,
    openJoinEpochMsSum: start.getTime() + 5 * 60_000 + start.getTime() + 8 * 60_000,
  };

  it('computes every derived metric from the dictionary formulas', () => {
    const values = metricValues(raw, { now, actualStart: start, actualEnd: null });
    expect(values.INTERACTION_RATE).toBeCloseTo(0.25);
    expect(values.COMMENT_RATE).toBeCloseTo(0.15);
    expect(values.FOLLOW_RATE).toBeCloseTo(0.05);
    expect(values.PRODUCT_CTR).toBeCloseTo(0.25);
    expect(values.CONVERSION_RATE).toBeCloseTo(0.04);
    expect(values.GPM).toBe(300_000);
    expect(values.UV_VALUE).toBe(600);
    expect(values.AOV).toBe(15_000);
    // 60 s closed + 300 s + 120 s open = 480 s over 200 viewers; 480 viewer-seconds over 600 live seconds.
    expect(values.WATCH_SECONDS).toBe(480);
    expect(values.AVG_WATCH_SECONDS).toBeCloseTo(2.4);
    expect(values.ACV).toBeCloseTo(0.8);
  });

  it('stops open watch time at the end of the session', () => {
    const values = metricValues(raw, { now: new Date('2030-01-08T00:00:00Z'), actualStart: start, actualEnd: now });
    expect(values.WATCH_SECONDS).toBe(480);
    expect(values.LIVE_SECONDS).toBe(600);
  });

  it('gives null for a zero denominator', () => {
    const values = metricValues(emptyMetrics('s', 'o'), { now, actualStart: null, actualEnd: null });
    expect(values.CONVERSION_RATE).toBeNull();
    expect(values.ACV).toBeNull();
    expect(values.PV).toBe(0);
  });

  it('prefers a platform sample from the last minute over tracked presence', () => {
    const sampled = { ...raw, online: 2, onlineSample: 350, onlineSampleAt: new Date(now.getTime() - 30_000) };
    expect(onlineNow(sampled, now)).toBe(350);
    expect(onlineNow(sampled, new Date(now.getTime() + 60_000))).toBe(2);
  });
});
