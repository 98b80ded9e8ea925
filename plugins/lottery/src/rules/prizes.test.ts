import { describe, expect, it } from 'vitest';
import { assignRanks, expandPrizes, prizeForRank, resolveWinnerCount } from './prizes.js';

const prizes = [
  { id: 'phone', quantity: 1 },
  { id: 'headphones', quantity: 2 },
  { id: 'voucher', quantity: 3 },
];

describe('prizes by rank', () => {
  it('hands the prizes out in order, each repeated by its quantity', () => {
    expect(expandPrizes(prizes)).toEqual(['phone', 'headphones', 'headphones', 'voucher', 'voucher', 'voucher']);
    expect([1, 2, 3, 4, 6].map((rank) => prizeForRank(prizes, rank))).toEqual(['phone', 'headphones', 'headphones', 'voucher', 'voucher']);
    expect(prizeForRank(prizes, 7)).toBeNull();
    expect(prizeForRank([], 1)).toBeNull();
  });
});

describe('winner count', () => {
  it('defaults to the number of prize units and must equal it when given', () => {
    expect(resolveWinnerCount(null, prizes)).toBe(6);
    expect(resolveWinnerCount(6, prizes)).toBe(6);
    expect(resolveWinnerCount(5, prizes)).toMatch(/must equal the number of prize units \(6\)/);
  });

  it('is required and bounded without prizes', () => {
    expect(resolveWinnerCount(3, [])).toBe(3);
    expect(resolveWinnerCount(undefined, [])).toMatch(/is required/);
    expect(resolveWinnerCount(0, [])).toMatch(/from 1 to 1000/);
    expect(resolveWinnerCount(1001, [])).toMatch(/from 1 to 1000/);
  });
});

describe('placing a draw on ranks', () => {
  it('gives a first draw ranks 1..k in draw order', () => {
    expect(assignRanks([1, 2, 3], [{ rank: 1, id: 'a' }, { rank: 2, id: 'b' }, { rank: 3, id: 'c' }])).toEqual([
      { rank: 1, drawRank: 1, viewerId: 'a' },
      { rank: 2, drawRank: 2, viewerId: 'b' },
      { rank: 3, drawRank: 3, viewerId: 'c' },
    ]);
  });

  it('fills vacated ranks lowest first, whatever order they come in', () => {
    expect(assignRanks([5, 2], [{ rank: 2, id: 'y' }, { rank: 1, id: 'x' }])).toEqual([
      { rank: 2, drawRank: 1, viewerId: 'x' },
      { rank: 5, drawRank: 2, viewerId: 'y' },
    ]);
  });

  it('leaves the highest ranks empty when there were fewer entrants', () => {
    expect(assignRanks([1, 2, 3], [{ rank: 1, id: 'only' }])).toEqual([{ rank: 1, drawRank: 1, viewerId: 'only' }]);
    expect(assignRanks([4], [])).toEqual([]);
    expect(() => assignRanks([1], [{ rank: 1, id: 'a' }, { rank: 2, id: 'b' }])).toThrow(RangeError);
  });
});
