import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyDraw as verifyStandalone } from '../../bin/verify-draw.mjs';
import { commitmentOf, runDraw } from './draw.js';
import { parseEntrantList } from './entrant-list.js';
import { deriveDrawSeed, Keystream } from './keystream.js';
import type { DrawMode, DrawProof, DrawWinner } from './types.js';
import { verifyDraw } from './verify.js';

const doc = readFileSync(new URL('../../docs/fair-draw.md', import.meta.url), 'utf8');

/** The body of the first fenced code block after `<!-- marker`. */
function fencedBlock(marker: string): string {
  const at = doc.indexOf(`<!-- ${marker}`);
  expect(at, `the document has a ${marker} block`).toBeGreaterThanOrEqual(0);
  return /```[a-z]*\n([\s\S]*?)```/.exec(doc.slice(at))![1]!;
}

interface TestVector {
  serverSeed: string;
  seedCommitment: string;
  publicValue: string;
  publicValueUtf8: string;
  listText: string;
  listHash: string;
  hmacMessage: string;
  drawSeed: string;
  keystreamBlock0: string;
  keystreamBlock1: string;
  uniform: { winnerCount: number; steps: { i: number; m: number; r: number; j: number }[]; winners: DrawWinner[] };
  weighted: { winnerCount: number; keys: { index: number; weight: number; u53: number[]; key: number }[]; winners: DrawWinner[] };
}

const vector = JSON.parse(fencedBlock('test-vector')) as TestVector;
const serverSeed = Buffer.from(vector.serverSeed, 'hex');
const entrants = parseEntrantList(vector.listText);

describe('the test vector in docs/fair-draw.md', () => {
  it('has the list file shown in the document, five entrants with weights 1, 3, 1, 2, 5', () => {
    expect(fencedBlock('list-example')).toBe(vector.listText);
    expect(entrants.map((entrant) => entrant.weight)).toEqual([1, 3, 1, 2, 5]);
  });

  it('matches the engine up to the keystream', () => {
    expect(serverSeed).toHaveLength(32);
    expect(commitmentOf(serverSeed)).toBe(vector.seedCommitment);
    expect(Buffer.from(vector.publicValue, 'utf8').toString('hex')).toBe(vector.publicValueUtf8);
    expect(createHash('sha256').update(vector.listText, 'utf8').digest('hex')).toBe(vector.listHash);
    const listHash = Buffer.from(vector.listHash, 'hex');
    expect(Buffer.concat([Buffer.from('broadcart-draw-v1'), Buffer.of(0), listHash, Buffer.of(0), Buffer.from(vector.publicValue, 'utf8')]).toString('hex')).toBe(vector.hmacMessage);
    const drawSeed = deriveDrawSeed(serverSeed, listHash, vector.publicValue);
    expect(drawSeed.toString('hex')).toBe(vector.drawSeed);
    const stream = new Keystream(drawSeed);
    const words = Array.from({ length: 16 }, () => stream.u32());
    const blocks = Buffer.from(vector.keystreamBlock0 + vector.keystreamBlock1, 'hex');
    expect(words).toEqual(Array.from({ length: 16 }, (_, i) => blocks.readUInt32BE(4 * i)));
  });

  it('has the uniform trace and winners the engine computes', () => {
    const stream = new Keystream(Buffer.from(vector.drawSeed, 'hex'));
    const steps = vector.uniform.steps.map(({ i }) => {
      const m = entrants.length - i;
      const r = stream.u32();
      expect(r).toBeLessThan(2 ** 32 - (2 ** 32 % m)); // accepted, as the document says
      return { i, m, r, j: i + (r % m) };
    });
    expect(steps).toEqual(vector.uniform.steps);
    expect(draw('UNIFORM', vector.uniform.winnerCount).winners).toEqual(vector.uniform.winners);
  });

  it('has the weighted keys and winners the engine computes', () => {
    const stream = new Keystream(Buffer.from(vector.drawSeed, 'hex'));
    const keys = entrants.map(({ weight }, index) => {
      const u53 = Array.from({ length: weight }, () => stream.u53());
      return { index, weight, u53, key: Math.max(...u53) };
    });
    expect(keys).toEqual(vector.weighted.keys);
    expect(draw('WEIGHTED', vector.weighted.winnerCount).winners).toEqual(vector.weighted.winners);
  });

  it('has the uniform proof the engine publishes, and both verifiers accept it', () => {
    const proof = JSON.parse(fencedBlock('proof-example')) as DrawProof;
    expect(draw('UNIFORM', 2)).toEqual(proof);
    expect(verifyDraw(proof, vector.listText)).toEqual({ ok: true });
    expect(verifyStandalone(proof, Buffer.from(vector.listText, 'utf8'))).toEqual({ ok: true, winners: proof.winners, drawSeed: vector.drawSeed });
  });

  it('is reproduced by the standalone verifier in weighted mode too', () => {
    const proof = draw('WEIGHTED', 2);
    expect(verifyStandalone(proof, Buffer.from(vector.listText, 'utf8'))).toMatchObject({ ok: true, winners: vector.weighted.winners });
  });
});

function draw(mode: DrawMode, winnerCount: number): DrawProof {
  return runDraw({ serverSeed, publicValue: vector.publicValue, entrants, winnerCount, mode, alreadySorted: true }).proof;
}
