import { z } from 'zod';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EDITOR_ROLES, requireRole, type Scope } from '../shared/actor.js';
import { ConflictError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { parseInput, presentFields } from '../shared/validate.js';
import { Product } from './product.entity.js';

const tag = z.string().trim().min(1, 'must not be empty').max(40, 'must have at most 40 characters');
const money = z.number().int('must be whole minor units (fen)').min(0, 'must be at least 0').max(1_000_000_000);

const productFields = {
  sku: z.string().trim().min(1, 'is required').max(64).regex(/^[A-Za-z0-9._\-/]+$/, 'may use letters, digits and . _ - /'),
  title: z.string().trim().min(1, 'is required').max(200),
  brand: z.string().trim().max(120),
  category: z.string().trim().max(120),
  priceAmount: money,
  listPriceAmount: money,
  stock: z.number().int('must be a whole number').min(0, 'must be at least 0'),
  audienceTags: z.array(tag).max(30),
  sellingPoints: z.array(z.string().trim().min(1).max(300)).max(20),
  imageUrls: z.array(z.url('must be an http(s) URL')).max(20),
};

const createProductInput = z
  .object({
    ...productFields,
    brand: productFields.brand.default(''),
    category: productFields.category.default(''),
    stock: productFields.stock.default(0),
    audienceTags: productFields.audienceTags.default([]),
    sellingPoints: productFields.sellingPoints.default([]),
    imageUrls: productFields.imageUrls.default([]),
  })
  .refine((product) => product.priceAmount <= product.listPriceAmount, {
    path: ['priceAmount'],
    message: 'must not exceed listPriceAmount',
  });

const updateProductInput = z.object(productFields).partial();

export interface ProductFilter {
  search?: string | null;
  brand?: string | null;
  category?: string | null;
  audienceTags?: string[] | null;
  inStock?: boolean | null;
  minPriceAmount?: number | null;
  maxPriceAmount?: number | null;
}

export class ProductService {
  async create({ em, actor }: Scope, raw: unknown): Promise<Product> {
    requireRole(actor, EDITOR_ROLES, 'create products');
    const input = parseInput(createProductInput, raw);
    const product = em.create(Product, { ...input, organization: actor.organizationId });
    await this.flushUnique(em, input.sku);
    return product;
  }

  async update(scope: Scope, id: string, raw: unknown): Promise<Product> {
    requireRole(scope.actor, EDITOR_ROLES, 'update products');
    const input = presentFields(parseInput(updateProductInput, raw));
    const product = await this.get(scope, id);
    scope.em.assign(product, input);
    if (product.priceAmount > product.listPriceAmount) {
      throw new ConflictError(`priceAmount ${product.priceAmount} would exceed listPriceAmount ${product.listPriceAmount}`, [product.id]);
    }
    await this.flushUnique(scope.em, product.sku);
    return product;
  }

  async delete(scope: Scope, id: string): Promise<string> {
    requireRole(scope.actor, EDITOR_ROLES, 'delete products');
    const product = await this.get(scope, id);
    try {
      await scope.em.remove(product).flush();
    } catch (error) {
      if (error instanceof Error && /foreign key/i.test(error.message)) {
        throw new ConflictError('The product is in a session lineup; remove it from the lineup first', [id]);
      }
      throw error;
    }
    return id;
  }

  async get({ em, actor }: Scope, id: string): Promise<Product> {
    const product = await findInOrganization(em, Product, actor, id);
    return product;
  }

  list({ em, actor }: Scope, filter: ProductFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    const search = filter.search?.trim();
    return findConnection(
      em,
      Product,
      {
        organization: actor.organizationId,
        ...(search
          ? { $or: [{ title: { $ilike: `%${search}%` } }, { sku: { $ilike: `%${search}%` } }, { brand: { $ilike: `%${search}%` } }] }
          : {}),
        ...(filter.brand ? { brand: filter.brand } : {}),
        ...(filter.category ? { category: filter.category } : {}),
        ...(filter.audienceTags?.length ? { audienceTags: { $overlap: filter.audienceTags } } : {}),
        ...(filter.inStock != null ? { stock: filter.inStock ? { $gt: 0 } : 0 } : {}),
        ...(filter.minPriceAmount != null || filter.maxPriceAmount != null
          ? {
              priceAmount: {
                ...(filter.minPriceAmount != null ? { $gte: filter.minPriceAmount } : {}),
                ...(filter.maxPriceAmount != null ? { $lte: filter.maxPriceAmount } : {}),
              },
            }
          : {}),
      },
      orderBy,
      args,
    );
  }

  private async flushUnique(em: Scope['em'], sku: string): Promise<void> {
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ConflictError(`SKU ${sku} is already used by another product of your organization`);
      }
      throw error;
    }
  }
}
