import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle } from '$lib/testing/render.js';
import ProductEditor from './ProductEditor.svelte';
import type { ProductRow } from './product-documents.js';

afterEach(cleanup);

function type(target: HTMLElement, selector: string, value: string) {
  const input = target.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
  if (!input) throw new Error(`no ${selector} in the editor`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function submit(target: HTMLElement) {
  target.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

const saved = (input: Record<string, unknown>): ProductRow => ({
  id: 'UHJvZHVjdDo5',
  title: String(input.title),
  sku: String(input.sku),
  brand: String(input.brand ?? ''),
  category: String(input.category ?? ''),
  price: { amount: Number(input.priceAmount), currency: 'CNY' },
  listPrice: { amount: Number(input.listPriceAmount), currency: 'CNY' },
  stock: Number(input.stock ?? 0),
  imageUrls: (input.imageUrls as string[]) ?? [],
  audienceTags: (input.audienceTags as string[]) ?? [],
  sellingPoints: (input.sellingPoints as string[]) ?? [],
  updatedAt: '2025-12-01T00:00:00Z',
});

describe('ProductEditor', () => {
  it('sends typed yuan as minor units, tags and selling points as lists', async () => {
    const client = createFakeClient({
      CreateProduct: (vars) => ({ createProduct: { __typename: 'CreateProductPayload', product: saved((vars as { input: Record<string, unknown> }).input) } }),
    });
    const onsaved = vi.fn();
    const { target } = render(ProductEditor, { product: null, onclose: () => undefined, onsaved }, { client });
    type(target, 'input[name=title]', '双十二限定礼盒');
    type(target, 'input[name=sku]', 'BB-SET-01');
    type(target, 'input[name=category]', '套装/礼盒');
    type(target, 'input[name=price]', '499.9');
    type(target, 'input[name=listPrice]', '799');
    type(target, 'input[name=stock]', '300');
    type(target, 'input[name=audienceTags]', '职场女性，送礼');
    type(target, 'input[aria-label="Selling point 1"]', '精华+面霜+口红');
    target.querySelector<HTMLButtonElement>('.points > button')!.click();
    await settle(1);
    type(target, 'input[aria-label="Selling point 2"]', '限定包装');
    submit(target);
    await settle();

    const call = client.calls.find((entry) => entry.name === 'CreateProduct');
    expect(call?.variables).toEqual({
      input: {
        title: '双十二限定礼盒',
        sku: 'BB-SET-01',
        brand: '',
        category: '套装/礼盒',
        priceAmount: 49990,
        listPriceAmount: 79900,
        stock: 300,
        imageUrls: [],
        audienceTags: ['职场女性', '送礼'],
        sellingPoints: ['精华+面霜+口红', '限定包装'],
      },
    });
    expect(onsaved).toHaveBeenCalledWith(expect.objectContaining({ sku: 'BB-SET-01', price: { amount: 49990, currency: 'CNY' } }), true);
  });

  it('keeps a malformed price on the form, says why beside it and sends nothing', async () => {
    const client = createFakeClient({});
    const { target } = render(ProductEditor, { product: null, onclose: () => undefined, onsaved: () => undefined }, { client });
    type(target, 'input[name=title]', '口红');
    type(target, 'input[name=sku]', 'LIP');
    type(target, 'input[name=price]', '12.345');
    submit(target);
    await settle();
    const price = target.querySelector<HTMLInputElement>('input[name=price]')!;
    expect(price.getAttribute('aria-invalid')).toBe('true');
    expect(price.closest('label')!.querySelector('.field-error')?.textContent).toContain('Enter an amount');
    expect(client.calls).toHaveLength(0);
  });

  it('shows the server’s field issues beside the inputs when editing', async () => {
    const product = saved({ title: '口红', sku: 'BB-LIP-01', priceAmount: 8900, listPriceAmount: 12900, stock: 5, imageUrls: ['https://cdn.example.com/a.jpg'] });
    const client = createFakeClient({
      UpdateProduct: {
        updateProduct: {
          __typename: 'ValidationError',
          code: 'VALIDATION',
          message: 'Input is invalid',
          issues: [
            { path: ['input', 'sku'], message: 'may use letters, digits and . _ - /' },
            { path: ['input', 'imageUrls', '0'], message: 'must be an http(s) URL' },
          ],
        },
      },
    });
    const onsaved = vi.fn();
    const { target } = render(ProductEditor, { product, onclose: () => undefined, onsaved }, { client });
    expect(target.querySelector<HTMLInputElement>('input[name=price]')!.value).toBe('89');
    type(target, 'input[name=sku]', 'BB LIP 01');
    submit(target);
    await settle();
    expect(client.calls[0]?.variables).toMatchObject({ input: { id: product.id, sku: 'BB LIP 01', priceAmount: 8900, listPriceAmount: 12900 } });
    expect(target.querySelector('input[name=sku]')!.closest('label')!.querySelector('.field-error')?.textContent).toBe('may use letters, digits and . _ - /');
    expect(target.querySelector('textarea[name=imageUrls]')!.closest('label')!.querySelector('.field-error')?.textContent).toBe('#1: must be an http(s) URL');
    expect(onsaved).not.toHaveBeenCalled();
  });
});
