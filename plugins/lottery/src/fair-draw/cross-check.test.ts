import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyDraw as verifyStandalone } from '../../bin/verify-draw.mjs';
import { runDraw } from './draw.js';
import type { DrawMode } from './types.js';
import { verifyDraw } from './verify.js';

const uuid = fc.uuid().map((id) => id.toLowerCase());
// Any text without tab, CR or LF, characters above U+FFFF included, so byte order gets exercised.
const anyId = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((id) => !/[\t\r\n]/.test(id));
const entrants = fc
  .uniqueArray(fc.oneof(uuid, anyId), { maxLength: 300, size: 'max' })
  .chain((ids) => fc.tuple(fc.constant(ids), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: ids.length, maxLength: ids.length })))
  .map(([ids, weights]) => ids.map((id, i) => ({ id, weight: weights[i]! })));
const publicValue = fc.string({ unit: 'binary', minLength: 1, maxLength: 64 });
const draw = fc.record({
  serverSeed: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes)),
  publicValue,
  entrants,
  extra: fc.nat(),
  mode: fc.constantFrom<DrawMode>('UNIFORM', 'WEIGHTED'),
});

describe('the engine and the standalone verifier', () => {
  it('agree byte for byte on the winners of random draws, and both accept the proof', () => {
    fc.assert(
      fc.property(draw, ({ serverSeed, publicValue, entrants, extra, mode }) => {
        const winnerCount = extra % (entrants.length + 3);
        const { proof, listText } = runDraw({ serverSeed, publicValue, entrants, winnerCount, mode });
        expect(verifyDraw(proof, listText)).toEqual({ ok: true });
        // The proof goes through JSON as it would when downloaded.
        const standalone = verifyStandalone(JSON.parse(JSON.stringify(proof)), Buffer.from(listText, 'utf8'));
        expect(standalone.ok).toBe(true);
        expect(JSON.stringify(standalone.winners)).toBe(JSON.stringify(proof.winners));
      }),
      { numRuns: 150 },
    );
  });

  it('both reject a proof whose winners were swapped for another entrant', () => {
    fc.assert(
      fc.property(draw, ({ serverSeed, publicValue, entrants, mode }) => {
        fc.pre(entrants.length >= 2);
        const { proof, listText } = runDraw({ serverSeed, publicValue, entrants, winnerCount: 1, mode });
        const loser = runDraw({ serverSeed, publicValue, entrants, winnerCount: entrants.length, mode }).proof.winners.at(-1)!;
        const forged = { ...proof, winners: [{ ...loser, rank: 1 }] };
        expect(verifyDraw(forged, listText).ok).toBe(false);
        expect(verifyStandalone(forged, Buffer.from(listText, 'utf8')).ok).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
