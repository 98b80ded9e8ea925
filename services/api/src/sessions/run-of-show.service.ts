import { z } from 'zod';
import type { DomainEventMap } from '../events/domain-events.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { EDITOR_ROLES, requireRole, type Scope } from '../shared/actor.js';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../shared/errors.js';
import { parseInput, presentFields } from '../shared/validate.js';
import { memberActorId, systemActor, type SessionChange, type SessionChanges } from './session-changes.js';
import { insertAt, MAX_SESSION_SECONDS, neighbour, reorderIssues, segmentIssues, type Direction } from './session-rules.js';
import { assertEditable, PLAN_EDITABLE } from './session-status.js';
import { LineupItem, Segment, SEGMENT_KINDS, type LiveSession } from './session.entity.js';

/** Why the segment on air changed (see `segment.changed`). */
export type SegmentTrigger = NonNullable<DomainEventMap['segment.changed']['trigger']>;

const seconds = z.number().int('must be whole seconds');

const segmentFields = {
  kind: z.enum(SEGMENT_KINDS),
  title: z.string().trim().min(1, 'is required').max(200, 'must have at most 200 characters'),
  plannedOffsetSeconds: seconds.min(0, 'must be at least 0').max(MAX_SESSION_SECONDS, 'must be within 24 hours'),
  plannedDurationSeconds: seconds.min(1, 'must be greater than 0').max(MAX_SESSION_SECONDS, 'must be at most 24 hours'),
  productIds: z.array(z.string()).max(50, 'must have at most 50 products'),
  talkingPoints: z.array(z.string().trim().min(1, 'must not be empty').max(1000)).max(50),
  cues: z
    .array(z.object({ atSeconds: seconds.min(0, 'must be at least 0'), text: z.string().trim().min(1, 'is required').max(200) }))
    .max(100),
};

const newSegment = z.object({
  ...segmentFields,
  productIds: segmentFields.productIds.default([]),
  talkingPoints: segmentFields.talkingPoints.default([]),
  cues: segmentFields.cues.default([]),
});
const createInput = newSegment.extend({ position: z.number().int('must be a whole number').min(0, 'must be at least 0').nullish() });
const updateInput = z.object(segmentFields).partial();
const replaceInput = z.object({
  segments: z.array(newSegment.extend({ id: z.string().nullish() })).max(100, 'must have at most 100 segments'),
});

export interface SegmentResult {
  session: LiveSession;
  segment: Segment;
}

/** The run-of-show (直播脚本): planning the segments and stepping through them live. */
export class RunOfShowService {
  constructor(private readonly changes: SessionChanges) {}

  async create(scope: Scope, sessionId: string, raw: unknown): Promise<SegmentResult> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the run-of-show');
    const { position, ...fields } = parseInput(createInput, raw);
    return this.changes.apply(scope, sessionId, async ({ tx, session, actor }) => {
      assertEditable(session, PLAN_EDITABLE, 'run-of-show');
      const segments = await segmentsOf(tx, session.id);
      const issues = segmentIssues(fields, await lineupOf(tx, session.id), ['input']);
      if (position != null && position > segments.length) issues.push({ path: ['input', 'position'], message: `must be at most ${segments.length} (the number of segments)` });
      if (issues.length) throw new ValidationError(issues);
      const segment = tx.create(Segment, { ...fields, organization: actor.organizationId, session: session.id, position: segments.length });
      renumber(insertAt(segments, segment, position));
      return { session, segment };
    });
  }

  async update(scope: Scope, segmentId: string, raw: unknown): Promise<SegmentResult> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the run-of-show');
    const input = presentFields(parseInput(updateInput, raw));
    return this.changes.applyToChild(scope, Segment, 'Segment', segmentId, async ({ tx, session }, segment) => {
      assertEditable(session, PLAN_EDITABLE, 'run-of-show');
      const issues = segmentIssues({ ...segment, ...input }, await lineupOf(tx, session.id), ['input']).map((issue) =>
        // Cues that were not sent can only be out of range because the duration shrank.
        issue.path[1] === 'cues' && !input.cues ? { path: ['input', 'plannedDurationSeconds'], message: 'must cover every cue of the segment' } : issue,
      );
      if (issues.length) throw new ValidationError(issues);
      tx.assign(segment, input);
      return { session, segment };
    });
  }

  async delete(scope: Scope, segmentId: string): Promise<LiveSession> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the run-of-show');
    return this.changes.applyToChild(scope, Segment, 'Segment', segmentId, async ({ tx, session }, segment) => {
      assertEditable(session, PLAN_EDITABLE, 'run-of-show');
      assertRemovable(session, [segment]);
      const segments = await segmentsOf(tx, session.id);
      tx.remove(segment);
      renumber(segments.filter((other) => other.id !== segment.id));
      return session;
    });
  }

  async reorder(scope: Scope, sessionId: string, segmentIds: string[]): Promise<LiveSession> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the run-of-show');
    return this.changes.apply(scope, sessionId, async ({ tx, session }) => {
      assertEditable(session, PLAN_EDITABLE, 'run-of-show');
      const segments = await segmentsOf(tx, session.id);
      const issues = reorderIssues(segments.map((segment) => segment.id), segmentIds, ['input', 'segmentIds']);
      if (issues.length) throw new ValidationError(issues);
      renumber(segmentIds.map((id) => segments.find((segment) => segment.id === id)!));
      return session;
    });
  }

  /**
   * Saves the whole editor at once: listed segments with an `id` are updated in place (keeping
   * what actually happened on air), those without are created, unlisted ones are deleted. Every
   * segment is validated first and all issues are reported together.
   */
  async replace(scope: Scope, sessionId: string, raw: unknown): Promise<{ session: LiveSession; segments: Segment[] }> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the run-of-show');
    const { segments: planned } = parseInput(replaceInput, raw);
    return this.changes.apply(scope, sessionId, async ({ tx, session, actor }) => {
      assertEditable(session, PLAN_EDITABLE, 'run-of-show');
      const existing = new Map((await segmentsOf(tx, session.id)).map((segment) => [segment.id, segment]));
      const lineup = await lineupOf(tx, session.id);
      const kept = new Set<string>();
      const issues: FieldIssue[] = [];
      planned.forEach((input, index) => {
        const base = ['input', 'segments', index];
        if (input.id && !existing.has(input.id)) issues.push({ path: [...base, 'id'], message: 'is not a segment of this session' });
        else if (input.id && kept.has(input.id)) issues.push({ path: [...base, 'id'], message: 'is listed twice' });
        if (input.id) kept.add(input.id);
        issues.push(...segmentIssues(input, lineup, base));
      });
      if (issues.length) throw new ValidationError(issues);

      const dropped = [...existing.values()].filter((segment) => !kept.has(segment.id));
      assertRemovable(session, dropped);
      for (const segment of dropped) tx.remove(segment);
      const segments = planned.map(({ id, ...fields }, position) =>
        id
          ? tx.assign(existing.get(id)!, { ...fields, position })
          : tx.create(Segment, { ...fields, position, organization: actor.organizationId, session: session.id }),
      );
      return { session, segments };
    });
  }

  async advance(scope: Scope, sessionId: string, direction: Direction): Promise<SegmentResult> {
    requireRole(scope.actor, EDITOR_ROLES, 'run the show');
    return this.changes.apply(scope, sessionId, async (change) => {
      assertLive(change.session);
      const segments = await segmentsOf(change.tx, change.session.id);
      const target = neighbour(segments, change.session.currentSegment, direction);
      if (!target) {
        const reason = !segments.length ? 'the run-of-show has no segments' : direction === 'NEXT' ? 'this is the last segment' : 'this is the first segment';
        throw new ConflictError(`Cannot go to the ${direction === 'NEXT' ? 'next' : 'previous'} segment: ${reason}`, [encodeGlobalID('LiveSession', sessionId)]);
      }
      await this.switchTo(change, segments, target, this.changes.clock(), 'MANUAL');
      return { session: change.session, segment: target };
    });
  }

  async goTo(scope: Scope, sessionId: string, segmentId: string): Promise<SegmentResult> {
    requireRole(scope.actor, EDITOR_ROLES, 'run the show');
    return this.changes.apply(scope, sessionId, async (change) => {
      const segments = await segmentsOf(change.tx, change.session.id);
      const target = segments.find((segment) => segment.id === segmentId);
      if (!target) throw new NotFoundError('Segment', segmentId);
      assertLive(change.session);
      await this.switchTo(change, segments, target, this.changes.clock(), 'MANUAL');
      return { session: change.session, segment: target };
    });
  }

  /** When the show starts: the first segment goes on air with it. */
  async openFirstSegment(change: SessionChange, at: Date): Promise<void> {
    const segments = await segmentsOf(change.tx, change.session.id);
    if (segments[0]) await this.switchTo(change, segments, segments[0], at, 'START');
  }

  /**
   * The auto-advance tick: every LIVE session with `autoAdvance` whose segment on air has reached
   * its planned end goes to the next segment (trigger SCHEDULE), through the same locked change as
   * `advanceSegment`. A segment's planned end is the session's actual start + the segment's
   * planned offset + its planned duration, i.e. the plan shifted by how late the show started.
   * A segment put on air (by hand) only after its planned end is left to the operator, and the
   * last segment stays on until the show is ended. One session failing to advance is logged and
   * does not hold up the others. Returns the sessions advanced.
   */
  async advanceDue(em: EntityManager, now: Date, logger: Logger): Promise<string[]> {
    const due = await em.execute<{ id: string; organization_id: string; current_segment: string }[]>(
      `select s.id, s.organization_id, s.current_segment from live_sessions s join segments g on g.id = s.current_segment
        where s.status = 'LIVE' and s.auto_advance
          and s.actual_start + make_interval(secs => g.planned_offset_seconds + g.planned_duration_seconds) <= ?
          and s.current_segment_since < s.actual_start + make_interval(secs => g.planned_offset_seconds + g.planned_duration_seconds)
          and exists (select 1 from segments n where n.session_id = s.id and n.position > g.position)`,
      [now],
    );
    const advanced: string[] = [];
    for (const row of due) {
      try {
        await this.changes.apply({ em: em.fork(), actor: systemActor(row.organization_id) }, row.id, async (change) => {
          const { session } = change;
          // Re-checked under the session's lock: an operator may have stepped or switched it off meanwhile.
          if (session.status !== 'LIVE' || !session.autoAdvance || session.currentSegment !== row.current_segment) throw new NotDue();
          const segments = await segmentsOf(change.tx, session.id);
          const current = segments.find((segment) => segment.id === session.currentSegment);
          const target = neighbour(segments, session.currentSegment, 'NEXT');
          if (!current || !target || !session.actualStart || !session.currentSegmentSince) throw new NotDue();
          const plannedEnd = session.actualStart.getTime() + (current.plannedOffsetSeconds + current.plannedDurationSeconds) * 1000;
          if (plannedEnd > now.getTime() || session.currentSegmentSince.getTime() >= plannedEnd) throw new NotDue();
          await this.switchTo(change, segments, target, now, 'SCHEDULE');
        });
        advanced.push(row.id);
      } catch (error) {
        if (!(error instanceof NotDue)) logger.error({ err: error, sessionId: row.id }, 'auto-advance failed for a session');
      }
    }
    return advanced;
  }

  async setAutoAdvance(scope: Scope, sessionId: string, enabled: boolean): Promise<LiveSession> {
    requireRole(scope.actor, EDITOR_ROLES, 'run the show');
    return this.changes.apply(scope, sessionId, async ({ session }) => {
      if (!['DRAFT', 'SCHEDULED', 'LIVE'].includes(session.status)) {
        throw new ConflictError(`Auto-advance can be set until the show ends; the session is ${session.status}`, [encodeGlobalID('LiveSession', sessionId)]);
      }
      session.autoAdvance = enabled;
      return session;
    });
  }

  /** When the show ends: the segment on air ends with it. */
  async closeCurrentSegment({ tx, session, actor }: SessionChange, at: Date): Promise<void> {
    if (!session.currentSegment) return;
    const previousSegmentId = session.currentSegment;
    const current = await tx.findOne(Segment, { id: previousSegmentId, session: session.id });
    if (current) current.actualEnd = at;
    session.currentSegment = null;
    session.currentSegmentSince = null;
    await this.changes.events.emit(
      'segment.changed',
      { organizationId: actor.organizationId, sessionId: session.id, segmentId: null, previousSegmentId, productIds: [], trigger: 'END', at },
      { em: tx, actorId: memberActorId(actor) },
    );
  }

  /**
   * Takes the current segment off air and puts `target` on. `actualStart` is when a segment first
   * went on air; going back to it reopens it, and `actualEnd` is when it last went off.
   */
  private async switchTo({ tx, session, actor }: SessionChange, segments: Segment[], target: Segment, at: Date, trigger: SegmentTrigger): Promise<void> {
    if (session.currentSegment === target.id) return;
    const previousSegmentId = session.currentSegment ?? null;
    const current = segments.find((segment) => segment.id === previousSegmentId);
    if (current) current.actualEnd = at;
    target.actualStart ??= at;
    target.actualEnd = null;
    session.currentSegment = target.id;
    session.currentSegmentSince = at;
    await this.changes.events.emit(
      'segment.changed',
      { organizationId: actor.organizationId, sessionId: session.id, segmentId: target.id, previousSegmentId, productIds: [...target.productIds], trigger, at },
      { em: tx, actorId: memberActorId(actor) },
    );
  }
}

/** Rolls the auto-advance change back (no version bump, no notice): the session is no longer due. */
class NotDue extends Error {}

function segmentsOf(tx: EntityManager, sessionId: string): Promise<Segment[]> {
  return tx.find(Segment, { session: sessionId }, { orderBy: { position: 'asc', id: 'asc' } });
}

async function lineupOf(tx: EntityManager, sessionId: string): Promise<Set<string>> {
  return new Set((await tx.find(LineupItem, { session: sessionId })).map((item) => item.product));
}

function renumber(segments: Segment[]): void {
  segments.forEach((segment, index) => {
    if (segment.position !== index) segment.position = index;
  });
}

function assertLive(session: LiveSession): void {
  if (session.status !== 'LIVE') {
    throw new ConflictError(`Segments are stepped through only while the session is LIVE; it is ${session.status}`, [encodeGlobalID('LiveSession', session.id)]);
  }
}

/** Segments that went on air stay, so the review can compare plan and actual. */
function assertRemovable(session: LiveSession, segments: Segment[]): void {
  const aired = segments.find((segment) => segment.actualStart || segment.id === session.currentSegment);
  if (aired) throw new ConflictError(`Segment “${aired.title}” has been on air and stays for the review`, [encodeGlobalID('Segment', aired.id)]);
}
