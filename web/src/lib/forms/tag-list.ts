/**
 * Tags as operators type them: separated by commas (also the Chinese ，、；) or new lines. Blank
 * entries go, surrounding spaces go, and a tag repeated (in any letter case) is kept once.
 */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const part of text.split(/[,，、;；\n]/)) {
    const tag = part.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

/** The text an input shows for a list of tags (what `parseTags` reads back). */
export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

/** One entry per non-blank line, trimmed (URLs, talking points). */
export function parseLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
