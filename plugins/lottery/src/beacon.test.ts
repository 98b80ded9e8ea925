import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeaconError, fetchBeaconValue, roundAfter, roundTime, type BeaconConfig } from './beacon.js';

const GENESIS = 1_700_000_000;
const config = (urlTemplate: string): BeaconConfig => ({ urlTemplate, genesisTime: GENESIS, periodSeconds: 3, timeoutMs: 2000 });
const at = (seconds: number) => new Date((GENESIS + seconds) * 1000);

describe('beacon rounds', () => {
  const beacon = config('http://beacon.invalid/public/{round}');

  it('numbers rounds from 1 at genesis, one per period', () => {
    expect(roundTime(beacon, 1)).toEqual(at(0));
    expect(roundTime(beacon, 4)).toEqual(at(9));
  });

  it('takes the first round published strictly after the instant', () => {
    expect(roundAfter(beacon, at(-100))).toBe(1);
    expect(roundAfter(beacon, at(0))).toBe(2);
    expect(roundAfter(beacon, at(2.999))).toBe(2);
    expect(roundAfter(beacon, at(3))).toBe(3);
    for (const seconds of [0, 1.5, 3, 7, 100]) {
      const round = roundAfter(beacon, at(seconds));
      expect(roundTime(beacon, round) > at(seconds)).toBe(true);
      expect(roundTime(beacon, round - 1) <= at(seconds)).toBe(true);
    }
  });
});

describe('fetching a round', () => {
  let server: Server;
  let base: string;
  const answers = new Map<string, { status: number; body: string }>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const answer = answers.get(request.url ?? '') ?? { status: 404, body: '{"error":"not found"}' };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    answers.set('/public/5', { status: 200, body: JSON.stringify({ round: 5, randomness: 'ab'.repeat(32), signature: '00' }) });
    answers.set('/public/6', { status: 200, body: JSON.stringify({ round: 7, randomness: 'cd'.repeat(32) }) });
    answers.set('/public/8', { status: 200, body: JSON.stringify({ round: 8, randomness: 'NOT HEX' }) });
    answers.set('/public/9', { status: 500, body: '{}' });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const now = at(1000);

  it('returns the round’s randomness', async () => {
    await expect(fetchBeaconValue(config(`${base}/public/{round}`), 5, now)).resolves.toBe('ab'.repeat(32));
  });

  it('refuses a round that is not due yet without asking the beacon', async () => {
    const error = await fetchBeaconValue(config('http://127.0.0.1:1/public/{round}'), 400, now).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BeaconError);
    expect((error as BeaconError).notYet).toBe(true);
    expect((error as BeaconError).message).toMatch(/published at/);
  });

  it('reports a round the beacon does not have yet as not yet', async () => {
    const error = (await fetchBeaconValue(config(`${base}/public/{round}`), 7, now).catch((caught: unknown) => caught)) as BeaconError;
    expect(error.notYet).toBe(true);
  });

  it('rejects answers for another round, without usable randomness, or failing', async () => {
    await expect(fetchBeaconValue(config(`${base}/public/{round}`), 6, now)).rejects.toThrow(/answered round 7, not 6/);
    await expect(fetchBeaconValue(config(`${base}/public/{round}`), 8, now)).rejects.toThrow(/no usable "randomness"/);
    await expect(fetchBeaconValue(config(`${base}/public/{round}`), 9, now)).rejects.toThrow(/HTTP 500/);
    await expect(fetchBeaconValue(config('http://127.0.0.1:1/public/{round}'), 5, now)).rejects.toThrow(/did not answer/);
  });
});
