import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commitmentOf, createServerSeed, drawUniform, drawWeighted, drawWinners, runDraw } from './draw.js';
import { canonicalEntrantList, EntrantListError } from './entrant-list.js';
import type { DrawMode, Entrant } from './types.js';

const SERVER_SEED = createHash('sha256').update('draw.test.ts server seed').digest();
const ids = (n: number) => Array.from({ length: n }, (_, i) => `viewer-${String(i).padStart(3, '0')}`);
const uniformEntrants = (n: number): Entrant[] => ids(n).map((id) => ({ id, weight: 1 }));

/** Winner indexes of `draws` draws that differ only in their public value. */
function repeatDraws(entrants: Entrant[], winnerCount: number, mode: DrawMode, draws: number): number[][] {
  const { hash } = canonicalEntrantList(entrants);
  return Array.from({ length: draws }, (_, round) =>
    drawWinners({ serverSeed: SERVER_SEED, publicValue: `round ${round}`, listHash: hash, entrants, winnerCount, mode }).map((winner) => winner.index),
  );
}

function chiSquare(observed: number[], expected: number[]): number {
  return observed.reduce((sum, count, i) => sum + (count - expected[i]!) ** 2 / expected[i]!, 0);
}

function tally(indexes: number[], n: number): number[] {
  const counts = new Array<number>(n).fill(0);
  for (const index of indexes) counts[index]!++;
  return counts;
}

// The 0.999 quantile of the chi-square distribution with 19 degrees of freedom.
const CHI_SQUARE_19_P999 = 43.82;
const CHI_SQUARE_2_P999 = 13.82;

describe('drawWinners', () => {
  it('draws min(k, n) distinct entrants ranked 1..count, each with its canonical index', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(), fc.constantFrom<DrawMode>('UNIFORM', 'WEIGHTED'), fc.string({ minLength: 1 }), (n, extra, mode, publicValue) => {
        const winnerCount = extra % (n + 3);
        const entrants = ids(n).map((id, i) => ({ id, weight: 1 + ((i * 37) % 100) }));
        const { hash } = canonicalEntrantList(entrants);
        const winners = drawWinners({ serverSeed: SERVER_SEED, publicValue, listHash: hash, entrants, winnerCount, mode });
        expect(winners).toHaveLength(Math.min(winnerCount, n));
        expect(new Set(winners.map((winner) => winner.id)).size).toBe(winners.length);
        winners.forEach((winner, i) => {
          expect(winner.rank).toBe(i + 1);
          expect(entrants[winner.index]!.id).toBe(winner.id);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('works with no entrants and with no winners asked', () => {
    const empty = canonicalEntrantList([]);
    const some = canonicalEntrantList(uniformEntrants(5));
    for (const mode of ['UNIFORM', 'WEIGHTED'] as const) {
      expect(drawWinners({ serverSeed: SERVER_SEED, publicValue: 'v', listHash: empty.hash, entrants: [], winnerCount: 3, mode })).toEqual([]);
      expect(drawWinners({ serverSeed: SERVER_SEED, publicValue: 'v', listHash: some.hash, entrants: some.entrants, winnerCount: 0, mode })).toEqual([]);
      expect(drawWinners({ serverSeed: SERVER_SEED, publicValue: 'v', listHash: some.hash, entrants: some.entrants, winnerCount: 7, mode })).toHaveLength(5);
    }
  });

  it('changes with the public value and repeats with the same inputs', () => {
    const { hash, entrants } = canonicalEntrantList(uniformEntrants(1000));
    const draw = (publicValue: string) => drawWinners({ serverSeed: SERVER_SEED, publicValue, listHash: hash, entrants, winnerCount: 5, mode: 'UNIFORM' });
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('ignores weights in UNIFORM mode', () => {
    const { hash } = canonicalEntrantList(uniformEntrants(50));
    const heavy = uniformEntrants(50).map((entrant, i) => ({ ...entrant, weight: 1 + i }));
    const draw = (entrants: Entrant[]) => drawWinners({ serverSeed: SERVER_SEED, publicValue: 'v', listHash: hash, entrants, winnerCount: 10, mode: 'UNIFORM' });
    expect(draw(heavy)).toEqual(draw(uniformEntrants(50)));
  });

  it.each([
    [{ serverSeed: Buffer.alloc(31) }, 'the server seed must be 32 bytes'],
    [{ publicValue: '' }, 'the public value must be a non-empty string'],
    [{ publicValue: '\u00e9'.repeat(257) }, 'the public value must be at most 512 bytes of UTF-8'],
    [{ publicValue: 'x\uDC00' }, 'the public value contains an unpaired UTF-16 surrogate, which has no UTF-8 form'],
    [{ listHash: 'AB'.repeat(32) }, 'the list hash must be 64 lowercase hex chars'],
    [{ winnerCount: -1 }, 'the winner count must be a non-negative integer, got -1'],
    [{ winnerCount: 1.5 }, 'the winner count must be a non-negative integer, got 1.5'],
    [{ mode: 'RANDOM' as DrawMode }, 'the mode must be UNIFORM or WEIGHTED, got RANDOM'],
  ])('rejects %j', (override, message) => {
    const input = { serverSeed: SERVER_SEED, publicValue: 'v', listHash: 'ab'.repeat(32), entrants: [], winnerCount: 1, mode: 'UNIFORM' as DrawMode };
    expect(() => drawWinners({ ...input, ...override })).toThrow(new RangeError(message));
  });

  it('accepts a public value of exactly 512 bytes', () => {
    const input = { serverSeed: SERVER_SEED, publicValue: '\u00e9'.repeat(256), listHash: 'ab'.repeat(32), entrants: [], winnerCount: 1, mode: 'UNIFORM' as DrawMode };
    expect(drawWinners(input)).toEqual([]);
  });
});

describe('uniform draws', () => {
  it('follow a partial Fisher-Yates shuffle exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 62 }), fc.array(fc.nat(), { minLength: 60 }), (n, winnerCount, picks) => {
        let call = 0;
        const source = { below: (m: number) => picks[call++]! % m };
        const winners = drawUniform(source, uniformEntrants(n), winnerCount);
        // The reference shuffles a full array with the same choices.
        call = 0;
        const positions = Array.from({ length: n }, (_, i) => i);
        const expected: number[] = [];
        for (let i = 0; i < Math.min(winnerCount, n); i++) {
          const j = i + source.below(n - i);
          [positions[i], positions[j]] = [positions[j]!, positions[i]!];
          expected.push(positions[i]!);
        }
        expect(winners.map((winner) => winner.index)).toEqual(expected);
      }),
    );
  });

  it('pick each of 20 entrants equally often for k = 1 (chi-square, 20,000 draws)', () => {
    const counts = tally(repeatDraws(uniformEntrants(20), 1, 'UNIFORM', 20_000).map((winners) => winners[0]!), 20);
    expect(chiSquare(counts, new Array(20).fill(1000))).toBeLessThan(CHI_SQUARE_19_P999);
  });

  it('pick each entrant equally often at every rank for k = 3 (chi-square, 20,000 draws)', () => {
    const draws = repeatDraws(uniformEntrants(20), 3, 'UNIFORM', 20_000);
    for (const rank of [0, 1, 2]) {
      const counts = tally(draws.map((winners) => winners[rank]!), 20);
      expect(chiSquare(counts, new Array(20).fill(1000))).toBeLessThan(CHI_SQUARE_19_P999);
    }
  });
});

describe('weighted draws', () => {
  it('keep the k largest keys, the lower index first on equal keys', () => {
    const source = (values: number[]) => {
      let call = 0;
      return { u53: () => values[call++]! };
    };
    const four = uniformEntrants(4);
    expect(drawWeighted(source([5, 7, 7, 5]), four, 2).map((winner) => winner.index)).toEqual([1, 2]);
    expect(drawWeighted(source([5, 7, 7, 5]), four, 3).map((winner) => winner.index)).toEqual([1, 2, 0]);
    expect(drawWeighted(source([3, 3, 3, 3]), four, 4).map((winner) => winner.index)).toEqual([0, 1, 2, 3]);
    // The key of an entrant of weight w is the largest of its w values.
    const weighted = [{ id: 'a', weight: 3 }, { id: 'b', weight: 1 }];
    expect(drawWeighted(source([1, 9, 2, 8]), weighted, 1)).toEqual([{ rank: 1, id: 'a', index: 0 }]);
  });

  it('match sorting every key, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 80 }), fc.integer({ min: 0, max: 82 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 320, maxLength: 320 }), (weights, winnerCount, values) => {
        const entrants = weights.map((weight, i) => ({ id: `e${i}`, weight }));
        let call = 0;
        const winners = drawWeighted({ u53: () => values[call++]! }, entrants, winnerCount);
        call = 0;
        const keys = weights.map((weight) => Math.max(...Array.from({ length: weight }, () => values[call++]!)));
        const expected = keys
          .map((key, index) => ({ key, index }))
          .sort((a, b) => b.key - a.key || a.index - b.index)
          .slice(0, winnerCount)
          .map((entry) => entry.index);
        expect(winners.map((winner) => winner.index)).toEqual(expected);
      }),
    );
  });

  it('with equal weights pick each of 20 entrants equally often (chi-square, 20,000 draws)', () => {
    const counts = tally(repeatDraws(uniformEntrants(20), 1, 'WEIGHTED', 20_000).map((winners) => winners[0]!), 20);
    expect(chiSquare(counts, new Array(20).fill(1000))).toBeLessThan(CHI_SQUARE_19_P999);
  });

  it('pick entrants of weights 1, 2 and 5 with probability w / 8 for k = 1 (20,000 draws, within 0.015)', () => {
    const entrants = [{ id: 'a', weight: 1 }, { id: 'b', weight: 2 }, { id: 'c', weight: 5 }];
    const counts = tally(repeatDraws(entrants, 1, 'WEIGHTED', 20_000).map((winners) => winners[0]!), 3);
    const expected = [1 / 8, 2 / 8, 5 / 8];
    counts.forEach((count, i) => expect(Math.abs(count / 20_000 - expected[i]!)).toBeLessThan(0.015));
    expect(chiSquare(counts, expected.map((p) => p * 20_000))).toBeLessThan(CHI_SQUARE_2_P999);
  });

  it('pick weights 1, 10 and 100 with probability w / 111 (20,000 draws, within 0.01)', () => {
    const entrants = [{ id: 'a', weight: 1 }, { id: 'b', weight: 10 }, { id: 'c', weight: 100 }];
    const counts = tally(repeatDraws(entrants, 1, 'WEIGHTED', 20_000).map((winners) => winners[0]!), 3);
    [1, 10, 100].forEach((weight, i) => expect(Math.abs(counts[i]! / 20_000 - weight / 111)).toBeLessThan(0.01));
  });

  it('include each entrant in k = 2 as often as drawing twice in turn without replacement would (20,000 draws, within 0.015)', () => {
    const weights = [1, 2, 5, 2];
    const entrants = weights.map((weight, i) => ({ id: `e${i}`, weight }));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    // P(i is first) + sum over j != i of P(j is first) * P(i is second | j first).
    const inclusion = weights.map((wi, i) => wi / total + weights.reduce((sum, wj, j) => (j === i ? sum : sum + (wj / total) * (wi / (total - wj))), 0));
    const counts = tally(repeatDraws(entrants, 2, 'WEIGHTED', 20_000).flat(), weights.length);
    counts.forEach((count, i) => expect(Math.abs(count / 20_000 - inclusion[i]!)).toBeLessThan(0.015));
  });
});

describe('runDraw', () => {
  it('gives the same proof for sorted and unsorted input', () => {
    const entrants = uniformEntrants(100).map((entrant, i) => ({ ...entrant, weight: 1 + (i % 4) }));
    for (const mode of ['UNIFORM', 'WEIGHTED'] as const) {
      const sorted = runDraw({ serverSeed: SERVER_SEED, publicValue: 'p', entrants, winnerCount: 3, mode, alreadySorted: true });
      const shuffled = runDraw({ serverSeed: SERVER_SEED, publicValue: 'p', entrants: [...entrants].reverse(), winnerCount: 3, mode });
      expect(shuffled.proof).toEqual(sorted.proof);
      expect(shuffled.listText).toBe(sorted.listText);
      expect(Array.from(sorted.listChunks()).join('')).toBe(sorted.listText);
    }
  });

  it('fills the proof from its inputs and reveals the seed behind the commitment', () => {
    const { serverSeed, seedCommitment } = createServerSeed();
    expect(serverSeed).toHaveLength(32);
    expect(seedCommitment).toBe(commitmentOf(serverSeed));
    const run = runDraw({ serverSeed, publicValue: 'round 7', entrants: uniformEntrants(10), winnerCount: 2, mode: 'UNIFORM' });
    expect(run.proof).toMatchObject({
      algorithm: 'broadcart-draw-v1',
      mode: 'UNIFORM',
      winnerCount: 2,
      entrantCount: 10,
      seedCommitment,
      serverSeed: serverSeed.toString('hex'),
      publicValue: 'round 7',
      listHash: run.listHash,
    });
    expect(createHash('sha256').update(run.listText).digest('hex')).toBe(run.listHash);
  });

  it('refuses input claimed sorted that is not', () => {
    const entrants = uniformEntrants(3).reverse();
    expect(() => runDraw({ serverSeed: SERVER_SEED, publicValue: 'p', entrants, winnerCount: 1, mode: 'UNIFORM', alreadySorted: true })).toThrow(EntrantListError);
  });
});
