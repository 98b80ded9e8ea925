import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Request signing for `POST /ingest/{sourceId}`.
 *
 *   x-broadcart-timestamp: <unix seconds>
 *   x-broadcart-signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The timestamp is inside the signed text, so it cannot be changed to replay an old body; requests
 * whose timestamp is more than five minutes from the server's clock are refused.
 */
export const TIMESTAMP_HEADER = 'x-broadcart-timestamp';
export const SIGNATURE_HEADER = 'x-broadcart-signature';
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export function signBody(secret: string, timestamp: number, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return `sha256=${hmac.digest('hex')}`;
}

/** Headers a connector sends with `rawBody`. */
export function signedHeaders(secret: string, rawBody: string | Buffer, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(secret, timestamp, rawBody) };
}

/** Constant-time comparison of a received signature against the one `secret` gives. */
export function signatureMatches(secret: string, timestamp: number, rawBody: string | Buffer, received: string): boolean {
  const expected = Buffer.from(signBody(secret, timestamp, rawBody));
  const actual = Buffer.from(received);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
