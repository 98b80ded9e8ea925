import type { WinnerStatus } from '../enums.js';

/**
 * What an operator may change a winner's status to. EXPIRED is only set by the claim timer at the
 * deadline; EXPIRED, FORFEITED and FULFILLED are final.
 */
const OPERATOR_TRANSITIONS: Record<WinnerStatus, readonly WinnerStatus[]> = {
  PENDING_CLAIM: ['CLAIMED', 'FORFEITED'],
  CLAIMED: ['FULFILLED', 'FORFEITED'],
  FULFILLED: [],
  EXPIRED: [],
  FORFEITED: [],
};

/** Null when an operator may move a winner from `from` to `to` (or it is already there), else why not. */
export function winnerTransitionProblem(from: WinnerStatus, to: WinnerStatus): string | null {
  if (from === to) return null;
  if (OPERATOR_TRANSITIONS[from].includes(to)) return null;
  if (to === 'EXPIRED') return 'a winner expires only when the claim deadline passes';
  if (to === 'PENDING_CLAIM') return 'a winner cannot go back to PENDING_CLAIM';
  return `a ${from} winner cannot become ${to}`;
}

/** Statuses whose prize is given up: under the REDRAW policy their rank is drawn again. */
export const VACATING_STATUSES: readonly WinnerStatus[] = ['EXPIRED', 'FORFEITED'];
