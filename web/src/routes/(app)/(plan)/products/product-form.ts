import type { VariablesOf } from '$lib/graphql/graphql.js';
import { parseMoneyInput, type MoneyValue } from '$lib/i18n/format.js';
import { isHttpUrl, moneyInputValue } from '$lib/forms/form-values.js';
import { formatTags, parseLines, parseTags } from '$lib/forms/tag-list.js';
import type { CreateProduct, ProductRow } from './product-documents.js';

/** The editor's fields as typed: money in yuan, tags comma-separated, image URLs one per line. */
export interface ProductFormValues {
  title: string;
  sku: string;
  brand: string;
  category: string;
  price: string;
  listPrice: string;
  stock: string;
  imageUrls: string;
  audienceTags: string;
  sellingPoints: string[];
}

export type ProductInput = Omit<VariablesOf<typeof CreateProduct>['input'], never>;
export type ProductField = keyof ProductFormValues;
/** Why a field was refused before sending; the editor words it. */
export type FormProblem = 'required' | 'money' | 'priceAboveList' | 'wholeNumber' | 'url';

export type ProductFormResult = { ok: true; input: Required<ProductInput> } | { ok: false; problems: Partial<Record<ProductField, FormProblem>> };

export function emptyProductForm(): ProductFormValues {
  return { title: '', sku: '', brand: '', category: '', price: '', listPrice: '', stock: '0', imageUrls: '', audienceTags: '', sellingPoints: [''] };
}

export function productFormValues(product: ProductRow): ProductFormValues {
  return {
    title: product.title,
    sku: product.sku,
    brand: product.brand,
    category: product.category,
    price: moneyInputValue(product.price.amount, product.price.currency),
    listPrice: moneyInputValue(product.listPrice.amount, product.listPrice.currency),
    stock: String(product.stock),
    imageUrls: product.imageUrls.join('\n'),
    audienceTags: formatTags(product.audienceTags),
    sellingPoints: product.sellingPoints.length ? [...product.sellingPoints] : [''],
  };
}


/**
 * Checks what can be checked before sending (the server checks again) and builds the input of
 * `createProduct` / `updateProduct`: prices in minor units, tags and lines split and trimmed.
 */
export function readProductForm(values: ProductFormValues, currency: string): ProductFormResult {
  const problems: Partial<Record<ProductField, FormProblem>> = {};
  const title = values.title.trim();
  const sku = values.sku.trim();
  if (!title) problems.title = 'required';
  if (!sku) problems.sku = 'required';
  const priceAmount = values.price.trim() ? parseMoneyInput(values.price.trim(), currency) : null;
  const listPriceAmount = values.listPrice.trim() ? parseMoneyInput(values.listPrice.trim(), currency) : priceAmount;
  if (priceAmount === null) problems.price = values.price.trim() ? 'money' : 'required';
  if (values.listPrice.trim() && listPriceAmount === null) problems.listPrice = 'money';
  if (priceAmount !== null && listPriceAmount !== null && priceAmount > listPriceAmount) problems.price = 'priceAboveList';
  const stockText = values.stock.trim() || '0';
  if (!/^\d+$/.test(stockText)) problems.stock = 'wholeNumber';
  const imageUrls = parseLines(values.imageUrls);
  if (imageUrls.some((url) => !isHttpUrl(url))) problems.imageUrls = 'url';
  if (Object.keys(problems).length) return { ok: false, problems };
  return {
    ok: true,
    input: {
      title,
      sku,
      brand: values.brand.trim(),
      category: values.category.trim(),
      priceAmount: priceAmount!,
      // An empty list price means "no strike-through price": the same as the price.
      listPriceAmount: listPriceAmount!,
      stock: Number(stockText),
      imageUrls,
      audienceTags: parseTags(values.audienceTags),
      sellingPoints: values.sellingPoints.map((point) => point.trim()).filter(Boolean),
    },
  };
}

/** How far below the list price the price is (0.31 = 31 % off); null without a discount. */
export function discountRatio(price: MoneyValue, listPrice: MoneyValue): number | null {
  if (listPrice.amount <= 0 || price.amount >= listPrice.amount) return null;
  return (listPrice.amount - price.amount) / listPrice.amount;
}

/** At or below this many units a product is flagged (and listed by the low-stock filter). @default 100 */
export const DEFAULT_LOW_STOCK_UNITS = 100;

/** Moves one entry of an editable list up (-1) or down (+1); out-of-range moves change nothing. */
export function moveEntry<T>(list: readonly T[], index: number, offset: -1 | 1): T[] {
  const target = index + offset;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const next = [...list];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}
