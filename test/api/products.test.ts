import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';

const PRODUCT = 'id sku title price { amount currency } listPrice { amount } stock audienceTags sellingPoints';

describe('products', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('creates a product with prices in minor units and the organization currency', async () => {
    const { product } = await mutate(t, owner.token, 'createProduct', {
      sku: 'LIP-001', title: '丝绒口红', priceAmount: 8900, listPriceAmount: 12900, stock: 500, audienceTags: ['年轻女性'], sellingPoints: ['持久不脱色'],
    }, `product { ${PRODUCT} }`);
    expect(product).toMatchObject({ sku: 'LIP-001', price: { amount: 8900, currency: 'CNY' }, listPrice: { amount: 12900 }, stock: 500 });
  });

  it('reports each invalid field with its path and keeps nothing', async () => {
    const result = await mutateResult(t, owner.token, 'createProduct', {
      sku: 'bad sku!', title: '', priceAmount: -1, listPriceAmount: 100,
    }, 'product { id }');
    expect(result.__typename).toBe('ValidationError');
    const paths = result.issues.map((issue: { path: string[] }) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['input.sku', 'input.title', 'input.priceAmount']));
    const list = await t.gql('{ products(filter: { search: "bad" }) { totalCount } }', {}, owner.token);
    expect(list.products.totalCount).toBe(0);
  });

  it('refuses a price above the list price', async () => {
    const result = await mutateResult(t, owner.token, 'createProduct', { sku: 'X-1', title: 'x', priceAmount: 200, listPriceAmount: 100 }, 'product { id }');
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues[0].path).toEqual(['input', 'priceAmount']);
  });

  it('refuses a duplicate SKU in the same organization but allows it in another', async () => {
    await mutate(t, owner.token, 'createProduct', { sku: 'DUP-1', title: 'a', priceAmount: 1, listPriceAmount: 1 }, 'product { id }');
    const again = await mutateResult(t, owner.token, 'createProduct', { sku: 'DUP-1', title: 'b', priceAmount: 1, listPriceAmount: 1 }, 'product { id }');
    expect(again.__typename).toBe('ConflictError');
    const other = await signUpOrg(t);
    await mutate(t, other.token, 'createProduct', { sku: 'DUP-1', title: 'c', priceAmount: 1, listPriceAmount: 1 }, 'product { id }');
  });

  it('updates only the given fields', async () => {
    const { product } = await mutate(t, owner.token, 'createProduct', { sku: 'UPD-1', title: 'before', priceAmount: 100, listPriceAmount: 200, stock: 3 }, 'product { id }');
    const updated = await mutate(t, owner.token, 'updateProduct', { id: product.id, title: 'after' }, `product { ${PRODUCT} }`);
    expect(updated.product).toMatchObject({ title: 'after', stock: 3, price: { amount: 100 } });
  });

  it('filters, sorts and pages the list', async () => {
    for (const [sku, price] of [['PAGE-A', 300], ['PAGE-B', 100], ['PAGE-C', 200]] as const) {
      await mutate(t, owner.token, 'createProduct', { sku, title: sku, priceAmount: price, listPriceAmount: 1000, audienceTags: ['paging'] }, 'product { id }');
    }
    const query = `query($after: String) { products(first: 2, after: $after, filter: { audienceTags: ["paging"] }, orderBy: { field: PRICE, direction: DESC }) {
      totalCount edges { cursor node { sku } } pageInfo { hasNextPage endCursor } } }`;
    const first = await t.gql(query, {}, owner.token);
    expect(first.products.totalCount).toBe(3);
    expect(first.products.edges.map((e: any) => e.node.sku)).toEqual(['PAGE-A', 'PAGE-C']);
    expect(first.products.pageInfo.hasNextPage).toBe(true);
    const second = await t.gql(query, { after: first.products.pageInfo.endCursor }, owner.token);
    expect(second.products.edges.map((e: any) => e.node.sku)).toEqual(['PAGE-B']);
    expect(second.products.pageInfo.hasNextPage).toBe(false);
  });

  it('lets an analyst read but not write', async () => {
    const analyst = await addMember(t, owner, 'ANALYST');
    const result = await mutateResult(t, analyst.token, 'createProduct', { sku: 'AN-1', title: 'x', priceAmount: 1, listPriceAmount: 1 }, 'product { id }');
    expect(result.__typename).toBe('ForbiddenError');
    const list = await t.gql('{ products { totalCount } }', {}, analyst.token);
    expect(list.products.totalCount).toBeGreaterThan(0);
  });

  it('treats another organization’s product id as unknown', async () => {
    const { product } = await mutate(t, owner.token, 'createProduct', { sku: 'MINE-1', title: 'mine', priceAmount: 1, listPriceAmount: 1 }, 'product { id }');
    const stranger = await signUpOrg(t);
    const update = await mutateResult(t, stranger.token, 'updateProduct', { id: product.id, title: 'stolen' }, 'product { id }');
    expect(update.__typename).toBe('NotFoundError');
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: product.id }, stranger.token);
    expect(node.node).toBeNull();
  });

  it('deletes a product', async () => {
    const { product } = await mutate(t, owner.token, 'createProduct', { sku: 'DEL-1', title: 'x', priceAmount: 1, listPriceAmount: 1 }, 'product { id }');
    await mutate(t, owner.token, 'deleteProduct', { id: product.id }, 'deletedId');
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: product.id }, owner.token);
    expect(node.node).toBeNull();
  });
});
