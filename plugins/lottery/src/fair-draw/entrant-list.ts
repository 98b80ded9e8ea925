import { createHash } from 'node:crypto';
import { MAX_WEIGHT, type Entrant } from './types.js';

/** A malformed entrant list: a bad id or weight, a duplicate id, or (for parsed text) lines out of order. */
export class EntrantListError extends Error {
  /** The 1-based line of the canonical list file at fault, when known. */
  readonly line: number | null;
  /** The id at fault, when known. */
  readonly id: string | null;

  constructor(message: string, where: { line?: number; id?: string } = {}) {
    super(message);
    this.name = 'EntrantListError';
    this.line = where.line ?? null;
    this.id = where.id ?? null;
  }
}

/**
 * The canonical entrant list. `text` is the downloadable list file; for millions of entrants it is
 * about 40 bytes per entrant, so it is only built when first read, and `chunks()` yields the same
 * text in pieces of a few MB for streaming. Both read the entrants again: do not change the array
 * they came from.
 */
export interface CanonicalList {
  /** SHA-256 of the UTF-8 list text, 64 lowercase hex chars. */
  readonly hash: string;
  readonly text: string;
  chunks(): Iterable<string>;
}

// About 2 MB of text per chunk: big enough that per-chunk costs vanish, small enough to stay cheap in memory.
const CHUNK_CHARS = 1 << 21;
const WEIGHT_SUFFIX = Array.from({ length: MAX_WEIGHT + 1 }, (_, weight) => `\t${weight}\n`);
const WEIGHT_TEXT = /^(?:[1-9][0-9]?|100)$/;
// One scan finds every id that needs a closer look: forbidden characters, or UTF-16 surrogates,
// whose order differs from UTF-8 byte order and which may be unpaired.
const SUSPECT_ID_CHAR = /[\t\n\r\uD800-\uDFFF]/;
// String.prototype.isWellFormed is ES2024; the packages target ES2023.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Compares ids by their UTF-8 bytes (which is Unicode code point order). Plain `<` compares UTF-16
 * code units and disagrees only when a surrogate (part of a character above U+FFFF) meets a
 * character from U+E000 to U+FFFF at the first difference.
 */
export function compareIds(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Throws unless `id` is a valid entrant id; returns whether it contains surrogates (see compareIds). */
function checkId(id: unknown, where: string, line?: number): boolean {
  if (typeof id !== 'string' || id.length === 0) {
    throw new EntrantListError(`${where}: the id must be a non-empty string`, { line });
  }
  if (!SUSPECT_ID_CHAR.test(id)) return false;
  const named = JSON.stringify(id);
  if (id.includes('\t')) throw new EntrantListError(`${where}: the id ${named} contains a tab`, { line, id });
  if (id.includes('\r')) throw new EntrantListError(`${where}: the id ${named} contains a carriage return (CR)`, { line, id });
  if (id.includes('\n')) throw new EntrantListError(`${where}: the id ${named} contains a line feed (LF)`, { line, id });
  if (UNPAIRED_SURROGATE.test(id)) throw new EntrantListError(`${where}: the id ${named} contains an unpaired UTF-16 surrogate, which has no UTF-8 form`, { line, id });
  return true;
}

function checkWeight(weight: unknown, where: string, line: number | undefined, id: string): void {
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > MAX_WEIGHT) {
    throw new EntrantListError(`${where}: the weight of ${JSON.stringify(id)} is ${String(weight)}, not an integer from 1 to ${MAX_WEIGHT}`, { line, id });
  }
}

/** Throws unless `id` comes strictly after `previous` in canonical order. */
function checkOrder(previous: string, previousSurrogates: boolean, id: string, surrogates: boolean, line: number): void {
  const ascending = previousSurrogates || surrogates ? compareIds(previous, id) < 0 : previous < id;
  if (ascending) return;
  if (previous === id) {
    throw new EntrantListError(`line ${line}: duplicate id ${JSON.stringify(id)} (also on line ${line - 1})`, { line, id });
  }
  throw new EntrantListError(
    `line ${line}: the id ${JSON.stringify(id)} sorts before ${JSON.stringify(previous)} on line ${line - 1}; the list must be in ascending UTF-8 byte order of ids`,
    { line, id },
  );
}

/** Validates entrants in canonical order and yields the list text in chunks of about CHUNK_CHARS. */
function* serialize(entrants: readonly Entrant[]): Generator<string, void, undefined> {
  let chunk = '';
  let previous = '';
  let previousSurrogates = false;
  for (let i = 0; i < entrants.length; i++) {
    const entrant = entrants[i]!;
    const line = i + 1;
    const where = `line ${line}`;
    const { id, weight } = entrant;
    const surrogates = checkId(id, where, line);
    checkWeight(weight, where, line, id);
    if (i > 0) checkOrder(previous, previousSurrogates, id, surrogates, line);
    chunk += id + WEIGHT_SUFFIX[weight];
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
    previous = id;
    previousSurrogates = surrogates;
  }
  if (chunk.length > 0) yield chunk;
}

function lazyList(entrants: readonly Entrant[]): CanonicalList {
  const digest = createHash('sha256');
  for (const chunk of serialize(entrants)) digest.update(chunk, 'utf8');
  const hash = digest.digest('hex');
  let text: string | undefined;
  return {
    hash,
    get text() {
      text ??= Array.from(serialize(entrants)).join('');
      return text;
    },
    chunks: () => serialize(entrants),
  };
}

/**
 * Sorts entrants into canonical order, validates them (ids, weights, duplicates: throws
 * EntrantListError naming the entrant or line and the id) and serializes them.
 */
export function canonicalEntrantList(entrants: Iterable<Entrant>): CanonicalList & { entrants: Entrant[] } {
  const sorted: Entrant[] = [];
  let surrogates = false;
  for (const { id, weight } of entrants) {
    const where = `entrant ${sorted.length + 1} of the input`;
    if (checkId(id, where)) surrogates = true;
    checkWeight(weight, where, undefined, id);
    sorted.push({ id, weight });
  }
  sorted.sort(surrogates ? (a, b) => compareIds(a.id, b.id) : (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const list = lazyList(sorted);
  return {
    hash: list.hash,
    get text() {
      return list.text;
    },
    chunks: list.chunks,
    entrants: sorted,
  };
}

/**
 * For entrants already in canonical order (e.g. `ORDER BY id COLLATE "C"` from PostgreSQL):
 * validates in one O(n) pass, without sorting, and throws EntrantListError on the first bad line.
 */
export function canonicalFromSorted(entrants: readonly Entrant[]): CanonicalList {
  return lazyList(entrants);
}

/**
 * Parses a list file strictly: LF line ends, `<id>\t<weight>` on every line including the last,
 * weights without sign or leading zeros, ids strictly ascending. Errors name the line number.
 */
export function parseEntrantList(text: string): Entrant[] {
  const entrants: Entrant[] = [];
  let previous = '';
  let previousSurrogates = false;
  let start = 0;
  while (start < text.length) {
    const line = entrants.length + 1;
    const end = text.indexOf('\n', start);
    if (end === -1) {
      throw new EntrantListError(`line ${line} does not end with a line feed; every line, the last included, must end with "\\n"`, { line });
    }
    const tab = text.indexOf('\t', start);
    if (tab === -1 || tab > end) {
      throw new EntrantListError(`line ${line} has no tab between the id and the weight`, { line });
    }
    const id = text.slice(start, tab);
    const weightText = text.slice(tab + 1, end);
    const where = `line ${line}`;
    const surrogates = checkId(id, where, line);
    if (!WEIGHT_TEXT.test(weightText)) {
      const problem = weightText.endsWith('\r')
        ? 'ends with a carriage return; the list uses LF line ends, not CR LF'
        : `has the weight ${JSON.stringify(weightText)}, not an integer from 1 to ${MAX_WEIGHT} written without sign or leading zeros`;
      throw new EntrantListError(`${where} ${problem}`, { line, id });
    }
    if (line > 1) checkOrder(previous, previousSurrogates, id, surrogates, line);
    entrants.push({ id, weight: Number(weightText) });
    previous = id;
    previousSurrogates = surrogates;
    start = end + 1;
  }
  return entrants;
}
