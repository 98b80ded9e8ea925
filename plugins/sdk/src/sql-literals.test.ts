import { describe, expect, it } from 'vitest';
import { arrayLiteral, stringConstant, timestampArrayLiteral } from './sql-literals.js';

describe('arrayLiteral', () => {
  it('quotes every text element and escapes quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'b,c', 'say "hi"', 'back\\slash', '{}', 'NULL'])).toBe('{"a","b,c","say \\"hi\\"","back\\\\slash","{}","NULL"}');
  });

  it('writes null as NULL and numbers bare', () => {
    expect(arrayLiteral([null, 1, 25])).toBe('{NULL,1,25}');
    expect(arrayLiteral([])).toBe('{}');
  });

  it('writes timestamps as ISO strings', () => {
    expect(timestampArrayLiteral([new Date('2026-01-01T00:00:00Z'), null])).toBe('{"2026-01-01T00:00:00.000Z",NULL}');
  });
});

describe('stringConstant', () => {
  it('doubles quotes and backslashes inside an escape string constant', () => {
    expect(stringConstant(`it's a \\ "x"`)).toBe(`E'it''s a \\\\ "x"'`);
  });
});
