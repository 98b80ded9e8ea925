import { describe, expect, it } from 'vitest';
import { countParam, withParams } from './url-params.js';

describe('URL parameters', () => {
  it('sets, replaces and removes parameters and leaves the others', () => {
    const url = new URL('http://app.test/products?q=lip&sort=priceDesc&tag=x');
    const next = withParams(url, { q: 'cream', tag: '', low: 100, mine: true, sort: null, off: false });
    expect(next.search).toBe('?q=cream&low=100&mine=1');
    expect(url.search).toBe('?q=lip&sort=priceDesc&tag=x');
  });

  it('reads whole numbers only', () => {
    const url = new URL('http://app.test/?a=12&b=-1&c=1.5&d=');
    expect(countParam(url, 'a')).toBe(12);
    expect(countParam(url, 'b', 7)).toBe(7);
    expect(countParam(url, 'c')).toBeNull();
    expect(countParam(url, 'd', 3)).toBe(3);
    expect(countParam(url, 'missing')).toBeNull();
  });
});
