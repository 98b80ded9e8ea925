import { createHash, randomBytes } from 'node:crypto';
import { canonicalEntrantList, canonicalFromSorted, type CanonicalList } from './entrant-list.js';
import { deriveDrawSeed, Keystream } from './keystream.js';
import {
  DRAW_ALGORITHM,
  DRAW_MODES,
  MAX_PUBLIC_VALUE_BYTES,
  MAX_WEIGHT,
  SERVER_SEED_BYTES,
  type DrawMode,
  type DrawProof,
  type DrawWinner,
  type Entrant,
} from './types.js';

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** SHA-256 of the server seed as lowercase hex: what is published when the lottery is created. */
export function commitmentOf(serverSeed: Buffer): string {
  return createHash('sha256').update(serverSeed).digest('hex');
}

/** A fresh secret seed for a lottery and its commitment; keep the seed secret until the draw. */
export function createServerSeed(): { serverSeed: Buffer; seedCommitment: string } {
  const serverSeed = randomBytes(SERVER_SEED_BYTES);
  return { serverSeed, seedCommitment: commitmentOf(serverSeed) };
}

export interface DrawInput {
  /** The 32-byte secret whose commitment was published at creation. */
  serverSeed: Buffer;
  /** Non-empty UTF-8 text of at most 512 bytes, fixed only after entries closed. */
  publicValue: string;
  /** SHA-256 of the canonical list text, 64 lowercase hex chars. */
  listHash: string;
  /** In canonical order; not checked against `listHash` here (runDraw and verifyDraw do that). */
  entrants: readonly Entrant[];
  /** How many winners to draw; fewer when there are fewer entrants. */
  winnerCount: number;
  mode: DrawMode;
}

/** The winners of a draw, in rank order. Throws RangeError on invalid input. */
export function drawWinners(input: DrawInput): DrawWinner[] {
  const { serverSeed, publicValue, listHash, entrants, winnerCount, mode } = input;
  if (!Buffer.isBuffer(serverSeed) || serverSeed.length !== SERVER_SEED_BYTES) {
    throw new RangeError(`the server seed must be ${SERVER_SEED_BYTES} bytes`);
  }
  const publicValueProblem = checkPublicValue(publicValue);
  if (publicValueProblem) throw new RangeError(publicValueProblem);
  if (typeof listHash !== 'string' || !HEX_DIGEST.test(listHash)) {
    throw new RangeError('the list hash must be 64 lowercase hex chars');
  }
  if (!Number.isSafeInteger(winnerCount) || winnerCount < 0) {
    throw new RangeError(`the winner count must be a non-negative integer, got ${winnerCount}`);
  }
  if (!DRAW_MODES.includes(mode)) throw new RangeError(`the mode must be UNIFORM or WEIGHTED, got ${String(mode)}`);

  const keystream = new Keystream(deriveDrawSeed(serverSeed, Buffer.from(listHash, 'hex'), publicValue));
  return mode === 'UNIFORM' ? drawUniform(keystream, entrants, winnerCount) : drawWeighted(keystream, entrants, winnerCount);
}

/** Why a public value is unusable, or null. */
export function checkPublicValue(publicValue: unknown): string | null {
  if (typeof publicValue !== 'string' || publicValue.length === 0) return 'the public value must be a non-empty string';
  if (Buffer.byteLength(publicValue, 'utf8') > MAX_PUBLIC_VALUE_BYTES) {
    return `the public value must be at most ${MAX_PUBLIC_VALUE_BYTES} bytes of UTF-8`;
  }
  if (Buffer.from(publicValue, 'utf8').toString('utf8') !== publicValue) {
    return 'the public value contains an unpaired UTF-16 surrogate, which has no UTF-8 form';
  }
  return null;
}

/**
 * Partial Fisher-Yates over positions 0..n-1: for i < min(k, n), j = i + below(n - i), swap i and
 * j, rank i+1 is the entrant now at i. Only displaced positions are stored, so memory is O(k).
 */
export function drawUniform(keystream: Pick<Keystream, 'below'>, entrants: readonly Entrant[], winnerCount: number): DrawWinner[] {
  const n = entrants.length;
  const count = Math.min(winnerCount, n);
  const displaced = new Map<number, number>();
  const winners: DrawWinner[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + keystream.below(n - i);
    const atJ = displaced.get(j) ?? j;
    // Position i is never read again (later j are above i), so only j needs the swapped value.
    if (j !== i) displaced.set(j, displaced.get(i) ?? i);
    displaced.delete(i);
    winners.push({ rank: i + 1, id: entrants[atJ]!.id, index: atJ });
  }
  return winners;
}

/**
 * A-Res (Efraimidis and Spirakis) in integers: an entrant's key is the largest of `weight`
 * successive u53 values, distributed like U^(1/weight). The k largest keys win, highest first;
 * on equal keys the lower canonical index ranks first. A size-k min-heap keeps memory at O(k).
 */
export function drawWeighted(keystream: Pick<Keystream, 'u53'>, entrants: readonly Entrant[], winnerCount: number): DrawWinner[] {
  const n = entrants.length;
  const capacity = Math.min(winnerCount, n);
  if (capacity === 0) return [];
  const heap = new KeyHeap(capacity);
  for (let index = 0; index < n; index++) {
    const weight = entrants[index]!.weight;
    if (!Number.isInteger(weight) || weight < 1 || weight > MAX_WEIGHT) {
      throw new RangeError(`entrant ${index} has the weight ${weight}, not an integer from 1 to ${MAX_WEIGHT}`);
    }
    let key = keystream.u53();
    for (let draw = 1; draw < weight; draw++) {
      const value = keystream.u53();
      if (value > key) key = value;
    }
    heap.offer(key, index);
  }
  return heap.ranked().map((index, position) => ({ rank: position + 1, id: entrants[index]!.id, index }));
}

/**
 * The k best (key, index) pairs seen. The root is the worst kept: the smallest key, and among equal
 * keys the highest index. Entrants arrive in index order, so a newcomer with the root's key is worse
 * than everything kept and is dropped.
 */
class KeyHeap {
  private readonly keys: Float64Array;
  private readonly indexes: Float64Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.indexes = new Float64Array(capacity);
  }

  offer(key: number, index: number): void {
    if (this.size < this.capacity) {
      let child = this.size++;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (!this.worse(key, index, this.keys[parent]!, this.indexes[parent]!)) break;
        this.keys[child] = this.keys[parent]!;
        this.indexes[child] = this.indexes[parent]!;
        child = parent;
      }
      this.keys[child] = key;
      this.indexes[child] = index;
      return;
    }
    if (key <= this.keys[0]!) return;
    let parent = 0;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= this.size) break;
      const right = child + 1;
      if (right < this.size && this.worse(this.keys[right]!, this.indexes[right]!, this.keys[child]!, this.indexes[child]!)) child = right;
      if (!this.worse(this.keys[child]!, this.indexes[child]!, key, index)) break;
      this.keys[parent] = this.keys[child]!;
      this.indexes[parent] = this.indexes[child]!;
      parent = child;
    }
    this.keys[parent] = key;
    this.indexes[parent] = index;
  }

  /** The kept indexes, best first. */
  ranked(): number[] {
    const order = Array.from({ length: this.size }, (_, slot) => slot);
    order.sort((a, b) => this.keys[b]! - this.keys[a]! || this.indexes[a]! - this.indexes[b]!);
    return order.map((slot) => this.indexes[slot]!);
  }

  private worse(key: number, index: number, otherKey: number, otherIndex: number): boolean {
    return key < otherKey || (key === otherKey && index > otherIndex);
  }
}

export interface RunDrawInput {
  serverSeed: Buffer;
  publicValue: string;
  /** Any order, unless `alreadySorted`. */
  entrants: readonly Entrant[];
  winnerCount: number;
  mode: DrawMode;
  /** The entrants are in canonical order already (e.g. from `ORDER BY id COLLATE "C"`): validate in O(n), skip the sort. */
  alreadySorted?: boolean;
}

export interface DrawRun {
  /** The proof, with the server seed revealed. */
  proof: DrawProof;
  /** Same as `proof.listHash`. */
  listHash: string;
  /** The entrant list file; built on first read (about 40 bytes per entrant). */
  readonly listText: string;
  /** The entrant list file in chunks of a few MB, for streaming large lists (e.g. `Readable.from(run.listChunks())`). */
  listChunks(): Iterable<string>;
}

/**
 * Canonicalizes and hashes the entrant list, draws, and returns the proof. Throws EntrantListError
 * for a bad list and RangeError for other bad input.
 */
export function runDraw(input: RunDrawInput): DrawRun {
  let list: CanonicalList;
  let entrants: readonly Entrant[];
  if (input.alreadySorted) {
    list = canonicalFromSorted(input.entrants);
    entrants = input.entrants;
  } else {
    const sorted = canonicalEntrantList(input.entrants);
    list = sorted;
    entrants = sorted.entrants;
  }
  const winners = drawWinners({
    serverSeed: input.serverSeed,
    publicValue: input.publicValue,
    listHash: list.hash,
    entrants,
    winnerCount: input.winnerCount,
    mode: input.mode,
  });
  const proof: DrawProof = {
    algorithm: DRAW_ALGORITHM,
    mode: input.mode,
    winnerCount: input.winnerCount,
    entrantCount: entrants.length,
    seedCommitment: commitmentOf(input.serverSeed),
    serverSeed: input.serverSeed.toString('hex'),
    publicValue: input.publicValue,
    listHash: list.hash,
    winners,
  };
  return {
    proof,
    listHash: list.hash,
    get listText() {
      return list.text;
    },
    listChunks: () => list.chunks(),
  };
}
