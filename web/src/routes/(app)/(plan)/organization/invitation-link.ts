/** The page an invited member opens to set a password (`/invitation?token=…`). */
export function invitationLink(origin: string, token: string): string {
  const url = new URL('/invitation', origin);
  url.searchParams.set('token', token);
  return url.href;
}

/** The URL a platform connector posts signed batches to. */
export function ingestUrl(origin: string, sourceId: string): string {
  return new URL(`/ingest/${encodeURIComponent(sourceId)}`, origin).href;
}
