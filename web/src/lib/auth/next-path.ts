/**
 * Where to go after signing in, from the `?next=` the app put there. Only a path on this origin is
 * followed: it must start with one `/` (not `//host` or `/\host`, which browsers read as another
 * host) and carry no scheme or control characters; anything else goes to the overview.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // Tabs and line breaks are dropped by URL parsing (`/\t/evil.example` becomes `//evil.example`).
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  const base = 'https://broadcart.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  // Dot segments may collapse into `//host` (`/..//evil.example`): check what would be followed.
  if (url.origin !== base || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
