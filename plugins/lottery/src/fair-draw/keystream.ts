import { createHmac, hash } from 'node:crypto';
import { DRAW_ALGORITHM } from './types.js';

const TWO_POW_32 = 2 ** 32;
const BLOCK_BYTES = 32;

/**
 * drawSeed = HMAC-SHA256(key = serverSeed,
 *   message = "broadcart-draw-v1" || 0x00 || listHash (32 raw bytes) || 0x00 || UTF-8(publicValue)).
 * The caller validates the inputs.
 */
export function deriveDrawSeed(serverSeed: Buffer, listHash: Buffer, publicValue: string): Buffer {
  return createHmac('sha256', serverSeed)
    .update(DRAW_ALGORITHM, 'utf8')
    .update(ZERO_BYTE)
    .update(listHash)
    .update(ZERO_BYTE)
    .update(publicValue, 'utf8')
    .digest();
}
const ZERO_BYTE = Buffer.of(0);

/**
 * The draw's random numbers: block i is SHA-256(drawSeed || uint64_be(i)), the blocks concatenated,
 * read front to back. Every read takes 4 or 8 bytes, so a u32 never spans two blocks.
 */
export class Keystream {
  // drawSeed followed by the 8-byte counter, rewritten in place for each block.
  private readonly input: Buffer;
  private block: Buffer = Buffer.alloc(0);
  private offset = BLOCK_BYTES;
  private counter = 0;

  constructor(drawSeed: Buffer) {
    if (drawSeed.length !== 32) throw new RangeError(`the draw seed must be 32 bytes, got ${drawSeed.length}`);
    this.input = Buffer.alloc(40);
    drawSeed.copy(this.input, 0);
  }

  /** How many blocks have been hashed so far (tests use it to see which path a read took). */
  get blocksUsed(): number {
    return this.counter;
  }

  /** The next 4 bytes, big-endian unsigned. */
  u32(): number {
    if (this.offset === BLOCK_BYTES) this.nextBlock();
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** The next 8 bytes as an integer below 2^53: the high 32 bits times 2^21 plus the top 21 bits of the low 32. */
  u53(): number {
    const high = this.u32();
    const low = this.u32();
    return high * 2 ** 21 + (low >>> 11);
  }

  /**
   * A uniform integer in [0, m) for 1 <= m <= 2^32. Draws below `limit`, the largest multiple of m
   * not above 2^32, are uniform modulo m; the rest are rejected, since `u32() % m` alone would
   * favour small values.
   */
  below(m: number): number {
    if (!Number.isInteger(m) || m < 1 || m > TWO_POW_32) throw new RangeError(`below(m) needs an integer m from 1 to 2^32, got ${m}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % m);
    let value = this.u32();
    while (value >= limit) value = this.u32();
    return value % m;
  }

  private nextBlock(): void {
    // The counter never nears 2^53, so the split into two 32-bit halves is exact.
    this.input.writeUInt32BE(Math.floor(this.counter / TWO_POW_32), 32);
    this.input.writeUInt32BE(this.counter >>> 0, 36);
    this.block = hash('sha256', this.input, 'buffer');
    this.counter++;
    this.offset = 0;
  }
}
