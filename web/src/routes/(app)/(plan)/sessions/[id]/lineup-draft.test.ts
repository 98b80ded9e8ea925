import { describe, expect, it } from 'vitest';
import { changedTerms, discountOf, lineupDraftOf, readLineupDraft } from './lineup-draft.js';

const saved = { livePrice: { amount: 12900, currency: 'CNY' }, stockReserved: 200, deliveryPromise: '48小时内发货' };

describe('lineup terms', () => {
  it('shows saved terms as typed values', () => {
    expect(lineupDraftOf(saved)).toEqual({ price: '129', stock: '200', delivery: '48小时内发货' });
    expect(lineupDraftOf({ livePrice: null, stockReserved: 0, deliveryPromise: '' })).toEqual({ price: '', stock: '0', delivery: '' });
    expect(lineupDraftOf({ ...saved, livePrice: { amount: 1990, currency: 'CNY' } }).price).toBe('19.90');
  });

  it('confirming needs a price, whole units and a delivery promise', () => {
    expect(readLineupDraft({ price: '', stock: '2.5', delivery: ' ' }, 'CNY', { requireAll: true })).toEqual({ ok: false, problems: ['price', 'stock', 'delivery'] });
    expect(readLineupDraft({ price: '¥99.9', stock: '300', delivery: '现货 24h 发' }, 'CNY', { requireAll: true })).toEqual({
      ok: true,
      terms: { livePriceAmount: 9990, stockReserved: 300, deliveryPromise: '现货 24h 发' },
    });
    expect(readLineupDraft({ price: '9.999', stock: '1', delivery: 'x' }, 'CNY', { requireAll: true })).toEqual({ ok: false, problems: ['price'] });
  });

  it('a plain save may leave the price and promise empty and sends only what changed', () => {
    const read = readLineupDraft({ price: '', stock: '150', delivery: '' }, 'CNY', { requireAll: false });
    expect(read).toEqual({ ok: true, terms: { stockReserved: 150 } });
    expect(changedTerms(saved, { livePriceAmount: 12900, stockReserved: 150, deliveryPromise: '48小时内发货' })).toEqual({ stockReserved: 150 });
    expect(changedTerms(saved, { livePriceAmount: 12900, stockReserved: 200 })).toEqual({});
  });

  it('computes the discount of the live price', () => {
    expect(discountOf(8000, 10000)).toBeCloseTo(0.2);
    expect(discountOf(null, 10000)).toBeNull();
    expect(discountOf(100, 0)).toBeNull();
  });
});
