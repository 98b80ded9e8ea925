import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn, timestampColumns } from '../db/columns.js';
import { Organization } from '../organizations/organization.entity.js';

/** A sellable item. Prices are integer minor units in the organization's currency. */
export const Product = defineEntity({
  name: 'Product',
  tableName: 'products',
  uniques: [{ properties: ['organization', 'sku'] }],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    sku: p.string().length(64),
    title: p.string().length(200),
    brand: p.string().length(120).default(''),
    category: p.string().length(120).default(''),
    priceAmount: p.integer(),
    listPriceAmount: p.integer(),
    stock: p.integer().default(0),
    audienceTags: p.array().default([]),
    sellingPoints: p.array().default([]),
    imageUrls: p.array().default([]),
    ...timestampColumns(),
  },
});
export type Product = InferEntity<typeof Product>;
