import { createHash } from 'node:crypto';
import { checkPublicValue, commitmentOf, drawWinners } from './draw.js';
import { EntrantListError, parseEntrantList } from './entrant-list.js';
import { DRAW_ALGORITHM, DRAW_MODES, type DrawProof, type DrawWinner, type Entrant } from './types.js';

const HEX_DIGEST = /^[0-9a-f]{64}$/;

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Re-runs a draw from its proof and the entrant list file: the revealed seed must match the
 * commitment, the list must match the list hash and be canonical, and the draw must give exactly
 * the proof's winners. Does not check that the commitment is the one published at creation; the
 * viewer compares that.
 */
export function verifyDraw(proof: DrawProof, listText: string): VerifyResult {
  const shapeProblem = checkShape(proof);
  if (shapeProblem) return fail(shapeProblem);

  const serverSeed = Buffer.from(proof.serverSeed, 'hex');
  const seedHash = commitmentOf(serverSeed);
  if (seedHash !== proof.seedCommitment) {
    return fail(`the revealed server seed does not match the seed commitment: SHA-256 of the seed is ${seedHash}, the commitment is ${proof.seedCommitment}`);
  }

  const listHash = createHash('sha256').update(listText, 'utf8').digest('hex');
  if (listHash !== proof.listHash) {
    return fail(`the entrant list does not match the committed hash: its SHA-256 is ${listHash}, the proof says ${proof.listHash}`);
  }

  let entrants: Entrant[];
  try {
    entrants = parseEntrantList(listText);
  } catch (error) {
    if (error instanceof EntrantListError) return fail(`the entrant list is not canonical: ${error.message}`);
    throw error;
  }
  if (entrants.length !== proof.entrantCount) {
    return fail(`the proof says ${proof.entrantCount} entrants but the entrant list has ${entrants.length}`);
  }

  const winners = drawWinners({
    serverSeed,
    publicValue: proof.publicValue,
    listHash: proof.listHash,
    entrants,
    winnerCount: proof.winnerCount,
    mode: proof.mode,
  });
  const mismatch = compareWinners(winners, proof.winners);
  return mismatch ? fail(mismatch) : { ok: true };
}

function fail(reason: string): VerifyResult {
  return { ok: false, reason };
}

function checkShape(proof: DrawProof): string | null {
  if (typeof proof !== 'object' || proof === null) return 'the proof is not an object';
  if (proof.algorithm !== DRAW_ALGORITHM) {
    return `the proof uses the algorithm ${JSON.stringify(proof.algorithm)}; this verifier implements ${DRAW_ALGORITHM}`;
  }
  if (!DRAW_MODES.includes(proof.mode)) return `the proof's mode ${JSON.stringify(proof.mode)} is neither UNIFORM nor WEIGHTED`;
  if (!Number.isSafeInteger(proof.winnerCount) || proof.winnerCount < 0) return "the proof's winner count is not a non-negative integer";
  if (!Number.isSafeInteger(proof.entrantCount) || proof.entrantCount < 0) return "the proof's entrant count is not a non-negative integer";
  for (const field of ['seedCommitment', 'serverSeed', 'listHash'] as const) {
    if (typeof proof[field] !== 'string' || !HEX_DIGEST.test(proof[field])) return `the proof's ${field} is not 64 lowercase hex chars`;
  }
  const publicValueProblem = checkPublicValue(proof.publicValue);
  if (publicValueProblem) return `the proof's public value is unusable: ${publicValueProblem}`;
  if (!Array.isArray(proof.winners)) return "the proof's winners are not a list";
  return null;
}

function compareWinners(expected: DrawWinner[], claimed: DrawWinner[]): string | null {
  for (let i = 0; i < Math.max(expected.length, claimed.length); i++) {
    const want = expected[i];
    const got = claimed[i];
    if (want !== undefined && JSON.stringify(got) === JSON.stringify(want)) continue;
    if (want === undefined || got === undefined) {
      return `the winners do not match the draw: it gives ${expected.length} winners but the proof lists ${claimed.length}`;
    }
    return `the winners do not match the draw: rank ${i + 1} should be ${describe(want)} but the proof says ${describe(got)}`;
  }
  return null;
}

function describe(winner: unknown): string {
  if (typeof winner !== 'object' || winner === null) return JSON.stringify(winner);
  const { id, index, rank } = winner as Partial<DrawWinner>;
  return `${JSON.stringify(id)} (index ${JSON.stringify(index)}, rank ${JSON.stringify(rank)})`;
}
