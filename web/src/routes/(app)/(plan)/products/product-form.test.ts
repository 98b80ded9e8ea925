import { describe, expect, it } from 'vitest';
import { moneyInputValue } from '$lib/forms/form-values.js';
import { discountRatio, emptyProductForm, moveEntry, productFormValues, readProductForm } from './product-form.js';
import type { ProductRow } from './product-documents.js';

const lipstick: ProductRow = {
  id: 'UHJvZHVjdDox',
  title: '丝绒雾面口红 #01',
  sku: 'BB-LIP-01',
  brand: '花漾 Bloom',
  category: '彩妆/口红',
  price: { amount: 8900, currency: 'CNY' },
  listPrice: { amount: 12950, currency: 'CNY' },
  stock: 1200,
  imageUrls: ['https://cdn.example.com/lip.jpg'],
  audienceTags: ['年轻女性', '学生党'],
  sellingPoints: ['哑光不拔干', '持妆8小时'],
  updatedAt: '2025-12-01T00:00:00Z',
};

describe('product form', () => {
  it('turns typed yuan, tags and lines into the API input', () => {
    const result = readProductForm(
      {
        ...emptyProductForm(),
        title: '  轻透粉底液 ',
        sku: 'BB-FND-01',
        price: '1,299.5',
        listPrice: '¥1599',
        stock: '60',
        audienceTags: '职场女性，油皮、 职场女性 ,',
        sellingPoints: [' 控油12小时 ', '', '轻薄不假面'],
        imageUrls: 'https://a.example.com/1.jpg\n\n  https://a.example.com/2.jpg ',
      },
      'CNY',
    );
    expect(result).toEqual({
      ok: true,
      input: {
        title: '轻透粉底液',
        sku: 'BB-FND-01',
        brand: '',
        category: '',
        priceAmount: 129950,
        listPriceAmount: 159900,
        stock: 60,
        audienceTags: ['职场女性', '油皮'],
        sellingPoints: ['控油12小时', '轻薄不假面'],
        imageUrls: ['https://a.example.com/1.jpg', 'https://a.example.com/2.jpg'],
      },
    });
  });

  it('uses the price as the list price when none is typed', () => {
    const result = readProductForm({ ...emptyProductForm(), title: 'x', sku: 'X1', price: '19.9' }, 'CNY');
    expect(result.ok && result.input.listPriceAmount).toBe(1990);
  });

  it('refuses what the server would refuse, field by field', () => {
    const result = readProductForm(
      { ...emptyProductForm(), title: ' ', sku: '', price: '12.345', listPrice: 'abc', stock: '2.5', imageUrls: 'ftp://files.example.com/a.png' },
      'CNY',
    );
    expect(result).toEqual({ ok: false, problems: { title: 'required', sku: 'required', price: 'money', listPrice: 'money', stock: 'wholeNumber', imageUrls: 'url' } });
    const above = readProductForm({ ...emptyProductForm(), title: 'x', sku: 'X', price: '200', listPrice: '150' }, 'CNY');
    expect(above).toEqual({ ok: false, problems: { price: 'priceAboveList' } });
    expect(readProductForm({ ...emptyProductForm(), title: 'x', sku: 'X' }, 'CNY')).toEqual({ ok: false, problems: { price: 'required' } });
  });

  it('shows stored amounts as typed yuan and reads them back unchanged', () => {
    expect(moneyInputValue(8900, 'CNY')).toBe('89');
    expect(moneyInputValue(12950, 'CNY')).toBe('129.50');
    expect(moneyInputValue(5, 'CNY')).toBe('0.05');
    expect(moneyInputValue(1500, 'JPY')).toBe('1500');
    const values = productFormValues(lipstick);
    expect(values).toMatchObject({ price: '89', listPrice: '129.50', audienceTags: '年轻女性, 学生党', imageUrls: 'https://cdn.example.com/lip.jpg' });
    const result = readProductForm(values, 'CNY');
    expect(result.ok && result.input).toMatchObject({ priceAmount: 8900, listPriceAmount: 12950, audienceTags: lipstick.audienceTags, sellingPoints: lipstick.sellingPoints });
  });

  it('works out the discount against the list price', () => {
    expect(discountRatio({ amount: 7500, currency: 'CNY' }, { amount: 10000, currency: 'CNY' })).toBeCloseTo(0.25);
    expect(discountRatio({ amount: 10000, currency: 'CNY' }, { amount: 10000, currency: 'CNY' })).toBeNull();
    expect(discountRatio({ amount: 0, currency: 'CNY' }, { amount: 0, currency: 'CNY' })).toBeNull();
  });

  it('moves selling points within the list', () => {
    expect(moveEntry(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveEntry(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveEntry(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveEntry(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});
