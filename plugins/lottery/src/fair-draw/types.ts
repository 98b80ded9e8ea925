/** The name and version of the draw algorithm; a proof names it so verifiers know what to re-run. */
export const DRAW_ALGORITHM = 'broadcart-draw-v1';

/** `UNIFORM` ignores weights (every entrant equally likely); `WEIGHTED` is proportional to them. */
export type DrawMode = 'UNIFORM' | 'WEIGHTED';

export interface Entrant {
  /** A viewer id: non-empty, no tab, CR or LF (in practice a lowercase UUID). */
  id: string;
  /** An integer from 1 to 100; 1 for uniform draws. */
  weight: number;
}

export interface DrawWinner {
  /** 1 for the first winner drawn. */
  rank: number;
  id: string;
  /** The winner's position in the canonical entrant list, from 0. */
  index: number;
}

/** Everything a viewer needs, together with the entrant list file, to re-run and check a draw. */
export interface DrawProof {
  algorithm: typeof DRAW_ALGORITHM;
  mode: DrawMode;
  /** The number of winners asked for; fewer are drawn when there are fewer entrants. */
  winnerCount: number;
  entrantCount: number;
  /** SHA-256 of the server seed as 64 lowercase hex chars, published when the lottery was created. */
  seedCommitment: string;
  /** The server seed as 64 lowercase hex chars, revealed with the draw. */
  serverSeed: string;
  /** The value fixed only after entries closed (a beacon round's value, or a typed salt). */
  publicValue: string;
  /** SHA-256 of the entrant list file as 64 lowercase hex chars. */
  listHash: string;
  winners: DrawWinner[];
}

export const DRAW_MODES: readonly DrawMode[] = ['UNIFORM', 'WEIGHTED'];
export const MAX_WEIGHT = 100;
export const MAX_PUBLIC_VALUE_BYTES = 512;
export const SERVER_SEED_BYTES = 32;
