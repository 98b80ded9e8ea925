/**
 * How a comment matches a giveaway's keyword (口令). Both sides are brought to one form:
 *
 * 1. Unicode NFKC, so full-width letters and digits (ＡＢＣ１２３), compatibility forms and the
 *    ideographic space (U+3000) read like their plain counterparts;
 * 2. zero-width characters (U+200B-U+200D, U+2060, U+FEFF) removed, since they are invisible and
 *    some keyboards insert them;
 * 3. lower case (locale-independent), so "Lucky" and "LUCKY" are one keyword;
 * 4. every run of white space collapsed to one space, and the ends trimmed.
 *
 * A comment enters when its normalized text CONTAINS the normalized keyword anywhere ("我要抽奖!"
 * matches 抽奖). A giveaway without a keyword takes any comment.
 */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/gu;
const WHITE_SPACE = /\s+/gu;

/** The form comments and keywords are compared in (see above). */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').toLowerCase().replace(WHITE_SPACE, ' ').trim();
}

/** The stored form of a keyword: null when there is none (or it normalizes to nothing). */
export function normalizeKeyword(keyword: string | null | undefined): string | null {
  if (keyword == null) return null;
  const normalized = normalizeText(keyword);
  return normalized === '' ? null : normalized;
}

/**
 * Whether a comment enters a giveaway whose normalized keyword is `normalizedKeyword`. The entry
 * handler runs the same test in SQL (`strpos(normalized text, keyword) > 0`) on the text this
 * module normalized, so the two cannot disagree.
 */
export function matchesKeyword(text: string, normalizedKeyword: string | null): boolean {
  return normalizedKeyword === null || normalizeText(text).includes(normalizedKeyword);
}
