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

  const session = (status: SessionStatus) => ({ id: '018bcfe5-6800-7000-8000-000000000001', status });

  it('names the current and the requested status when refusing, with the session’s global id', () => {
    expect(() => assertTransition(session('SCHEDULED'), 'SCHEDULED')).toThrow(ConflictError);
    expect(() => assertTransition(session('LIVE'), 'CANCELLED')).toThrow(/Cannot change a LIVE session to CANCELLED; from LIVE it can only become ENDED/);
    expect(() => assertTransition(session('CANCELLED'), 'SCHEDULED')).toThrow(/final/);
    expect(() => assertTransition(session('DRAFT'), 'SCHEDULED')).not.toThrow();
    try {
      assertTransition(session('REVIEWED'), 'LIVE');
    } catch (error) {
      expect((error as ConflictError).conflictingIds).toEqual([Buffer.from(`LiveSession:${session('REVIEWED').id}`).toString('base64')]);
    }
    expect.assertions(5);
  });

  it('freezes the plan once the show is over and the schedule once it started', () => {
    expect(() => assertEditable(session('LIVE'), PLAN_EDITABLE, 'lineup')).not.toThrow();
    expect(() => assertEditable(session('ENDED'), PLAN_EDITABLE, 'lineup')).toThrow(/Cannot change the lineup while the session is ENDED/);
    expect(() => assertEditable(session('LIVE'), SCHEDULE_EDITABLE, 'schedule')).toThrow(ConflictError);
  });
});
