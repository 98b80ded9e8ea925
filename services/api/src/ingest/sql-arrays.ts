/**
 * PostgreSQL array literals for `unnest(?::uuid[], ...)`. The ORM inlines parameters into the SQL
 * text and spreads a JS array into a value list, so a whole column travels as one array literal
 * string instead (one statement for any number of rows).
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  const elements = values.map((value) => {
    if (value === null) return 'NULL';
    if (typeof value === 'number') return String(value);
    return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${elements.join(',')}}`;
}

/** Timestamps as an array literal of ISO strings (UTC). */
export function timestampArrayLiteral(values: readonly (Date | null)[]): string {
  return arrayLiteral(values.map((value) => value?.toISOString() ?? null));
}
