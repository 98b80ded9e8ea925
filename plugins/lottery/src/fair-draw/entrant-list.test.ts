import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEntrantList, canonicalFromSorted, compareIds, EntrantListError, parseEntrantList } from './entrant-list.js';
import type { Entrant } from './types.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function listError(run: () => unknown): EntrantListError {
  try {
    run();
  } catch (error) {
    if (error instanceof EntrantListError) return error;
    throw error;
  }
  throw new Error('expected an EntrantListError');
}

describe('canonicalEntrantList', () => {
  it('sorts by id and writes one "<id>\\t<weight>\\n" line per entrant', () => {
    const list = canonicalEntrantList([
      { id: 'c', weight: 1 },
      { id: 'a', weight: 100 },
      { id: 'b', weight: 7 },
    ]);
    expect(list.text).toBe('a\t100\nb\t7\nc\t1\n');
    expect(list.hash).toBe(sha256('a\t100\nb\t7\nc\t1\n'));
    expect(list.entrants.map((entrant) => entrant.id)).toEqual(['a', 'b', 'c']);
  });

  it('gives the empty text and the hash of nothing for no entrants', () => {
    const list = canonicalEntrantList([]);
    expect(list.text).toBe('');
    expect(list.hash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('orders ids by UTF-8 bytes, which puts characters above U+FFFF after U+E000..U+FFFF', () => {
    // UTF-16 order would put the emoji (surrogates D83D DE00) before U+FF21, UTF-8 order after.
    const ids = ['\u{1F600}', '\uFF21', 'Z', 'a', '\u00e9', 'ab'];
    const list = canonicalEntrantList(ids.map((id) => ({ id, weight: 1 })));
    const sortedByBytes = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(list.entrants.map((entrant) => entrant.id)).toEqual(sortedByBytes);
    expect(sortedByBytes.indexOf('\u{1F600}')).toBeGreaterThan(sortedByBytes.indexOf('\uFF21'));
  });

  it('does not depend on the input order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1 }).filter((id) => !/[\t\r\n]/.test(id)), { maxLength: 40, size: 'max' }), fc.nat(), (ids, turn) => {
        const entrants = ids.map((id, i) => ({ id, weight: 1 + (i % 100) }));
        const rotated = [...entrants.slice(turn % (entrants.length || 1)), ...entrants.slice(0, turn % (entrants.length || 1))].reverse();
        expect(canonicalEntrantList(rotated).text).toBe(canonicalEntrantList(entrants).text);
      }),
    );
  });

  it('rejects a duplicate id, naming it', () => {
    const error = listError(() =>
      canonicalEntrantList([
        { id: 'b', weight: 1 },
        { id: 'a', weight: 1 },
        { id: 'b', weight: 2 },
      ]),
    );
    expect(error.message).toMatch(/duplicate id "b"/);
    expect(error.id).toBe('b');
  });

  it.each([
    [{ id: '', weight: 1 }, /entrant 2 of the input: the id must be a non-empty string/],
    [{ id: 'x\ty', weight: 1 }, /entrant 2 of the input: the id "x\\ty" contains a tab/],
    [{ id: 'x\r', weight: 1 }, /carriage return/],
    [{ id: 'x\ny', weight: 1 }, /line feed/],
    [{ id: 'x\uD800', weight: 1 }, /unpaired UTF-16 surrogate/],
    [{ id: 'x', weight: 0 }, /the weight of "x" is 0, not an integer from 1 to 100/],
    [{ id: 'x', weight: 101 }, /is 101/],
    [{ id: 'x', weight: 1.5 }, /is 1.5/],
    [{ id: 'x', weight: Number.NaN }, /is NaN/],
  ])('rejects %j', (bad, message) => {
    expect(() => canonicalEntrantList([{ id: 'ok', weight: 1 }, bad as Entrant])).toThrow(message);
  });
});

describe('canonicalFromSorted', () => {
  it('gives the same text and hash as sorting', () => {
    const entrants = Array.from({ length: 1000 }, (_, i) => ({ id: `viewer-${String(i).padStart(4, '0')}`, weight: 1 + (i % 3) }));
    const sorted = canonicalFromSorted(entrants);
    const canonical = canonicalEntrantList([...entrants].reverse());
    expect(sorted.text).toBe(canonical.text);
    expect(sorted.hash).toBe(canonical.hash);
  });

  it('streams a large list in chunks that join to the text and hash to the hash', () => {
    const entrants = Array.from({ length: 120_000 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, weight: 1 }));
    const list = canonicalFromSorted(entrants);
    const chunks = Array.from(list.chunks());
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(list.text);
    expect(list.text.length).toBe(120_000 * 39);
    expect(sha256(list.text)).toBe(list.hash);
  });

  it('rejects ids out of order or repeated, naming the line', () => {
    const unsorted = listError(() => canonicalFromSorted([{ id: 'a', weight: 1 }, { id: 'c', weight: 1 }, { id: 'b', weight: 1 }]));
    expect(unsorted.message).toBe('line 3: the id "b" sorts before "c" on line 2; the list must be in ascending UTF-8 byte order of ids');
    expect(unsorted.line).toBe(3);
    const repeated = listError(() => canonicalFromSorted([{ id: 'a', weight: 1 }, { id: 'a', weight: 2 }]));
    expect(repeated.message).toBe('line 2: duplicate id "a" (also on line 1)');
  });

  it('uses byte order, not UTF-16 order, when ids contain surrogates', () => {
    expect(() => canonicalFromSorted([{ id: '\uFF21', weight: 1 }, { id: '\u{1F600}', weight: 1 }])).not.toThrow();
    expect(() => canonicalFromSorted([{ id: '\u{1F600}', weight: 1 }, { id: '\uFF21', weight: 1 }])).toThrow(/sorts before/);
  });
});

describe('compareIds', () => {
  it('agrees with comparing UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareIds(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseEntrantList', () => {
  it('reads what canonicalEntrantList writes', () => {
    const entrants = [
      { id: 'alpha', weight: 3 },
      { id: 'beta', weight: 100 },
      { id: '\u{1F600}', weight: 1 },
    ];
    expect(parseEntrantList(canonicalEntrantList(entrants).text)).toEqual(entrants);
    expect(parseEntrantList('')).toEqual([]);
  });

  it.each([
    ['a\t1\nb\t1', 'line 2 does not end with a line feed; every line, the last included, must end with "\\n"'],
    ['a\t1\r\n', 'line 1 ends with a carriage return; the list uses LF line ends, not CR LF'],
    ['a\t1\nb 1\n', 'line 2 has no tab between the id and the weight'],
    ['a\t01\n', 'line 1 has the weight "01", not an integer from 1 to 100 written without sign or leading zeros'],
    ['a\t+1\n', 'line 1 has the weight "+1", not an integer from 1 to 100 written without sign or leading zeros'],
    ['a\t0\n', 'line 1 has the weight "0", not an integer from 1 to 100 written without sign or leading zeros'],
    ['a\t101\n', 'line 1 has the weight "101", not an integer from 1 to 100 written without sign or leading zeros'],
    ['a\t1\t2\n', 'line 1 has the weight "1\\t2", not an integer from 1 to 100 written without sign or leading zeros'],
    ['a\t1\n\t1\n', 'line 2: the id must be a non-empty string'],
    ['a\t1\n\n', 'line 2 has no tab between the id and the weight'],
    ['b\t1\na\t1\n', 'line 2: the id "a" sorts before "b" on line 1; the list must be in ascending UTF-8 byte order of ids'],
    ['a\t1\nb\t1\nb\t2\n', 'line 3: duplicate id "b" (also on line 2)'],
  ])('rejects %j: %s', (text, message) => {
    const error = listError(() => parseEntrantList(text));
    expect(error.message).toBe(message);
    expect(error.line).toBe(Number(/line (\d+)/.exec(message)![1]));
  });
});
