import type { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * Parses `value` with a zod schema and turns every issue into a field error under `basePath`,
 * so clients learn what is wrong and where (e.g. `input.priceAmount: must be at least 0`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, basePath: string[] = ['input']): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      path: [...basePath, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))],
      message: issue.message,
    })),
  );
}

/**
 * The fields a partial update was given: absent (undefined) fields are dropped; null is kept,
 * because on nullable fields it means "clear".
 */
export function givenFields<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as T;
}

/**
 * The fields that carry a value: undefined and null are both dropped, for inputs where a null
 * from GraphQL means "not given" (create inputs with defaults, fields that cannot be cleared).
 */
export function presentFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value != null)) as Partial<T>;
}
