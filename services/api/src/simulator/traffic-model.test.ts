import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../ingest/contract.js';
import { giveawayKeyword, TrafficModel, type ShowState } from './traffic-model.js';

const START = Date.UTC(2026, 11, 12, 12, 0, 0);

const pitch = (segmentId: string, products: string[], kind = 'PRODUCT_PITCH'): ShowState => ({
  segmentId,
  segmentKind: kind,
  products: products.map((id, index) => ({ id, priceAmount: 5900 + index * 1000 })),
  giveawayKeyword: null,
});

/** Runs a show of `durationSeconds`; `showAt` says what is on air at each second. */
function run(seed: number, options: { peakViewers?: number; durationSeconds?: number; showAt?: (seconds: number) => ShowState } = {}) {
  const durationSeconds = options.durationSeconds ?? 300;
  const model = new TrafficModel({ seed, runId: 'test', peakViewers: options.peakViewers ?? 200, durationSeconds });
  const batches: { seconds: number; show: ShowState; events: WireEvent[]; online: number }[] = [];
  while (!model.finished) {
    const seconds = model.elapsedMs / 1000;
    if (options.showAt) model.setShow(options.showAt(seconds));
    const events = model.step(new Date(START + model.elapsedMs));
    batches.push({ seconds, show: model.show, events, online: model.online });
  }
  return { model, batches, events: batches.flatMap((batch) => batch.events) };
}

const segments = (seconds: number): ShowState =>
  seconds < 60 ? pitch('s1', ['lipstick', 'gloss']) : seconds < 120 ? pitch('s2', ['serum'], 'FLASH_SALE') : pitch('s3', ['cream', 'mask', 'giftbox']);

describe('audience traffic model', () => {
  it('produces the same events for the same seed and different ones for another seed', () => {
    const first = run(42, { showAt: segments }).events;
    const second = run(42, { showAt: segments }).events;
    const other = run(43, { showAt: segments }).events;
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('gives every event a unique sim-<run>-<n> id', () => {
    const { events } = run(7, { showAt: segments });
    expect(events.length).toBeGreaterThan(1000);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    for (const event of events) expect(event.id).toMatch(/^sim-test-\d+$/);
  });

  it('names only the current segment’s products in impressions, clicks and carts', () => {
    const { batches } = run(11, { showAt: segments });
    const productKinds = new Set(['PRODUCT_IMPRESSION', 'PRODUCT_CLICK', 'ADD_TO_CART']);
    const seenPerSegment = new Map<string, Set<string>>();
    for (const batch of batches) {
      const current = new Set(batch.show.products.map((product) => product.id));
      for (const event of batch.events.filter((candidate) => productKinds.has(candidate.kind))) {
        expect(current.has(event.product!)).toBe(true);
        const seen = seenPerSegment.get(batch.show.segmentId!) ?? new Set<string>();
        seen.add(event.product!);
        seenPerSegment.set(batch.show.segmentId!, seen);
      }
    }
    expect([...seenPerSegment.keys()].sort()).toEqual(['s1', 's2', 's3']);
    expect([...seenPerSegment.get('s3')!].sort()).toEqual(['cream', 'giftbox', 'mask']);
  });

  it('sends no product events while the segment on air has no products', () => {
    const { events } = run(3, { durationSeconds: 120, showAt: () => ({ segmentId: 'warm', segmentKind: 'WARM_UP', products: [], giveawayKeyword: null }) });
    expect(events.some((event) => event.kind === 'PRODUCT_IMPRESSION' || event.kind === 'PRODUCT_CLICK' || event.kind === 'ORDER_CREATED')).toBe(false);
    expect(events.some((event) => event.kind === 'COMMENT')).toBe(true);
  });

  it('pays or refunds only orders created earlier, each at most once, with the order’s price', () => {
    const { events } = run(5, { durationSeconds: 600, showAt: segments });
    const created = new Map<string, number>();
    const paid = new Set<string>();
    for (const event of events) {
      if (event.kind === 'ORDER_CREATED') {
        expect(event.amount).toBe(event.items!.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0));
        created.set(event.orderId!, event.amount!);
      } else if (event.kind === 'ORDER_PAID') {
        expect(created.has(event.orderId!)).toBe(true);
        expect(paid.has(event.orderId!)).toBe(false);
        paid.add(event.orderId!);
      } else if (event.kind === 'ORDER_REFUNDED') {
        expect(paid.has(event.orderId!)).toBe(true);
        expect(event.amount).toBe(created.get(event.orderId!));
      }
    }
    expect(created.size).toBeGreaterThan(10);
    // Most orders are paid, some are abandoned.
    expect(paid.size).toBeGreaterThan(created.size * 0.6);
    expect(paid.size).toBeLessThan(created.size);
  });

  it('ramps up, stays near the requested peak and decays at the end', () => {
    const { batches, model } = run(9, { peakViewers: 500, durationSeconds: 1200, showAt: segments });
    const onlineAt = (seconds: number) => batches.find((batch) => batch.seconds >= seconds)!.online;
    expect(onlineAt(10)).toBeLessThan(onlineAt(300) / 2);
    expect(model.peakOnline).toBeLessThanOrEqual(500);
    expect(onlineAt(600)).toBeGreaterThan(300);
    expect(onlineAt(1190)).toBeLessThan(onlineAt(600) / 2);
  });

  it('lets viewers leave and come back, and samples the platform count every five seconds', () => {
    const { events } = run(13, { durationSeconds: 300, showAt: segments });
    const joins = events.filter((event) => event.kind === 'VIEWER_JOINED');
    expect(new Set(joins.map((event) => event.viewer)).size).toBeLessThan(joins.length);
    expect(events.filter((event) => event.kind === 'VIEWER_LEFT').length).toBeGreaterThan(0);
    expect(events.filter((event) => event.kind === 'VIEWER_COUNT')).toHaveLength(60);
  });

  it('has likes as the most frequent event and mentions the giveaway keyword during a giveaway', () => {
    const { events } = run(17, {
      durationSeconds: 120,
      showAt: () => ({ segmentId: 'g', segmentKind: 'GIVEAWAY', products: [], giveawayKeyword: '花漾双十二' }),
    });
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.kind, (counts.get(event.kind) ?? 0) + 1);
    const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    expect(top![0]).toBe('LIKE');
    const comments = events.filter((event) => event.kind === 'COMMENT');
    expect(comments.filter((event) => event.text === '花漾双十二').length).toBeGreaterThan(comments.length / 2);
  });

  it('finds the giveaway keyword in talking points', () => {
    expect(giveawayKeyword(['关注+粉丝团可参与', '口令：花漾双十二'])).toBe('花漾双十二');
    expect(giveawayKeyword(['口令: 抽我'])).toBe('抽我');
    expect(giveawayKeyword(['没有口令'])).toBeNull();
  });
});
