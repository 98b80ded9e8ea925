import { describe, expect, it } from 'vitest';
import { checkProducts, fieldPath, productReferences, validateEvents } from './event-validation.js';

const now = new Date('2026-11-26T12:00:00Z');
const at = '2026-11-26T11:59:00Z';

describe('validateEvents', () => {
  it('accepts each kind with the fields it needs and fills the defaults', () => {
    const { valid, rejected } = validateEvents(
      [
        { id: 'a', kind: 'VIEWER_JOINED', occurredAt: at, viewer: 'u1', region: '浙江 👍' },
        { id: 'b', kind: 'VIEWER_COUNT', occurredAt: at, count: 0 },
        { id: 'c', kind: 'LIKE', occurredAt: at, viewer: 'u1' },
        { id: 'd', kind: 'ORDER_REFUNDED', occurredAt: at, viewer: 'u1', orderId: 'o1' },
        { id: 'e', kind: 'ORDER_CREATED', occurredAt: '2026-11-26T20:04:00+08:00', viewer: 'u1', orderId: 'o1', amount: 0, items: [{ product: 'SKU', quantity: 2, unitPrice: 50 }] },
      ],
      now,
    );
    expect(rejected).toEqual([]);
    expect(valid.map((event) => [event.id, event.count, event.amount, event.viewer])).toEqual([
      ['a', 1, null, 'u1'],
      ['b', 0, null, null],
      ['c', 1, null, 'u1'],
      ['d', 1, null, 'u1'],
      ['e', 1, 0, 'u1'],
    ]);
    expect(valid[4]!.occurredAt.toISOString()).toBe('2026-11-26T12:04:00.000Z');
  });

  it('rejects each bad event alone, naming its first bad field', () => {
    const { valid, rejected } = validateEvents(
      [
        'not an object',
        { kind: 'COMMENT', occurredAt: at, viewer: 'u', text: 'x' },
        { id: 'x'.repeat(201), kind: 'SHARE', occurredAt: at, viewer: 'u' },
        { id: 'k', kind: 'CHEER', occurredAt: at, viewer: 'u' },
        { id: 't', kind: 'COMMENT', occurredAt: at, viewer: 'u', text: 'x'.repeat(501) },
        { id: 'l', kind: 'LIKE', occurredAt: at, viewer: 'u', count: 10_001 },
        { id: 'n', kind: 'VIEWER_COUNT', occurredAt: at, count: -1 },
        { id: 'p', kind: 'PRODUCT_CLICK', occurredAt: at, viewer: 'u' },
        { id: 'o', kind: 'ORDER_CREATED', occurredAt: at, viewer: 'u', orderId: 'o', amount: 1.5 },
        { id: 'r', kind: 'ORDER_REFUNDED', occurredAt: at, viewer: 'u' },
        { id: 'z', kind: 'SHARE', occurredAt: '2026-11-26 12:00', viewer: 'u' },
        { id: 'nul', kind: 'COMMENT', occurredAt: at, viewer: 'u', text: 'a\u0000b' },
        { id: 'surrogate', kind: 'COMMENT', occurredAt: at, viewer: 'u\ud800' , text: 'x' },
        { id: 'huge', kind: 'VIEWER_COUNT', occurredAt: at, count: 2 ** 31 },
        { id: 'year-zero', kind: 'SHARE', occurredAt: '0000-01-01T00:00:00Z', viewer: 'u' },
        { id: 'ok', kind: 'SHARE', occurredAt: at, viewer: 'u' },
      ],
      now,
    );
    expect(valid.map((event) => event.id)).toEqual(['ok']);
    expect(rejected.map((entry) => [entry.id, entry.field])).toEqual([
      [null, 'events[0]'],
      [null, 'events[1].id'],
      [null, 'events[2].id'],
      ['k', 'events[3].kind'],
      ['t', 'events[4].text'],
      ['l', 'events[5].count'],
      ['n', 'events[6].count'],
      ['p', 'events[7].product'],
      ['o', 'events[8].amount'],
      ['r', 'events[9].orderId'],
      ['z', 'events[10].occurredAt'],
      ['nul', 'events[11].text'],
      ['surrogate', 'events[12].viewer'],
      ['huge', 'events[13].count'],
      ['year-zero', 'events[14].occurredAt'],
    ]);
  });

  it('takes events up to 5 minutes ahead of the clock and refuses later ones', () => {
    const event = (id: string, ms: number) => ({ id, kind: 'SHARE', occurredAt: new Date(now.getTime() + ms).toISOString(), viewer: 'u' });
    const { valid, rejected } = validateEvents([event('edge', 5 * 60_000), event('late', 5 * 60_000 + 1)], now);
    expect(valid.map((entry) => entry.id)).toEqual(['edge']);
    expect(rejected).toEqual([{ index: 1, id: 'late', field: 'events[1].occurredAt', reason: 'events[1].occurredAt is more than 5 minutes in the future' }]);
  });
});

describe('product references', () => {
  const { valid } = validateEvents(
    [
      { id: 'click', kind: 'PRODUCT_CLICK', occurredAt: at, viewer: 'u', product: 'SKU-1' },
      { id: 'order', kind: 'ORDER_CREATED', occurredAt: at, viewer: 'u', orderId: 'o', amount: 1, items: [{ product: 'SKU-1', quantity: 1, unitPrice: 1 }, { product: 'SKU-2', quantity: 1, unitPrice: 1 }] },
    ],
    now,
  );

  it('collects each reference once', () => {
    expect(productReferences(valid)).toEqual(['SKU-1', 'SKU-2']);
  });

  it('rejects an event with an unknown product, naming the order line', () => {
    const { valid: kept, rejected } = checkProducts(valid, new Map([['SKU-1', 'p1']]));
    expect(kept.map((event) => event.id)).toEqual(['click']);
    expect(rejected).toEqual([{ index: 1, id: 'order', field: 'events[1].items[1].product', reason: 'events[1].items[1].product "SKU-2" is not a product of your organization' }]);
  });

  it('writes field paths with indexes in brackets', () => {
    expect(fieldPath(3, ['items', 0, 'product'])).toBe('events[3].items[0].product');
  });
});
