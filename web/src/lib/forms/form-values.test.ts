import { describe, expect, it } from 'vitest';
import { parseMoneyInput } from '$lib/i18n/format.js';
import { fromMajorUnits, majorUnits } from '../i18n/format.js';
import { isHttpUrl, moneyInputValue } from './form-values.js';
import { issueUnder, rowIssue, unplacedError } from './field-issues.js';
import { OperationError } from '$lib/graphql/operations.svelte.js';

describe('form values', () => {
  it('turns minor units into what parseMoneyInput reads back', () => {
    for (const amount of [0, 5, 99, 100, 8900, 12950, 123456789]) {
      expect(parseMoneyInput(moneyInputValue(amount, 'CNY'), 'CNY')).toBe(amount);
    }
    expect(majorUnits({ amount: 12950, currency: 'CNY' })).toBe(129.5);
    expect(fromMajorUnits(129.5, 'CNY')).toEqual({ amount: 12950, currency: 'CNY' });
    expect(majorUnits({ amount: 1500, currency: 'JPY' })).toBe(1500);
  });

  it('accepts http(s) URLs only', () => {
    expect(isHttpUrl('https://cdn.example.com/a.png')).toBe(true);
    expect(isHttpUrl('http://localhost:4000/x')).toBe(true);
    expect(isHttpUrl('javascript:alert(1)')).toBe(false);
    expect(isHttpUrl('cdn.example.com/a.png')).toBe(false);
  });
});

describe('field issues', () => {
  const error = new OperationError('Input is invalid', 'VALIDATION', [
    { path: ['input', 'imageUrls', '2'], message: 'must be an http(s) URL' },
    { path: ['input', 'platformAccounts', '1', 'handle'], message: 'repeats platformAccounts[0]' },
    { path: ['input', 'name'], message: 'is required' },
  ]);

  it('finds an issue under a list field and says which entry', () => {
    expect(issueUnder(error, 'imageUrls')).toBe('#3: must be an http(s) URL');
    expect(issueUnder(error, 'name')).toBe('is required');
    expect(issueUnder(error, 'sku')).toBeUndefined();
    expect(issueUnder(null, 'name')).toBeUndefined();
  });

  it('finds the issue of one field of one entry', () => {
    expect(rowIssue(error, 'platformAccounts', 1, 'handle')).toBe('repeats platformAccounts[0]');
    expect(rowIssue(error, 'platformAccounts', 0, 'handle')).toBeUndefined();
    expect(rowIssue(error, 'platformAccounts', 1)).toBe('repeats platformAccounts[0]');
    expect(rowIssue(error, 'platformAccounts', 1, 'followers')).toBeUndefined();
  });

  it('puts above the form only a failure no input shows', () => {
    expect(unplacedError(error, ['imageUrls', 'platformAccounts', 'name'])).toBeNull();
    expect(unplacedError(error, ['imageUrls', 'name'])).toBe(error);
    const failure = new OperationError('The server is unreachable', 'NETWORK');
    expect(unplacedError(failure, ['name'])).toBe(failure);
    expect(unplacedError(null, ['name'])).toBeNull();
  });
});
