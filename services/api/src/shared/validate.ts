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
