import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyDraw as verifyStandalone } from '../../bin/verify-draw.mjs';
import { runDraw } from './draw.js';
import type { DrawMode, DrawProof } from './types.js';
import { verifyDraw } from './verify.js';

const SERVER_SEED = createHash('sha256').update('verify.test.ts server seed').digest();
const ENTRANTS = Array.from({ length: 30 }, (_, i) => ({ id: `viewer-${String(i).padStart(2, '0')}`, weight: 1 + (i % 3) }));

function drawn(mode: DrawMode) {
  return runDraw({ serverSeed: SERVER_SEED, publicValue: 'drand round 100', entrants: ENTRANTS, winnerCount: 3, mode });
}

/** Both verifiers' verdicts, which must agree on ok and on the kind of reason. */
function verdicts(proof: DrawProof, listText: string) {
  const engine = verifyDraw(proof, listText);
  const standalone = verifyStandalone(JSON.parse(JSON.stringify(proof)), Buffer.from(listText, 'utf8'));
  return { engine: engine.ok ? 'ok' : engine.reason, standalone: standalone.ok ? 'ok' : standalone.reason };
}

function expectFailure(proof: DrawProof, listText: string, reason: RegExp) {
  const { engine, standalone } = verdicts(proof, listText);
  expect(engine).toMatch(reason);
  expect(standalone).toMatch(reason);
}

const LIST_HASH_REASON = /^the entrant list does not match the committed hash: its SHA-256 is [0-9a-f]{64}, the proof says [0-9a-f]{64}$/;

describe.each(['UNIFORM', 'WEIGHTED'] as const)('verifying a %s draw', (mode) => {
  const { proof, listText } = drawn(mode);
  const lines = listText.split('\n').slice(0, -1);
  const text = (edited: string[]) => edited.map((line) => `${line}\n`).join('');

  it('accepts the untouched proof and list', () => {
    expect(verdicts(proof, listText)).toEqual({ engine: 'ok', standalone: 'ok' });
  });

  it('detects an entrant added after the commitment', () => {
    expectFailure(proof, text([...lines, 'viewer-99\t1']), LIST_HASH_REASON);
  });

  it('detects an entrant removed', () => {
    expectFailure(proof, text(lines.filter((_, i) => i !== 4)), LIST_HASH_REASON);
  });

  it('detects entrants reordered', () => {
    const swapped = [...lines];
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    expectFailure(proof, text(swapped), LIST_HASH_REASON);
  });

  it('detects a changed weight', () => {
    expectFailure(proof, text(lines.map((line, i) => (i === 7 ? line.replace(/\t\d+$/, '\t50') : line))), LIST_HASH_REASON);
  });

  it('detects a different server seed', () => {
    const other = createHash('sha256').update('another seed').digest('hex');
    expectFailure({ ...proof, serverSeed: other }, listText, /^the revealed server seed does not match the seed commitment: SHA-256 of the seed is [0-9a-f]{64}, the commitment is [0-9a-f]{64}$/);
  });

  it('detects a tampered winner', () => {
    const outsider = ENTRANTS.findIndex((entrant) => !proof.winners.some((winner) => winner.id === entrant.id));
    const winners = proof.winners.map((winner) => (winner.rank === 2 ? { rank: 2, id: ENTRANTS[outsider]!.id, index: outsider } : winner));
    const { engine, standalone } = verdicts({ ...proof, winners }, listText);
    const should = proof.winners[1]!;
    expect(engine).toBe(
      `the winners do not match the draw: rank 2 should be "${should.id}" (index ${should.index}, rank 2) but the proof says "${ENTRANTS[outsider]!.id}" (index ${outsider}, rank 2)`,
    );
    expect(standalone).toMatch(/^the winners do not match the draw: rank 2 should be /);
  });

  it('detects winners reordered, dropped or added', () => {
    const [first, second, ...rest] = proof.winners;
    expectFailure({ ...proof, winners: [{ ...second!, rank: 1 }, { ...first!, rank: 2 }, ...rest] }, listText, /^the winners do not match the draw: rank 1 should be/);
    expectFailure({ ...proof, winners: proof.winners.slice(0, 2) }, listText, /^the winners do not match the draw: it gives 3 winners/);
    expectFailure({ ...proof, winnerCount: 4 }, listText, /^the winners do not match the draw: it gives 4 winners/);
  });

  it('detects a changed public value or mode', () => {
    expectFailure({ ...proof, publicValue: 'drand round 101' }, listText, /^the winners do not match the draw/);
    expectFailure({ ...proof, mode: mode === 'UNIFORM' ? 'WEIGHTED' : 'UNIFORM' }, listText, /^the winners do not match the draw/);
  });

  it('detects a wrong entrant count', () => {
    expectFailure({ ...proof, entrantCount: 31 }, listText, /^the proof says 31 entrants but the entrant list has 30$/);
  });

  it('rejects a list that matches its hash but is not canonical', () => {
    // Whoever forges the proof can hash any list; a list out of order must still fail.
    const swapped = [...lines];
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    const forged = text(swapped);
    const listHash = createHash('sha256').update(forged).digest('hex');
    expectFailure({ ...proof, listHash }, forged, /^the entrant list is not canonical: line 2/);
  });

  it('rejects an unknown algorithm or a malformed field', () => {
    expectFailure({ ...proof, algorithm: 'broadcart-draw-v2' as 'broadcart-draw-v1' }, listText, /implements broadcart-draw-v1/);
    expectFailure({ ...proof, serverSeed: proof.serverSeed.toUpperCase() }, listText, /serverSeed is not 64 lowercase hex/);
  });
});
