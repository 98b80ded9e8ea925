/**
 * The domain events plugins can handle (`on`) and the ones they add. Core events are listed here
 * because they are part of the contract: changing a payload is a breaking change of the SDK.
 * Names are past-tense facts, `<noun>.<verb>`; payloads carry ids, not entities.
 */

export type SessionStatus = 'DRAFT' | 'SCHEDULED' | 'LIVE' | 'ENDED' | 'REVIEWED' | 'CANCELLED';
export type MemberRole = 'OWNER' | 'OPERATOR' | 'HOST' | 'ANALYST';

export interface CoreEventMap {
  'organization.created': { organizationId: string; ownerId: string };
  'member.invited': { organizationId: string; memberId: string; invitedBy: string };
  'member.roleChanged': { organizationId: string; memberId: string; from: string; to: string };
  'session.created': { organizationId: string; sessionId: string };
  'session.scheduled': { organizationId: string; sessionId: string; scheduledStart: Date };
  'session.rescheduled': { organizationId: string; sessionId: string; scheduledStart: Date; scheduledEnd: Date };
  'session.statusChanged': { organizationId: string; sessionId: string; from: SessionStatus; to: SessionStatus };
  'session.updated': { organizationId: string; sessionId: string };
  /** The session went live (status LIVE); `at` is its actual start. */
  'session.started': { organizationId: string; sessionId: string; at: Date };
  /** The session went off air (status ENDED); `at` is its actual end. */
  'session.ended': { organizationId: string; sessionId: string; at: Date };
  /**
   * The segment on air changed (null: none, e.g. the show ended). Carries what the overlay and
   * plugins need without a read: the new segment's products and the segment it replaced.
   */
  'segment.changed': {
    organizationId: string;
    sessionId: string;
    segmentId: string | null;
    previousSegmentId?: string | null;
    productIds?: string[];
    /** MANUAL: an operator's next/previous/go-to; SCHEDULE: advanced at its planned time. */
    trigger?: 'MANUAL' | 'SCHEDULE' | 'START' | 'END';
    at?: Date;
  };
  // Audience facts, raised by ingestion for accepted (non-duplicate) events.
  'viewer.joined': { organizationId: string; sessionId: string; viewerId: string; at: Date; eventSeq: number };
  'comment.posted': { organizationId: string; sessionId: string; viewerId: string | null; text: string; at: Date; eventSeq: number };
  'order.paid': { organizationId: string; sessionId: string; viewerId: string | null; orderId: string; amount: number; at: Date; eventSeq: number };
  'order.refunded': { organizationId: string; sessionId: string; viewerId: string | null; orderId: string; amount: number; at: Date; eventSeq: number };
  'alert.fired': { organizationId: string; sessionId: string; alertId: string; ruleId: string; metric: string; value: number; threshold: number; message: string; at: Date };
  'alert.cleared': { organizationId: string; sessionId: string; alertId: string; ruleId: string; at: Date };
}

/**
 * Events that plugins emit, merged in by each plugin with declaration merging:
 *
 * ```ts
 * declare module '@broadcart/plugin-sdk' {
 *   interface PluginEventMap {
 *     'lottery.drawn': { organizationId: string; sessionId: string; lotteryId: string };
 *   }
 * }
 * ```
 * A plugin's event names start with its namespace and a dot, and are listed in its `events`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PluginEventMap {}

export type EventMap = CoreEventMap & PluginEventMap;
export type EventName = keyof EventMap & string;

/**
 * A value as it comes back from JSON: Dates become ISO strings. Durable handlers receive payloads
 * read back from the outbox, so their payload type is `Jsonified<EventMap[N]>`.
 */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;
