import { encodeGlobalID } from '@pothos/plugin-relay';
import { ConflictError } from '../shared/errors.js';
import type { SessionStatus } from './session.entity.js';

/** The legal moves of a session: draft → scheduled → live → ended → reviewed, and cancelled before going live. */
const TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  DRAFT: ['SCHEDULED', 'CANCELLED'],
  SCHEDULED: ['LIVE', 'CANCELLED'],
  LIVE: ['ENDED'],
  ENDED: ['REVIEWED'],
  REVIEWED: [],
  CANCELLED: [],
};

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses a session can move to from `from`. */
export function nextStatuses(from: SessionStatus): readonly SessionStatus[] {
  return TRANSITIONS[from];
}

/** The session a status check is about. */
interface SessionState {
  id: string;
  status: SessionStatus;
}

/** Throws a ConflictError naming both statuses when `session.status → to` is not a legal move. */
export function assertTransition(session: SessionState, to: SessionStatus): void {
  const from = session.status;
  if (canTransition(from, to)) return;
  const allowed = TRANSITIONS[from];
  throw new ConflictError(
    `Cannot change a ${from} session to ${to}; from ${from} it can only become ${allowed.length ? allowed.join(' or ') : 'nothing (it is final)'}`,
    [encodeGlobalID('LiveSession', session.id)],
  );
}

/** Hosts, lineup and run-of-show can change until the show is over. */
export const PLAN_EDITABLE: readonly SessionStatus[] = ['DRAFT', 'SCHEDULED', 'LIVE'];
/** The schedule only moves before the show starts. */
export const SCHEDULE_EDITABLE: readonly SessionStatus[] = ['DRAFT', 'SCHEDULED'];

/** Throws a ConflictError when the session's status does not allow `what` to change. */
export function assertEditable(session: SessionState, allowed: readonly SessionStatus[], what: string): void {
  if (allowed.includes(session.status)) return;
  throw new ConflictError(
    `Cannot change the ${what} while the session is ${session.status}; only while it is ${allowed.join(', ')}`,
    [encodeGlobalID('LiveSession', session.id)],
  );
}
