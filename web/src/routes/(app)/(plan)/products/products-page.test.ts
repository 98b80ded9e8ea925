import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';

const location = vi.hoisted(() => ({ url: new URL('http://app.test/products') }));
vi.mock('$app/state', () => ({ page: location }));
vi.mock('$app/navigation', () => ({ goto: vi.fn(async () => undefined) }));

const { default: ProductsPage } = await import('./+page.svelte');

afterEach(() => {
  cleanup();
  location.url = new URL('http://app.test/products');
});

const none = { products: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } };
const facets = { products: { edges: [] } };

describe('products page', () => {
  it('invites an editor to add the first product when there are none', async () => {
    const client = createFakeClient({ Products: none, ProductFacets: facets });
    const { target } = render(ProductsPage, {}, { client });
    await settle();
    const empty = target.querySelector('.empty');
    expect(empty?.textContent).toContain('No products yet');
    const add = [...empty!.querySelectorAll('button')].find((button) => button.textContent === 'Add your first product');
    expect(add).toBeDefined();
    add!.click();
    await settle(1);
    expect(document.querySelector('dialog h2')?.textContent).toBe('New product');
  });

  it('offers to clear the filters, not to add a product, when filters match nothing', async () => {
    location.url = new URL('http://app.test/products?q=nothing&low=10');
    const client = createFakeClient({ Products: none, ProductFacets: facets });
    const { target } = render(ProductsPage, {}, { client });
    await settle();
    expect(target.querySelector('.empty')?.textContent).toContain('No products match these filters');
    expect(client.calls.find((call) => call.name === 'Products')?.variables).toMatchObject({ filter: { search: 'nothing' }, orderBy: { field: 'STOCK', direction: 'ASC' } });
  });

  it('puts the search in the URL once typing pauses, and clearing the filters drops a search still being typed', async () => {
    const { goto } = await import('$app/navigation');
    const navigations = vi.mocked(goto);
    location.url = new URL('http://app.test/products?category=%E5%BD%A9%E5%A6%86');
    const client = createFakeClient({ Products: none, ProductFacets: facets });
    const { target } = render(ProductsPage, {}, { client });
    await settle();
    navigations.mockClear();
    const box = target.querySelector<HTMLInputElement>('input[type="search"]')!;
    box.value = '遮瑕 ';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    expect(navigations).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(navigations).toHaveBeenCalledTimes(1);
    expect(new URL(String(navigations.mock.calls[0]![0])).searchParams.get('q')).toBe('遮瑕');

    navigations.mockClear();
    box.value = '粉底';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    [...target.querySelectorAll('button')].find((button) => button.textContent === 'Clear filters')!.click();
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(navigations.mock.calls.map(([url]) => new URL(String(url)).search)).toEqual(['']);
    expect(box.value).toBe('');
  });

  it('lists products with price, discount and a low-stock badge, and hides editing from analysts', async () => {
    const client = createFakeClient({
      ProductFacets: facets,
      Products: {
        products: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: 'c1' },
          edges: [
            {
              cursor: 'c1',
              node: {
                id: 'p1', title: '遮瑕盘 三色', sku: 'BB-CON-01', brand: '花漾', category: '彩妆/遮瑕', price: { amount: 7500, currency: 'CNY' },
                listPrice: { amount: 10000, currency: 'CNY' }, stock: 12, imageUrls: [], audienceTags: ['职场女性'], sellingPoints: [], updatedAt: '2025-12-01T00:00:00Z',
              },
            },
          ],
        },
      },
    });
    const { target } = render(ProductsPage, {}, { client, workspace: testWorkspace({ canEdit: false }) });
    await settle();
    const row = target.querySelector('tbody tr')!;
    expect(row.textContent).toContain('BB-CON-01');
    expect(row.textContent).toContain('-25%');
    expect(row.querySelector('.badge.warn')?.textContent).toBeTruthy();
    expect(row.textContent).toContain('Low');
    expect(target.querySelector('button.primary')).toBeNull();
    expect(row.querySelector('button')).toBeNull();
  });
});
