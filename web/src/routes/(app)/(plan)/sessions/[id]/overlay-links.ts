/** The two browser-source URLs OBS needs for a session's overlay: a 16:9 scene and a 9:16 one for vertical streams. */
export function overlayUrls(origin: string, sessionId: string, token: string): { landscape: string; vertical: string } {
  const landscape = new URL(`/overlay/${encodeURIComponent(sessionId)}`, origin);
  landscape.searchParams.set('token', token);
  const vertical = new URL(landscape);
  vertical.searchParams.set('layout', 'vertical');
  return { landscape: landscape.toString(), vertical: vertical.toString() };
}
