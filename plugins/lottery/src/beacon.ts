/**
 * A public randomness beacon (drand's HTTP API by default): round `r` is published at
 * `genesisTime + (r - 1) × periodSeconds` at `urlTemplate` with `{round}` replaced, as JSON
 * `{ "round": r, "randomness": "<hex>", ... }`. A draw takes the first round published after its
 * entrant list was fixed, so nobody (the operator included) knew the value while entries were open.
 */
export interface BeaconConfig {
  /** e.g. `https://api.drand.sh/public/{round}`. */
  urlTemplate: string;
  /** Unix time (seconds) of round 1. */
  genesisTime: number;
  periodSeconds: number;
  /** @default 5000 */
  timeoutMs?: number;
}

/** The beacon could not give the round's value (not published yet, unreachable, malformed). */
export class BeaconError extends Error {
  constructor(
    message: string,
    /** The round is simply not out yet: retry after `availableAt`. */
    readonly notYet = false,
  ) {
    super(message);
    this.name = 'BeaconError';
  }
}

/** The first round published strictly after `at`. */
export function roundAfter(beacon: BeaconConfig, at: Date): number {
  const elapsed = at.getTime() / 1000 - beacon.genesisTime;
  if (elapsed < 0) return 1;
  return Math.floor(elapsed / beacon.periodSeconds) + 2;
}

/** When `round` is published. */
export function roundTime(beacon: BeaconConfig, round: number): Date {
  return new Date((beacon.genesisTime + (round - 1) * beacon.periodSeconds) * 1000);
}

export function roundUrl(beacon: BeaconConfig, round: number): string {
  return beacon.urlTemplate.replaceAll('{round}', String(round));
}

/** Fetches the randomness of `round`, the draw's public value. Throws BeaconError. */
export async function fetchBeaconValue(beacon: BeaconConfig, round: number, now: Date): Promise<string> {
  const publishedAt = roundTime(beacon, round);
  if (publishedAt > now) throw new BeaconError(`the beacon round ${round} is published at ${publishedAt.toISOString()}; draw after that`, true);
  const url = roundUrl(beacon, round);
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(beacon.timeoutMs ?? 5000) });
  } catch (error) {
    throw new BeaconError(`the beacon at ${url} did not answer: ${(error as Error).message}`);
  }
  if (response.status === 404 || response.status === 425) {
    throw new BeaconError(`the beacon has not published round ${round} yet (HTTP ${response.status}); try again shortly`, true);
  }
  if (!response.ok) throw new BeaconError(`the beacon at ${url} answered HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new BeaconError(`the beacon at ${url} did not answer JSON`);
  }
  const { round: answered, randomness } = (body ?? {}) as { round?: unknown; randomness?: unknown };
  if (answered !== round) throw new BeaconError(`the beacon at ${url} answered round ${String(answered)}, not ${round}`);
  if (typeof randomness !== 'string' || !/^[0-9a-f]{16,512}$/.test(randomness)) {
    throw new BeaconError(`the beacon at ${url} answered no usable "randomness" (lowercase hex expected)`);
  }
  return randomness;
}
