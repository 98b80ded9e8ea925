import { describe, expect, it } from 'vitest';
import { WINNER_STATUSES } from '../enums.js';
import { winnerTransitionProblem } from './winner-status.js';

describe('winner status changes by an operator', () => {
  it('follows claim → fulfil, with forfeit possible until fulfilled', () => {
    expect(winnerTransitionProblem('PENDING_CLAIM', 'CLAIMED')).toBeNull();
    expect(winnerTransitionProblem('PENDING_CLAIM', 'FORFEITED')).toBeNull();
    expect(winnerTransitionProblem('CLAIMED', 'FULFILLED')).toBeNull();
    expect(winnerTransitionProblem('CLAIMED', 'FORFEITED')).toBeNull();
    expect(winnerTransitionProblem('PENDING_CLAIM', 'FULFILLED')).toMatch(/cannot become FULFILLED/);
  });

  it('leaves EXPIRED to the claim deadline and never goes back', () => {
    expect(winnerTransitionProblem('PENDING_CLAIM', 'EXPIRED')).toMatch(/claim deadline/);
    expect(winnerTransitionProblem('CLAIMED', 'PENDING_CLAIM')).toMatch(/cannot go back/);
  });

  it('treats EXPIRED, FORFEITED and FULFILLED as final, and a no-op as fine', () => {
    for (const from of ['EXPIRED', 'FORFEITED', 'FULFILLED'] as const) {
      for (const to of WINNER_STATUSES) expect(winnerTransitionProblem(from, to) === null).toBe(from === to);
    }
  });
});
