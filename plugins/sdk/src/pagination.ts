import type { EntityManager } from '@mikro-orm/core';
import type { EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { ValidationError } from './errors.js';

/** Relay connection arguments as GraphQL passes them. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** @default 20 items when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 20;
/** Larger pages are refused rather than silently truncated. */
export const MAX_PAGE_SIZE = 100;

const PREFIX = 'offset:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string, argument: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const offset = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) throw ValidationError.field([argument], 'is not a cursor returned by this list');
  return offset;
}

function checkSize(value: number | null | undefined, argument: string): void {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw ValidationError.field([argument], `must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
}

/**
 * Resolves the slice `[offset, offset + limit)` that the connection arguments ask for.
 * `totalCount` is only needed for `last` without `before`.
 */
export async function resolveWindow(args: ConnectionArgs, totalCount: () => Promise<number>): Promise<{ offset: number; limit: number }> {
  checkSize(args.first, 'first');
  checkSize(args.last, 'last');
  if (args.first != null && args.last != null) throw ValidationError.field(['last'], 'cannot be combined with first');
  const after = args.after ? decodeCursor(args.after, 'after') + 1 : 0;
  const before = args.before ? decodeCursor(args.before, 'before') : null;
  if (args.last != null) {
    const end = before ?? (await totalCount());
    const offset = Math.max(after, end - args.last);
    return { offset, limit: Math.max(0, end - offset) };
  }
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  return { offset: after, limit: before == null ? first : Math.max(0, Math.min(first, before - after)) };
}

export function toConnection<T>(items: T[], offset: number, totalCount: number): Connection<T> {
  const edges = items.map((node, index) => ({ cursor: encodeCursor(offset + index), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: offset + items.length < totalCount,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

/**
 * One page of an entity list: two statements (the page and its count), whatever the page size.
 * `orderBy` always gets `id` appended so pages are stable when sort keys tie.
 */
export async function findConnection<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  orderBy: QueryOrderMap<T>,
  args: ConnectionArgs,
): Promise<Connection<T>> {
  let counted: number | null = null;
  const count = async () => (counted ??= await em.count(entity, where as never));
  const { offset, limit } = await resolveWindow(args, count);
  const order = [orderBy, { id: 'asc' } as QueryOrderMap<T>];
  const items = limit === 0 ? [] : ((await em.find(entity, where as never, { orderBy: order as never, limit, offset })) as T[]);
  return toConnection(items, offset, await count());
}
