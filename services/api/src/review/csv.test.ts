import { describe, expect, it } from 'vitest';
import { majorUnits } from '../shared/money.js';
import { csvField, localTime, toCsv } from './csv.js';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-1)).toBe('-1');
  });
});

describe('toCsv', () => {
  it('starts with a BOM and ends rows with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, '评论']])).toBe('\uFEFFa,b\r\n1,评论\r\n');
  });
});

describe('majorUnits and localTime', () => {
  it('formats money with the currency’s decimals and times in the organization’s zone', () => {
    expect(majorUnits(12345, 'CNY')).toBe('123.45');
    expect(majorUnits(5, 'CNY')).toBe('0.05');
    expect(majorUnits(500, 'JPY')).toBe('500');
    expect(localTime(new Date('2030-01-07T12:00:00Z'), 'Asia/Shanghai')).toBe('2030-01-07 20:00:00');
  });
});
