import { describe, expect, it } from 'vitest';
import { ConflictError } from '../shared/errors.js';
import { SESSION_STATUSES, type SessionStatus } from './session.entity.js';
import { assertEditable, assertTransition, canTransition, PLAN_EDITABLE, SCHEDULE_EDITABLE } from './session-status.js';

const legal: [SessionStatus, SessionStatus][] = [
  ['DRAFT', 'SCHEDULED'],
  ['DRAFT', 'CANCELLED'],
  ['SCHEDULED', 'LIVE'],
  ['SCHEDULED', 'CANCELLED'],
  ['LIVE', 'ENDED'],
  ['ENDED', 'REVIEWED'],
];

describe('session status transitions', () => {
  it('allows exactly the moves of draft → scheduled → live → ended → reviewed and cancelling before live', () => {
    const allowed = SESSION_STATUSES.flatMap((from) => SESSION_STATUSES.filter((to) => canTransition(from, to)).map((to) => [from, to]));
    expect(allowed).toEqual(legal);
  });

  it('never lets a session stay in place, go back or leave a final status', () => {
    for (const status of SESSION_STATUSES) expect(canTransition(status, status)).toBe(false);
    expect(canTransition('LIVE', 'SCHEDULED')).toBe(false);
    expect(canTransition('LIVE', 'CANCELLED')).toBe(false);
    expect(canTransition('DRAFT', 'LIVE')).toBe(false);
    for (const to of SESSION_STATUSES) {
      expect(canTransition('REVIEWED', to)).toBe(false);
      expect(canTransition('CANCELLED', to)).toBe(false);
    }
  });

  it('names the current and the requested status when refusing', () => {
    expect(() => assertTransition('SCHEDULED', 'SCHEDULED', 's1')).toThrow(ConflictError);
    expect(() => assertTransition('LIVE', 'CANCELLED', 's1')).toThrow(/Cannot change a LIVE session to CANCELLED; from LIVE it can only become ENDED/);
    expect(() => assertTransition('CANCELLED', 'SCHEDULED', 's1')).toThrow(/final/);
    expect(() => assertTransition('DRAFT', 'SCHEDULED', 's1')).not.toThrow();
  });

  it('freezes the plan once the show is over and the schedule once it started', () => {
    expect(() => assertEditable('LIVE', PLAN_EDITABLE, 'lineup', 's1')).not.toThrow();
    expect(() => assertEditable('ENDED', PLAN_EDITABLE, 'lineup', 's1')).toThrow(/Cannot change the lineup while the session is ENDED/);
    expect(() => assertEditable('LIVE', SCHEDULE_EDITABLE, 'schedule', 's1')).toThrow(ConflictError);
  });
});
