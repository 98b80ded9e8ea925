/**
 * `url` with `updates` applied to its query: null, undefined, '' and false remove a parameter,
 * true sets it to "1". Other parameters stay, in order.
 */
export function withParams(url: URL, updates: Record<string, string | number | boolean | null | undefined>): URL {
  const next = new URL(url);
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === undefined || value === '' || value === false) next.searchParams.delete(key);
    else next.searchParams.set(key, value === true ? '1' : String(value));
  }
  return next;
}

/** A query parameter as a whole number ≥ 0, or `fallback` when absent or not one. */
export function countParam(url: URL, key: string, fallback: number | null = null): number | null {
  const raw = url.searchParams.get(key);
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  return Number(raw);
}
