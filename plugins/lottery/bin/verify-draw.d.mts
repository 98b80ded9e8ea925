// Types for verify-draw.mjs, which stays plain JavaScript so it can be copied and run alone.
export interface VerifiedWinner {
  rank: number;
  id: string;
  index: number;
}

export type VerifyDrawResult =
  | { ok: true; winners: VerifiedWinner[]; drawSeed: string }
  | { ok: false; reason: string; winners?: VerifiedWinner[] };

/** Verifies a draw from its parsed proof JSON and the entrant list file's bytes. */
export function verifyDraw(proof: unknown, listBytes: Uint8Array): VerifyDrawResult;

/** The command line (`verify-draw.mjs proof.json entrants.txt`); returns the exit status. */
export function main(args: string[], out?: { write(text: string): unknown }, err?: { write(text: string): unknown }): number;
