/**
 * The fields a partial update was given. Absent (undefined) fields are dropped; null is kept,
 * because on nullable fields it means "clear".
 */
export function givenFields<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as T;
}
