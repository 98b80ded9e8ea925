import { builder } from '../schema/builder.js';
import { ProductConnection, ProductRef } from '../schema/refs.js';
import { MUTATION_ERRORS, Money, localId, orderByInput } from '../schema/common.schema.js';
import { scopeOf } from '../context.js';

ProductRef.implement({
  description: 'A sellable item (SKU) of the organization.',
  fields: (t) => ({
    sku: t.exposeString('sku', { description: 'Unique within the organization.' }),
    title: t.exposeString('title'),
    brand: t.exposeString('brand'),
    category: t.exposeString('category'),
    price: t.field({
      type: Money,
      description: 'Everyday selling price.',
      resolve: (product, _args, context) => ({ amount: product.priceAmount, currency: context.actor!.currency }),
    }),
    listPrice: t.field({
      type: Money,
      description: 'Reference (strike-through) price.',
      resolve: (product, _args, context) => ({ amount: product.listPriceAmount, currency: context.actor!.currency }),
    }),
    stock: t.exposeInt('stock', { description: 'Units on hand.' }),
    audienceTags: t.exposeStringList('audienceTags', { description: 'Who the product is for, e.g. 年轻女性, 敏感肌.' }),
    sellingPoints: t.exposeStringList('sellingPoints', { description: '卖点: the claims the host makes.' }),
    imageUrls: t.exposeStringList('imageUrls'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const ProductOrder = orderByInput(
  'Product',
  { TITLE: 'title', SKU: 'sku', PRICE: 'priceAmount', STOCK: 'stock', CREATED_AT: 'createdAt' },
  'TITLE',
);

const ProductFilter = builder.inputType('ProductFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Matches title, SKU or brand, case-insensitively.' }),
    brand: t.string(),
    category: t.string(),
    audienceTags: t.stringList({ description: 'Products with at least one of these tags.' }),
    inStock: t.boolean(),
    minPriceAmount: t.int(),
    maxPriceAmount: t.int(),
  }),
});

builder.queryFields((t) => ({
  products: t.connection({
    type: ProductRef,
    authScopes: { member: true },
    args: { filter: t.arg({ type: ProductFilter }), orderBy: t.arg({ type: ProductOrder.input }) },
    resolve: (_root, args, context) =>
      context.services.products.list(scopeOf(context), args.filter ?? {}, ProductOrder.toOrder(args.orderBy), args),
  }, ProductConnection),
}));

builder.relayMutationField(
  'createProduct',
  {
    inputFields: (t) => ({
      sku: t.string({ required: true }),
      title: t.string({ required: true }),
      brand: t.string(),
      category: t.string(),
      priceAmount: t.int({ required: true, description: 'Minor units.' }),
      listPriceAmount: t.int({ required: true, description: 'Minor units; at least priceAmount.' }),
      stock: t.int(),
      audienceTags: t.stringList(),
      sellingPoints: t.stringList(),
      imageUrls: t.stringList(),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: async (_root, { input }, context) => ({ product: await context.services.products.create(scopeOf(context), input) }),
  },
  { outputFields: (t) => ({ product: t.field({ type: ProductRef, resolve: (payload) => payload.product }) }) },
);

builder.relayMutationField(
  'updateProduct',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      sku: t.string(),
      title: t.string(),
      brand: t.string(),
      category: t.string(),
      priceAmount: t.int(),
      listPriceAmount: t.int(),
      stock: t.int(),
      audienceTags: t.stringList(),
      sellingPoints: t.stringList(),
      imageUrls: t.stringList(),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes only the fields that are given.',
    resolve: async (_root, { input: { id, ...input } }, context) => ({
      product: await context.services.products.update(scopeOf(context), localId(String(id), 'Product'), input),
    }),
  },
  { outputFields: (t) => ({ product: t.field({ type: ProductRef, resolve: (payload) => payload.product }) }) },
);

builder.relayMutationField(
  'deleteProduct',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: async (_root, { input }, context) => ({
      deletedId: (await context.services.products.delete(scopeOf(context), localId(String(input.id), 'Product')), String(input.id)),
    }),
  },
  { outputFields: (t) => ({ deletedId: t.exposeID('deletedId') }) },
);
