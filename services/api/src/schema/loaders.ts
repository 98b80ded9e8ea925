import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntitySchema } from '@mikro-orm/core';
import type { GraphQLContext } from '../context.js';
import { readRows } from '../db/read-rows.js';

/**
 * Loaders feed reads only, so they skip the ORM's entity hydration and unit of work: one plain SQL
 * statement per batch, rows mapped to entity-shaped plain objects. Services load what they change
 * through the request's entity manager.
 */

interface RowMapper {
  table: string;
  column(property: string): string;
  map(row: Record<string, unknown>): Record<string, unknown>;
}

const mappers = new WeakMap<object, RowMapper>();

/** Maps columns to properties as the entity declares them, converting what pg returns differently. */
function mapperFor(em: EntityManager, entity: EntitySchema<any, any>): RowMapper {
  let mapper = mappers.get(entity);
  if (mapper) return mapper;
  const meta = em.getMetadata().get(entity);
  const platform = em.getPlatform();
  const fields = Object.values(meta.properties)
    .filter((prop) => prop.fieldNames?.length === 1 && prop.persist !== false)
    .map((prop) => ({
      property: prop.name,
      column: prop.fieldNames[0]!,
      // Mapped types (timestamps, arrays, JSON) convert exactly as the ORM would.
      convert: prop.customType ? (value: unknown) => prop.customType!.convertToJSValue(value, platform) : null,
      numeric: prop.runtimeType === 'number',
      date: prop.runtimeType === 'Date',
    }));
  const columns = new Map(fields.map((field) => [field.property, field.column]));
  mapper = {
    table: meta.tableName,
    column: (property) => columns.get(property) ?? property,
    map: (row) => {
      const object: Record<string, unknown> = {};
      for (const field of fields) {
        let value = row[field.column];
        if (value == null) value = null;
        else if (field.date) value = value instanceof Date ? value : platform.parseDate(value as string);
        else if (field.convert) value = field.convert(value);
        else if (field.numeric && typeof value === 'string') value = Number(value);
        object[field.property] = value;
      }
      return object;
    },
  };
  mappers.set(entity, mapper);
  return mapper;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

async function selectScoped<T>(
  context: GraphQLContext,
  entity: EntitySchema<T, any>,
  keyProperty: string,
  keys: readonly string[],
  orderBy: Record<string, 'asc' | 'desc'> = {},
): Promise<T[]> {
  if (!context.actor || keys.length === 0) return [];
  const mapper = mapperFor(context.em, entity);
  const order = Object.entries({ ...orderBy, id: 'asc' })
    .map(([property, direction]) => `${quote(mapper.column(property))} ${direction === 'desc' ? 'desc' : 'asc'}`)
    .join(', ');
  const rows = await readRows(
    context.em,
    `select * from ${quote(mapper.table)} where ${quote(mapper.column(keyProperty))} = any($1) and "organization_id" = $2 order by ${order}`,
    [keys, context.actor.organizationId],
  );
  return rows.map((row) => mapper.map(row) as T);
}

/**
 * Batch loader for an organization-scoped entity: one `WHERE id IN (...) AND organization_id = ?`
 * per request and type. Rows of other organizations are simply not found.
 */
export function loadScoped<T extends { id: string; organization: string }>(entity: EntitySchema<T, any>) {
  return (ids: readonly string[], context: GraphQLContext): Promise<T[]> => selectScoped(context, entity, 'id', ids);
}

/**
 * Groups child rows by a foreign key, for `loadableGroup` fields (one query for all parents).
 */
export function loadChildren<T extends { organization: string }>(entity: EntitySchema<T, any>, foreignKey: keyof T & string, orderBy: Record<string, 'asc' | 'desc'> = {}) {
  return (parentIds: readonly string[], context: GraphQLContext): Promise<T[]> => selectScoped(context, entity, foreignKey, parentIds, orderBy);
}
