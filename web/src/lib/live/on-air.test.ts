import { describe, expect, it } from 'vitest';
import { onAirCard, type OnAirProduct } from './on-air.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const product = (id: string, overrides: Partial<OnAirProduct> = {}): OnAirProduct => ({
  id,
  title: `Product ${id}`,
  imageUrls: [],
  price: cny(19_900),
  listPrice: cny(29_900),
  sellingPoints: ['补水保湿', '敏感肌可用'],
  ...overrides,
});
const session = (products: OnAirProduct[], lineup: { product: { id: string }; livePrice: { amount: number; currency: string } | null }[] = []) => ({
  status: 'LIVE',
  currentSegment: { id: 'seg', products },
  lineup,
});

describe('on-air product card', () => {
  it('shows the live price from the lineup against the list price, with the saving', () => {
    const card = onAirCard(session([product('p1')], [{ product: { id: 'p1' }, livePrice: cny(15_900) }]));
    expect(card?.price).toEqual(cny(15_900));
    expect(card?.wasPrice).toEqual(cny(29_900));
    expect(card?.saving).toEqual(cny(14_000));
    expect(card?.sellingPoint).toBe('补水保湿');
  });

  it('falls back to the everyday price and hides a list price that is not higher', () => {
    const card = onAirCard(session([product('p1', { listPrice: cny(19_900) })]));
    expect(card?.price).toEqual(cny(19_900));
    expect(card?.wasPrice).toBeNull();
    expect(card?.saving).toBeNull();
  });

  it('rotates through the segment products and then their selling points', () => {
    const live = session([product('p1'), product('p2', { sellingPoints: ['限量'] })]);
    expect(onAirCard(live, 0)?.product.id).toBe('p1');
    expect(onAirCard(live, 1)?.product.id).toBe('p2');
    expect(onAirCard(live, 2)).toMatchObject({ index: 0, count: 2, sellingPoint: '敏感肌可用' });
    expect(onAirCard(live, 3)?.sellingPoint).toBe('限量');
  });

  it('shows nothing off air or when the segment pitches no product', () => {
    expect(onAirCard({ ...session([product('p1')]), status: 'ENDED' })).toBeNull();
    expect(onAirCard(session([]))).toBeNull();
    expect(onAirCard({ status: 'LIVE', currentSegment: null, lineup: [] })).toBeNull();
  });
});
