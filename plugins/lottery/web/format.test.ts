// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { formatCountdown, formatMoney, maskViewerId, yuanToMinorUnits } from './format.js';

describe('yuanToMinorUnits', () => {
  test.each([
    ['19.9', 1990],
    ['19.99', 1999],
    ['0.07', 7],
    ['0.29', 29],
    ['1.01', 101],
    ['2000', 200_000],
    ['  5 ', 500],
    ['3.', 300],
    ['12,5', 1250],
  ])('%s yuan is %i fen', (text, fen) => {
    expect(yuanToMinorUnits(text)).toBe(fen);
  });

  test.each(['', 'abc', '-1', '1.999', '1e3', '¥5'])('refuses %j', (text) => {
    expect(yuanToMinorUnits(text)).toBeNull();
  });
});

describe('maskViewerId', () => {
  test('keeps the last 4 characters only', () => {
    expect(maskViewerId('dy_58213377104')).toBe('***7104');
  });

  test('never shows more than half of a short id', () => {
    expect(maskViewerId('abcdef')).toBe('***def');
    expect(maskViewerId('ab')).toBe('***b');
    expect(maskViewerId('a')).toBe('***');
  });
});

describe('formatCountdown', () => {
  test('rounds up and switches to hours from an hour up', () => {
    expect(formatCountdown(59_001)).toBe('1:00');
    expect(formatCountdown(3_600_000)).toBe('1:00:00');
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(-5_000)).toBe('0:00');
  });
});

describe('formatMoney', () => {
  test('uses the currency’s own decimals', () => {
    expect(formatMoney({ amount: 1999, currency: 'CNY' }, 'zh-CN')).toBe('¥19.99');
    expect(formatMoney({ amount: 1999, currency: 'CNY' }, 'en')).toBe('CN¥19.99');
    expect(formatMoney({ amount: 500, currency: 'JPY' }, 'en')).toBe('¥500');
  });
});
