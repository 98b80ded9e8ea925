#!/usr/bin/env node
// Standalone verifier for Broadcart lottery draws (algorithm broadcart-draw-v1).
//
// A second implementation of the draw, written apart from the server's engine and using only
// Node.js built-ins, so anyone can copy this one file and check a draw with any Node >= 20:
//
//   node verify-draw.mjs proof.json entrants.txt
//
// The algorithm is specified in plugins/lottery/docs/fair-draw.md.
import { isUtf8 } from 'node:buffer';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ALGORITHM = 'broadcart-draw-v1';
const HEX_32_BYTES = /^[0-9a-f]{64}$/;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

const USAGE = `Usage: node verify-draw.mjs <proof.json> <entrants.txt>

Re-runs a Broadcart lottery draw (${ALGORITHM}) from its proof and its entrant list file,
prints the winners it computes (JSON, in the same form as the proof's "winners") and
"OK: winners reproduced" (exit status 0), or the reason the draw does not check out (exit
status 1). Wrong arguments exit with status 2.

It checks that SHA-256 of the revealed server seed equals the seed commitment, that SHA-256
of the entrant list file equals the list hash, that the list is canonical, and that the
draw gives exactly the proof's winners. Compare the seed commitment with the one published
when the lottery was created yourself: this program cannot know it.`;

class VerificationError extends Error {}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest();
}

function checkProof(proof) {
  if (typeof proof !== 'object' || proof === null || Array.isArray(proof)) throw new VerificationError('the proof is not a JSON object');
  if (proof.algorithm !== ALGORITHM) {
    throw new VerificationError(`the proof uses the algorithm ${JSON.stringify(proof.algorithm)}; this verifier implements ${ALGORITHM}`);
  }
  if (proof.mode !== 'UNIFORM' && proof.mode !== 'WEIGHTED') {
    throw new VerificationError(`the proof's mode ${JSON.stringify(proof.mode)} is neither UNIFORM nor WEIGHTED`);
  }
  for (const field of ['winnerCount', 'entrantCount']) {
    if (!Number.isSafeInteger(proof[field]) || proof[field] < 0) throw new VerificationError(`the proof's ${field} is not a non-negative integer`);
  }
  for (const field of ['seedCommitment', 'serverSeed', 'listHash']) {
    if (typeof proof[field] !== 'string' || !HEX_32_BYTES.test(proof[field])) {
      throw new VerificationError(`the proof's ${field} is not 64 lowercase hex characters`);
    }
  }
  if (typeof proof.publicValue !== 'string' || proof.publicValue === '') throw new VerificationError("the proof's publicValue is not a non-empty string");
  const publicBytes = Buffer.from(proof.publicValue, 'utf8');
  if (publicBytes.length > 512) throw new VerificationError("the proof's publicValue is longer than 512 bytes of UTF-8");
  if (publicBytes.toString('utf8') !== proof.publicValue) throw new VerificationError("the proof's publicValue is not valid Unicode text");
  if (!Array.isArray(proof.winners)) throw new VerificationError("the proof's winners are not a list");
}

// Parses the list file byte by byte: `<id> TAB <weight> LF` per line, ids strictly ascending by bytes.
// Keeps offsets rather than strings, so a list of millions of lines costs 9 bytes a line; idAt
// decodes the few ids that win.
function parseList(bytes) {
  if (!isUtf8(bytes)) throw new VerificationError('the entrant list is not valid UTF-8');
  let count = 0;
  for (let at = bytes.indexOf(LF); at >= 0; at = bytes.indexOf(LF, at + 1)) count++;
  const starts = new Uint32Array(count);
  const tabs = new Uint32Array(count);
  const weights = new Uint8Array(count);
  let lineStart = 0;
  let line = 0;
  while (lineStart < bytes.length) {
    const lineEnd = bytes.indexOf(LF, lineStart);
    const where = `the entrant list is not canonical: line ${line + 1}`;
    if (lineEnd < 0) throw new VerificationError(`${where} does not end with a line feed`);
    let tab = -1;
    for (let at = lineStart; at < lineEnd; at++) {
      const byte = bytes[at];
      if (byte === CR) throw new VerificationError(`${where} contains a carriage return`);
      if (byte === TAB) {
        if (tab >= 0) throw new VerificationError(`${where} has more than one tab`);
        tab = at;
      }
    }
    if (tab < 0) throw new VerificationError(`${where} has no tab`);
    if (tab === lineStart) throw new VerificationError(`${where} has an empty id`);
    const weight = parseWeight(bytes, tab + 1, lineEnd);
    if (weight === null) {
      throw new VerificationError(`${where} has the weight ${JSON.stringify(bytes.toString('utf8', tab + 1, lineEnd))}, not 1 to 100 without leading zeros`);
    }
    if (line > 0) {
      const order = bytes.compare(bytes, starts[line - 1], tabs[line - 1], lineStart, tab);
      if (order === 0) throw new VerificationError(`${where} repeats the id of line ${line}`);
      if (order < 0) throw new VerificationError(`${where} sorts before line ${line} (ids must ascend by UTF-8 bytes)`);
    }
    starts[line] = lineStart;
    tabs[line] = tab;
    weights[line] = weight;
    line++;
    lineStart = lineEnd + 1;
  }
  return { count, weights, idAt: (index) => bytes.toString('utf8', starts[index], tabs[index]) };
}

function parseWeight(bytes, start, end) {
  const length = end - start;
  if (length < 1 || length > 3 || bytes[start] === 0x30) return null;
  let value = 0;
  for (let at = start; at < end; at++) {
    const digit = bytes[at] - 0x30;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return value >= 1 && value <= 100 ? value : null;
}

// SHA-256(drawSeed || uint64_be(i)) for i = 0, 1, 2, ...; read 4 bytes at a time.
function keystream(drawSeed) {
  let blockIndex = 0n;
  let block = null;
  let offset = 32;
  const counter = Buffer.alloc(8);
  const nextWord = () => {
    if (offset === 32) {
      counter.writeBigUInt64BE(blockIndex);
      blockIndex += 1n;
      block = createHash('sha256').update(drawSeed).update(counter).digest();
      offset = 0;
    }
    const word = block.readUInt32BE(offset);
    offset += 4;
    return word;
  };
  return {
    u32: nextWord,
    u53() {
      const high = nextWord();
      const low = nextWord();
      return high * 2097152 + Math.floor(low / 2048);
    },
    below(m) {
      const range = 4294967296;
      const limit = range - (range % m);
      for (;;) {
        const r = nextWord();
        if (r < limit) return r % m;
      }
    },
  };
}

function uniformPositions(stream, n, k) {
  const moved = new Map();
  const at = (position) => (moved.has(position) ? moved.get(position) : position);
  const picked = [];
  for (let i = 0; i < Math.min(n, k); i++) {
    const j = i + stream.below(n - i);
    const atI = at(i);
    const atJ = at(j);
    moved.set(i, atJ);
    moved.set(j, atI);
    picked.push(atJ);
  }
  return picked;
}

// a ranks ahead of b: a larger key, or the same key and a smaller index.
const ahead = (a, b) => a.key > b.key || (a.key === b.key && a.index < b.index);

function weightedPositions(stream, weights, k) {
  const size = Math.min(k, weights.length);
  if (size === 0) return [];
  // A min-heap on rank: heap[0] is the entrant that would be dropped first.
  const heap = [];
  const swap = (x, y) => {
    const held = heap[x];
    heap[x] = heap[y];
    heap[y] = held;
  };
  for (let index = 0; index < weights.length; index++) {
    let key = -1;
    for (let draw = 0; draw < weights[index]; draw++) key = Math.max(key, stream.u53());
    const entry = { key, index };
    if (heap.length < size) {
      heap.push(entry);
      for (let at = heap.length - 1; at > 0 && ahead(heap[(at - 1) >> 1], heap[at]); at = (at - 1) >> 1) swap(at, (at - 1) >> 1);
    } else if (ahead(entry, heap[0])) {
      heap[0] = entry;
      for (let at = 0; ; ) {
        let last = at;
        for (const child of [2 * at + 1, 2 * at + 2]) if (child < heap.length && ahead(heap[last], heap[child])) last = child;
        if (last === at) break;
        swap(at, last);
        at = last;
      }
    }
  }
  return heap.sort((a, b) => (ahead(a, b) ? -1 : 1)).map((entry) => entry.index);
}

/**
 * Verifies a draw. `proof` is the parsed proof JSON, `listBytes` the entrant list file's bytes.
 * Returns { ok: true, winners, drawSeed } or { ok: false, reason, winners? } (winners when the
 * draw could be re-run but gave other winners).
 */
export function verifyDraw(proof, listBytes) {
  try {
    checkProof(proof);
    const serverSeed = Buffer.from(proof.serverSeed, 'hex');
    const seedHash = sha256(serverSeed).toString('hex');
    if (seedHash !== proof.seedCommitment) {
      throw new VerificationError(`the revealed server seed does not match the seed commitment: SHA-256 of the seed is ${seedHash}, the commitment is ${proof.seedCommitment}`);
    }
    const bytes = Buffer.from(listBytes.buffer, listBytes.byteOffset, listBytes.byteLength);
    const listHash = sha256(bytes);
    if (listHash.toString('hex') !== proof.listHash) {
      throw new VerificationError(`the entrant list does not match the committed hash: its SHA-256 is ${listHash.toString('hex')}, the proof says ${proof.listHash}`);
    }
    const list = parseList(bytes);
    if (list.count !== proof.entrantCount) {
      throw new VerificationError(`the proof says ${proof.entrantCount} entrants but the entrant list has ${list.count}`);
    }
    const message = Buffer.concat([Buffer.from(ALGORITHM, 'ascii'), Buffer.of(0), listHash, Buffer.of(0), Buffer.from(proof.publicValue, 'utf8')]);
    const drawSeed = createHmac('sha256', serverSeed).update(message).digest();
    const stream = keystream(drawSeed);
    const positions = proof.mode === 'UNIFORM' ? uniformPositions(stream, list.count, proof.winnerCount) : weightedPositions(stream, list.weights, proof.winnerCount);
    const winners = positions.map((index, at) => ({ rank: at + 1, id: list.idAt(index), index }));
    if (JSON.stringify(winners) !== JSON.stringify(proof.winners)) {
      return { ok: false, reason: `the winners do not match the draw: ${firstDifference(winners, proof.winners)}`, winners };
    }
    return { ok: true, winners, drawSeed: drawSeed.toString('hex') };
  } catch (error) {
    if (error instanceof VerificationError) return { ok: false, reason: error.message };
    throw error;
  }
}

function firstDifference(computed, claimed) {
  if (computed.length !== claimed.length) return `it gives ${computed.length} winners, the proof lists ${claimed.length}`;
  const at = computed.findIndex((winner, i) => JSON.stringify(winner) !== JSON.stringify(claimed[i]));
  return `rank ${at + 1} should be ${JSON.stringify(computed[at])}, the proof says ${JSON.stringify(claimed[at])}`;
}

/** The command line: returns the exit status. */
export function main(args, out = process.stdout, err = process.stderr) {
  if (args.includes('--help') || args.includes('-h')) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (args.length !== 2) {
    err.write(`${USAGE}\n`);
    return 2;
  }
  const [proofPath, listPath] = args;
  let proof;
  let listBytes;
  try {
    proof = JSON.parse(readFileSync(proofPath, 'utf8'));
  } catch (error) {
    err.write(`FAILED: cannot read the proof ${proofPath}: ${error.message}\n`);
    return 1;
  }
  try {
    listBytes = readFileSync(listPath);
  } catch (error) {
    err.write(`FAILED: cannot read the entrant list ${listPath}: ${error.message}\n`);
    return 1;
  }
  const result = verifyDraw(proof, listBytes);
  if (result.winners) out.write(`winners: ${JSON.stringify(result.winners)}\n`);
  if (!result.ok) {
    err.write(`FAILED: ${result.reason}\n`);
    return 1;
  }
  out.write(`mode: ${proof.mode}, entrants: ${proof.entrantCount}, winners asked: ${proof.winnerCount}\n`);
  out.write(`drawSeed: ${result.drawSeed}\n`);
  out.write('OK: winners reproduced\n');
  return 0;
}

// Run as a program (also through an npm bin symlink), not when imported.
function invokedDirectly() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (invokedDirectly()) {
  process.exitCode = main(process.argv.slice(2));
}
