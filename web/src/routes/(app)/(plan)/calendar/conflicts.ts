/** The part of a session that scheduling conflicts depend on. */
export interface ScheduledSession {
  id: string;
  status: string;
  /** ISO instants; the window is half-open, so a show ending at 20:00 leaves 20:00 free. */
  scheduledStart: string;
  scheduledEnd: string;
  platform: string;
  roomUrl?: string | null;
  hosts: readonly { host: { id: string; name: string } }[];
}

/**
 * Two sessions that cannot both happen as planned: a host due on both at once (`host`), or both
 * broadcasting from the same platform room at once (`room`).
 */
export interface Conflict {
  kind: 'host' | 'room';
  /** The earlier-starting session first. */
  sessionIds: readonly [string, string];
  /** Start and end (ISO) of the overlap. */
  from: string;
  to: string;
  /** For `host`: the host on both sessions. */
  host?: { id: string; name: string };
  /** For `room`: the room both sessions use. */
  room?: string;
}

/** Cancelled shows no longer claim a host or a room. */
const IGNORED = new Set(['CANCELLED']);

/**
 * The room a session broadcasts from, comparable across sessions: the room URL without scheme,
 * `www.`, query, fragment, trailing slash or case. Null when the session names no room.
 */
export function roomKey(session: Pick<ScheduledSession, 'platform' | 'roomUrl'>): string | null {
  const raw = session.roomUrl?.trim();
  if (!raw) return null;
  let key: string;
  try {
    const url = new URL(raw);
    key = `${url.host.replace(/^www\./, '')}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    key = raw.replace(/^[a-z]+:\/\//i, '').replace(/[?#].*$/, '').replace(/\/+$/, '');
  }
  return `${session.platform}|${key.toLowerCase()}`;
}

function spanOf(session: ScheduledSession): { start: number; end: number } | null {
  const start = Date.parse(session.scheduledStart);
  const end = Date.parse(session.scheduledEnd);
  if (Number.isNaN(start) || Number.isNaN(end)) {
    throw new Error(`session ${session.id} has an unreadable schedule: ${session.scheduledStart} – ${session.scheduledEnd}`);
  }
  return end > start ? { start, end } : null;
}

/**
 * Every pair of overlapping sessions that share a host or a room, ordered by the overlap's start.
 * A pair sharing two hosts gives two conflicts (each names its host).
 */
export function findConflicts(sessions: readonly ScheduledSession[]): Conflict[] {
  const timed = sessions
    .filter((session) => !IGNORED.has(session.status))
    .flatMap((session) => {
      const span = spanOf(session);
      return span ? [{ session, ...span, room: roomKey(session), hostIds: new Set(session.hosts.map((entry) => entry.host.id)) }] : [];
    })
    .sort((a, b) => a.start - b.start || a.end - b.end || a.session.id.localeCompare(b.session.id));

  const conflicts: Conflict[] = [];
  for (let i = 0; i < timed.length; i++) {
    const a = timed[i]!;
    // Sorted by start: once a later session starts at or after a's end, none after it overlaps a.
    for (let j = i + 1; j < timed.length && timed[j]!.start < a.end; j++) {
      const b = timed[j]!;
      const overlap = { from: new Date(b.start).toISOString(), to: new Date(Math.min(a.end, b.end)).toISOString() };
      const pair = [a.session.id, b.session.id] as const;
      for (const entry of a.session.hosts) {
        if (b.hostIds.has(entry.host.id)) conflicts.push({ kind: 'host', sessionIds: pair, ...overlap, host: { id: entry.host.id, name: entry.host.name } });
      }
      if (a.room && a.room === b.room) conflicts.push({ kind: 'room', sessionIds: pair, ...overlap, room: a.session.roomUrl!.trim() });
    }
  }
  return conflicts.sort((x, y) => x.from.localeCompare(y.from));
}

/** Conflicts indexed by each session they involve. */
export function conflictsBySession(conflicts: readonly Conflict[]): Map<string, Conflict[]> {
  const index = new Map<string, Conflict[]>();
  for (const conflict of conflicts) {
    for (const id of conflict.sessionIds) {
      const list = index.get(id) ?? [];
      list.push(conflict);
      index.set(id, list);
    }
  }
  return index;
}

/** The other session of a conflict, seen from `sessionId`. */
export function otherSession(conflict: Conflict, sessionId: string): string {
  return conflict.sessionIds[0] === sessionId ? conflict.sessionIds[1] : conflict.sessionIds[0];
}
