import { encodeGlobalID } from '@pothos/plugin-relay';
import { requireRole, type Scope } from '../shared/actor.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import { resolveWindow, toConnection, type Connection, type ConnectionArgs } from '../shared/pagination.js';
import type { MemberRole } from '../organizations/member.entity.js';
import type { DomainEvents } from './domain-events.js';
import type { EventDeliveryStatus } from './event-outbox.entity.js';

/** Dead letters and delivery counts are operations data: owners only. */
const OPERATOR_OF_DELIVERIES: readonly MemberRole[] = ['OWNER'];

/** A delivery of one event to one durable handler, with its event. */
export interface DeliveryView {
  id: string;
  handler: string;
  status: EventDeliveryStatus;
  attempts: number;
  lastError: string | null;
  eventName: string;
  payload: unknown;
  sessionId: string | null;
  occurredAt: Date;
  /** When it became DEAD (or DONE). */
  finishedAt: Date | null;
  nextAttemptAt: Date;
}

export interface DeliveryStats {
  handler: string;
  pending: number;
  dead: number;
  /** When the next pending delivery is (or was) due; long past means the workers lag behind. */
  earliestDueAt: Date | null;
}

interface DeliveryRow {
  id: string;
  handler: string;
  status: EventDeliveryStatus;
  attempts: number;
  last_error: string | null;
  name: string;
  payload: unknown;
  session_id: string | null;
  occurred_at: Date | string;
  done_at: Date | string | null;
  next_attempt_at: Date | string;
}

const DELIVERY_COLUMNS = `d.id::text as id, d.handler, d.status, d.attempts, d.last_error, d.done_at, d.next_attempt_at,
  e.name, e.payload, e.session_id, e.occurred_at`;

const toView = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  handler: row.handler,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  eventName: row.name,
  payload: row.payload,
  sessionId: row.session_id,
  occurredAt: new Date(row.occurred_at),
  finishedAt: row.done_at ? new Date(row.done_at) : null,
  nextAttemptAt: new Date(row.next_attempt_at),
});

/** The operator's view of durable delivery: dead letters, retrying them, and queue counts. */
export class EventDeliveryService {
  constructor(private readonly events: DomainEvents) {}

  /** Dead deliveries of the organization's events, most recently failed first. */
  async deadLetters({ em, actor }: Scope, filter: { handler?: string | null }, args: ConnectionArgs): Promise<Connection<DeliveryView>> {
    requireRole(actor, OPERATOR_OF_DELIVERIES, 'see dead letters');
    const where = `d.status = 'DEAD' and e.organization_id = ?${filter.handler ? ' and d.handler = ?' : ''}`;
    const params = [actor.organizationId, ...(filter.handler ? [filter.handler] : [])];
    let counted: Promise<number> | null = null;
    const count = () =>
      (counted ??= em
        .execute<{ count: number }[]>(`select count(*)::int as count from event_deliveries d join domain_events e on e.seq = d.event_seq where ${where}`, params)
        .then(([row]) => row!.count));
    const { offset, limit } = await resolveWindow(args, count);
    const rows = limit
      ? await em.execute<DeliveryRow[]>(
          `select ${DELIVERY_COLUMNS} from event_deliveries d join domain_events e on e.seq = d.event_seq
            where ${where} order by d.done_at desc nulls last, d.id desc limit ? offset ?`,
          [...params, limit, offset],
        )
      : [];
    return toConnection(rows.map(toView), offset, await count());
  }

  /** Puts a dead letter back in the queue, due now, with its attempts reset. */
  async retryDeadLetter({ em, actor }: Scope, id: string): Promise<DeliveryView> {
    requireRole(actor, OPERATOR_OF_DELIVERIES, 'retry dead letters');
    const [row] = await em.execute<DeliveryRow[]>(
      `with d as (
         update event_deliveries d set status = 'PENDING', attempts = 0, next_attempt_at = ?, done_at = null
           from domain_events e
          where e.seq = d.event_seq and d.id = ? and e.organization_id = ? and d.status = 'DEAD'
         returning d.*)
       select ${DELIVERY_COLUMNS} from d join domain_events e on e.seq = d.event_seq`,
      [this.events.now(), id, actor.organizationId],
    );
    if (row) {
      this.events.deliveriesDue();
      return toView(row);
    }
    const [existing] = await em.execute<{ status: EventDeliveryStatus }[]>(
      'select d.status from event_deliveries d join domain_events e on e.seq = d.event_seq where d.id = ? and e.organization_id = ?',
      [id, actor.organizationId],
    );
    const globalId = encodeGlobalID('DeadLetter', id);
    if (!existing) throw new NotFoundError('DeadLetter', globalId);
    throw new ConflictError(`This delivery is ${existing.status}, not DEAD: there is nothing to retry`, [globalId]);
  }

  /** Pending and dead deliveries per durable handler, every registered handler included. */
  async stats({ em, actor }: Scope): Promise<DeliveryStats[]> {
    requireRole(actor, OPERATOR_OF_DELIVERIES, 'see event delivery counts');
    const rows = await em.execute<{ handler: string; pending: number; dead: number; oldest: Date | string | null }[]>(
      `select d.handler,
              count(*) filter (where d.status = 'PENDING')::int as pending,
              count(*) filter (where d.status = 'DEAD')::int as dead,
              min(d.next_attempt_at) filter (where d.status = 'PENDING') as oldest
         from event_deliveries d join domain_events e on e.seq = d.event_seq
        where d.status <> 'DONE' and e.organization_id = ?
        group by d.handler`,
      [actor.organizationId],
    );
    const byHandler = new Map(rows.map((row) => [row.handler, row]));
    const handlers = [...new Set([...this.events.durableHandlerNames(), ...byHandler.keys()])].sort();
    return handlers.map((handler) => {
      const row = byHandler.get(handler);
      return { handler, pending: row?.pending ?? 0, dead: row?.dead ?? 0, earliestDueAt: row?.oldest ? new Date(row.oldest) : null };
    });
  }
}
