import { describe, expect, it } from 'vitest';
import { productTotals, productValue } from './product-rows.js';
import type { ReviewProductRow, ReviewSegmentRow } from './review-query.js';
import { isOnAir, overrunSeconds, segmentTotals, segmentValue } from './segment-rows.js';
import { sortRows } from './table-sort.js';

const money = (amount: number) => ({ amount, currency: 'CNY' });

function segment(position: number, planned: number, actual: number | null, gmv: number): ReviewSegmentRow {
  return {
    segment: { id: `seg-${position}` },
    position,
    kind: 'PRODUCT_PITCH',
    title: `Segment ${position}`,
    plannedStart: '2026-11-23T12:00:00Z',
    plannedDurationSeconds: planned,
    actualStart: actual === null ? null : '2026-11-23T12:02:00Z',
    actualEnd: actual === null ? null : '2026-11-23T12:12:00Z',
    actualDurationSeconds: actual,
    pv: 10 * (position + 1),
    comments: 1,
    clicks: 2,
    paidOrders: position,
    gmvPaid: money(gmv),
    gmvPaidPerMinute: actual ? money(Math.round(gmv / (actual / 60))) : null,
  };
}

function product(lineupPosition: number | null, impressions: number, clicks: number, gmv: number): ReviewProductRow {
  return {
    product: { id: `p-${lineupPosition ?? 'x'}` },
    title: `Product ${lineupPosition}`,
    sku: 'SKU',
    lineupPosition,
    impressions,
    clicks,
    ctr: impressions ? clicks / impressions : null,
    addToCarts: 1,
    orders: 1,
    units: 2,
    gmvPaid: money(gmv),
    refunds: money(10),
    gmvShare: null,
  };
}

describe('run-of-show rows', () => {
  it('an overrun is on-air time beyond the plan; a segment that never aired has none', () => {
    const ended = { actualStart: '2026-11-23T12:02:00Z', actualEnd: '2026-11-23T12:12:00Z' };
    expect(overrunSeconds({ ...ended, plannedDurationSeconds: 600, actualDurationSeconds: 720 })).toBe(120);
    expect(overrunSeconds({ ...ended, plannedDurationSeconds: 600, actualDurationSeconds: 540 })).toBe(-60);
    expect(overrunSeconds({ actualStart: null, actualEnd: null, plannedDurationSeconds: 600, actualDurationSeconds: null })).toBeNull();
  });

  it('a segment still on air is not short yet, but can already be over', () => {
    const onAir = { actualStart: '2026-11-23T12:02:00Z', actualEnd: null };
    expect(isOnAir(onAir)).toBe(true);
    expect(overrunSeconds({ ...onAir, plannedDurationSeconds: 600, actualDurationSeconds: 100 })).toBeNull();
    expect(overrunSeconds({ ...onAir, plannedDurationSeconds: 600, actualDurationSeconds: 700 })).toBe(100);
  });

  it('sorts by GMV per minute with never-aired segments last', () => {
    const rows = [segment(0, 600, 600, 6000), segment(1, 600, null, 0), segment(2, 600, 300, 6000)];
    expect(sortRows(rows, { key: 'gmvPerMinute', direction: 'desc' }, segmentValue).map((row) => row.position)).toEqual([2, 0, 1]);
    expect(sortRows(rows, { key: 'overrun', direction: 'asc' }, segmentValue).map((row) => row.position)).toEqual([2, 0, 1]);
  });

  it('sums the footer, with on-air time and overrun only over segments that aired', () => {
    expect(segmentTotals([segment(0, 600, 660, 100), segment(1, 300, null, 50), segment(2, 300, 240, 0)])).toEqual({
      plannedDurationSeconds: 1200,
      actualDurationSeconds: 900,
      overrunSeconds: 0,
      pv: 60,
      comments: 3,
      clicks: 6,
      paidOrders: 3,
      gmvPaid: 150,
    });
    expect(segmentTotals([segment(0, 600, null, 0)])).toMatchObject({ actualDurationSeconds: null, overrunSeconds: null });
  });
});

describe('product rows', () => {
  it('sorts products off the lineup after it in lineup order', () => {
    const rows = [product(null, 0, 0, 500), product(1, 10, 1, 100), product(0, 10, 5, 200)];
    expect(sortRows(rows, { key: 'lineup', direction: 'asc' }, productValue).map((row) => row.lineupPosition)).toEqual([0, 1, null]);
    expect(sortRows(rows, { key: 'gmvPaid', direction: 'desc' }, productValue).map((row) => row.lineupPosition)).toEqual([null, 0, 1]);
    expect(sortRows(rows, { key: 'ctr', direction: 'desc' }, productValue).map((row) => row.lineupPosition)).toEqual([0, 1, null]);
  });

  it('footer CTR is total clicks over total impressions, not an average of rates', () => {
    const totals = productTotals([product(0, 100, 50, 1), product(1, 900, 50, 2)]);
    expect(totals.ctr).toBeCloseTo(0.1);
    expect(totals).toMatchObject({ impressions: 1000, clicks: 100, units: 4, gmvPaid: 3, refunds: 20 });
    expect(productTotals([]).ctr).toBeNull();
  });
});
