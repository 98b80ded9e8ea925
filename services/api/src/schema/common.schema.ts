import { decodeGlobalID } from '@pothos/plugin-relay';
import { PLATFORMS } from '../shared/enums.js';
import { GraphQLError, Kind } from 'graphql';
import { builder, type BuilderTypes } from './builder.js';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
  type FieldIssue,
} from '../shared/errors.js';

builder.queryType({ description: 'Reads. Every field is scoped to the caller’s organization.' });
builder.mutationType({ description: 'Writes. Each takes one `input` and returns a payload or typed errors.' });
builder.subscriptionType({ description: 'Realtime updates over graphql-ws (graphql-transport-ws protocol).' });

builder.scalarType('DateTime', {
  description: 'An ISO-8601 instant with a zone offset, e.g. 2026-11-26T12:00:00Z. Stored in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => value,
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string');
    return parseDate(ast.value);
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value (an object, array, string, number, boolean or null).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

// GraphQL's Int is 32-bit, and minor units pass 2^31 at ¥21.4M: one big session's GMV.
builder.scalarType('SafeInt', {
  description: 'An integer from -(2^53 - 1) to 2^53 - 1, as a JSON number: amounts in minor units and other counts that outgrow 32-bit Int.',
  serialize: (value) => toSafeInt(value),
  parseValue: (value) => toSafeInt(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new GraphQLError('SafeInt must be an integer literal');
    return toSafeInt(Number(ast.value));
  },
});

function toSafeInt(value: unknown): number {
  const number = typeof value === 'bigint' || typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw new GraphQLError(`SafeInt must be an integer within ±(2^53 - 1); got ${JSON.stringify(String(value))}`);
  }
  return number;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new GraphQLError(`DateTime must be ISO-8601 with a zone, e.g. 2026-11-26T20:00:00+08:00; got ${JSON.stringify(value)}`);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime ${value} is not a real instant`);
  return date;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new GraphQLError(`Date must be YYYY-MM-DD; got ${JSON.stringify(value)}`);
  }
  return value;
}

export const PlatformEnum = builder.enumType('Platform', {
  description: 'A live-streaming platform.',
  values: PLATFORMS,
});

export const SortDirection = builder.enumType('SortDirection', {
  values: { ASC: { value: 'asc' }, DESC: { value: 'desc' } } as const,
});

/** Money in integer minor units (fen for CNY) with its ISO currency. */
export interface MoneyShape {
  amount: number;
  currency: string;
}

export const Money = builder.objectRef<MoneyShape>('Money').implement({
  description: 'An amount of money in integer minor units (e.g. fen: 1999 = ¥19.99) and its ISO 4217 currency.',
  fields: (t) => ({
    amount: t.expose('amount', { type: 'SafeInt', description: 'Minor units, e.g. 1999 for ¥19.99.' }),
    currency: t.exposeString('currency'),
  }),
});

const UserError = builder.interfaceRef<AppError>('UserError').implement({
  description: 'An expected failure of a mutation: something the caller can fix or must know.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code', { description: 'VALIDATION, NOT_FOUND, CONFLICT, FORBIDDEN or UNAUTHENTICATED.' }),
  }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One invalid input value.',
  fields: (t) => ({
    path: t.stringList({
      description: 'Where the value is, from the argument down, e.g. ["input", "segments", "2", "durationSeconds"].',
      resolve: (issue) => issue.path.map(String),
    }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [UserError],
  description: 'Some input values are invalid; nothing was changed.',
  fields: (t) => ({ issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [UserError],
  description: 'No such object in your organization.',
  fields: (t) => ({
    typename: t.exposeString('typename'),
    id: t.exposeString('id', { description: 'The id as given.' }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [UserError],
  description: 'The change contradicts existing data (a duplicate, an illegal transition, a double booking).',
  fields: (t) => ({ conflictingIds: t.exposeStringList('conflictingIds') }),
});

builder.objectType(ForbiddenError, { name: 'ForbiddenError', interfaces: [UserError], fields: () => ({}) });
builder.objectType(UnauthenticatedError, { name: 'UnauthenticatedError', interfaces: [UserError], fields: () => ({}) });

/** The typed errors every mutation may return. */
export const MUTATION_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError];

/**
 * The raw id behind a Relay global id of the given type. A malformed id or one of another type
 * behaves like an unknown id (NotFoundError), so ids never leak what exists elsewhere.
 */
export function localId(globalId: string, typename: string): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw new NotFoundError(typename, globalId);
  }
  if (decoded.typename !== typename || !/^[0-9a-f-]{36}$/i.test(decoded.id)) throw new NotFoundError(typename, globalId);
  return decoded.id;
}

/** Like `localId`, for optional inputs. */
export function optionalLocalId(globalId: string | null | undefined, typename: string): string | null | undefined {
  return globalId == null ? globalId : localId(globalId, typename);
}

/** Adds `totalCount` to every connection. */
builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'Items matching the filter, across all pages.',
    resolve: (parent) => (parent as { totalCount?: number }).totalCount ?? 0,
  }),
);

/**
 * An `<Name>OrderBy` input with a field enum and a direction; `field` values are entity property names.
 */
export function orderByInput<const F extends Record<string, string>>(name: string, fields: F, defaultField: keyof F & string) {
  const fieldEnum = builder.enumType(`${name}OrderField` as string, {
    values: Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, { value }])) as Record<string, { value: string }>,
  }) as unknown as PothosSchemaTypes.EnumRef<PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>, F[keyof F]>;
  const input = builder.inputType(`${name}OrderBy`, {
    description: `Sort order; the default is ${defaultField} ascending. Ties are broken by id.`,
    fields: (t) => ({
      field: t.field({ type: fieldEnum, required: true }),
      direction: t.field({ type: SortDirection, defaultValue: 'asc' }),
    }),
  });
  const toOrder = (value: { field: F[keyof F]; direction?: 'asc' | 'desc' | null } | null | undefined) =>
    ({ [value?.field ?? fields[defaultField]!]: value?.direction ?? 'asc' }) as Record<string, 'asc' | 'desc'>;
  return { input, toOrder };
}
