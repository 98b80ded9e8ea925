import { describe, expect, it } from 'vitest';
import { formatTags, parseLines, parseTags } from './tag-list.js';

describe('tag lists', () => {
  it('splits on Western and Chinese separators, trims and keeps each tag once', () => {
    expect(parseTags('学生党，敏感肌、 油皮; Gen Z；gen z,\n宝妈,,')).toEqual(['学生党', '敏感肌', '油皮', 'Gen Z', '宝妈']);
    expect(parseTags('   ')).toEqual([]);
    expect(parseTags(formatTags(['a b', '学生党']))).toEqual(['a b', '学生党']);
  });

  it('keeps non-blank lines', () => {
    expect(parseLines(' one \n\n two\r\n')).toEqual(['one', 'two']);
  });
});
