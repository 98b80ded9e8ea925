import type { SessionStatus } from './review-query.js';

/**
 * What the review can show for a session: nothing before the show, everything so far while it is
 * on air (the numbers keep moving), the final figures once it is over.
 */
export type ReviewPhase = 'NOT_STARTED' | 'CANCELLED' | 'LIVE' | 'DONE';

export function reviewPhase(status: SessionStatus): ReviewPhase {
  switch (status) {
    case 'DRAFT':
    case 'SCHEDULED':
      return 'NOT_STARTED';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'LIVE':
      return 'LIVE';
    case 'ENDED':
    case 'REVIEWED':
      return 'DONE';
  }
}

/** How often a live session's review is read again: often enough to follow the show, cheap for the API. */
export const LIVE_REFRESH_MS = 60_000;
