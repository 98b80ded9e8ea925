import { describe, expect, it } from 'vitest';
import { matchesKeyword, normalizeKeyword, normalizeText } from './keyword.js';

describe('keyword matching', () => {
  it('finds the keyword anywhere in the comment', () => {
    const keyword = normalizeKeyword('抽奖');
    expect(matchesKeyword('我要抽奖!', keyword)).toBe(true);
    expect(matchesKeyword('抽奖', keyword)).toBe(true);
    expect(matchesKeyword('抽 奖', keyword)).toBe(false);
    expect(matchesKeyword('我要抽', keyword)).toBe(false);
  });

  it('ignores case, full-width forms and surrounding white space', () => {
    const keyword = normalizeKeyword('  Lucky 2026 ');
    expect(keyword).toBe('lucky 2026');
    expect(matchesKeyword('ＬＵＣＫＹ　２０２６', keyword)).toBe(true);
    expect(matchesKeyword('go lucky\t\n2026 go', keyword)).toBe(true);
    expect(matchesKeyword('lucky2026', keyword)).toBe(false);
  });

  it('drops zero-width characters that keyboards slip in', () => {
    expect(matchesKeyword('抽\u200B奖', normalizeKeyword('抽奖'))).toBe(true);
    expect(normalizeText('\uFEFFabc\u200D')).toBe('abc');
  });

  it('treats a missing or blank keyword as "any comment enters"', () => {
    expect(normalizeKeyword(null)).toBeNull();
    expect(normalizeKeyword(' \u3000 ')).toBeNull();
    expect(matchesKeyword('', null)).toBe(true);
    expect(matchesKeyword('anything', normalizeKeyword(''))).toBe(true);
  });

  it('compares compatibility forms as their plain counterparts', () => {
    // U+FF76 (half-width katakana KA) and U+2460 (circled digit one) fold under NFKC.
    expect(matchesKeyword('ｶ①', normalizeKeyword('カ1'))).toBe(true);
  });
});
