import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn, timestampColumns } from '../db/columns.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Host } from '../hosts/host.entity.js';
import { Member } from '../organizations/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Product } from '../products/product.entity.js';
import { PLATFORMS } from '../shared/enums.js';

export const SESSION_STATUSES = ['DRAFT', 'SCHEDULED', 'LIVE', 'ENDED', 'REVIEWED', 'CANCELLED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** One broadcast (直播场次) in one platform room. */
export const LiveSession = defineEntity({
  name: 'LiveSession',
  tableName: 'live_sessions',
  indexes: [
    { properties: ['organization', 'scheduledStart'] },
    // The auto-advance tick looks for these every second across all organizations.
    {
      name: 'live_sessions_auto_advance_idx',
      expression: `create index "live_sessions_auto_advance_idx" on "live_sessions" ("current_segment") where "status" = 'LIVE' and "auto_advance"`,
    },
  ],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    campaign: () => p.manyToOne(Campaign).mapToPk().nullable().index().deleteRule('set null'),
    title: p.string().length(200),
    platform: p.enum(PLATFORMS).nativeEnumName('platform'),
    roomUrl: p.string().length(2000).default(''),
    scheduledStart: p.datetime(),
    scheduledEnd: p.datetime(),
    status: p.enum(SESSION_STATUSES).nativeEnumName('session_status').default('DRAFT'),
    actualStart: p.datetime().nullable(),
    actualEnd: p.datetime().nullable(),
    currentSegment: p.uuid().nullable(),
    /** When the segment on air last went on air (going back to a segment restarts its clock). */
    currentSegmentSince: p.datetime().nullable(),
    /** Advance to the next segment by itself when the one on air reaches its planned end. */
    autoAdvance: p.boolean().default(false),
    cancelReason: p.string().length(500).nullable(),
    /** Bumped on every change that subscribers see; payloads carry it so clients can drop stale ones. */
    version: p.integer().default(1),
    ...timestampColumns(),
  },
});
export type LiveSession = InferEntity<typeof LiveSession>;

export const SESSION_HOST_ROLES = ['MAIN', 'ASSISTANT', 'GUEST'] as const;
export type SessionHostRole = (typeof SESSION_HOST_ROLES)[number];

/** A host on a session's lineup of presenters. */
export const SessionHost = defineEntity({
  name: 'SessionHost',
  tableName: 'session_hosts',
  uniques: [{ properties: ['session', 'host'] }],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    session: () => p.manyToOne(LiveSession).mapToPk().index().deleteRule('cascade'),
    host: () => p.manyToOne(Host).mapToPk().index().deleteRule('cascade'),
    role: p.enum(SESSION_HOST_ROLES).nativeEnumName('session_host_role'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type SessionHost = InferEntity<typeof SessionHost>;

/**
 * A product in a session's lineup (排品), in order, with its confirmation: stock reserved for the
 * session, the live price and the delivery promise, confirmed by a member.
 */
export const LineupItem = defineEntity({
  name: 'LineupItem',
  tableName: 'lineup_items',
  uniques: [{ properties: ['session', 'product'] }],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    session: () => p.manyToOne(LiveSession).mapToPk().index().deleteRule('cascade'),
    product: () => p.manyToOne(Product).mapToPk().index().deleteRule('restrict'),
    position: p.integer(),
    stockReserved: p.integer().default(0),
    /** Minor units; null until set. */
    livePriceAmount: p.integer().nullable(),
    deliveryPromise: p.string().length(300).default(''),
    confirmedBy: () => p.manyToOne(Member).mapToPk().nullable().deleteRule('set null'),
    confirmedAt: p.datetime().nullable(),
    ...timestampColumns(),
  },
});
export type LineupItem = InferEntity<typeof LineupItem>;

export const SEGMENT_KINDS = ['WARM_UP', 'PRODUCT_PITCH', 'INTERACTION', 'FLASH_SALE', 'GIVEAWAY', 'QA', 'CLOSING'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** A cue the control room fires during a segment, e.g. 上链接 at +120 s. */
export interface SegmentCue {
  /** Seconds after the segment starts. */
  atSeconds: number;
  text: string;
}

/** One block of the run-of-show (直播脚本). */
export const Segment = defineEntity({
  name: 'Segment',
  tableName: 'segments',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    session: () => p.manyToOne(LiveSession).mapToPk().index().deleteRule('cascade'),
    position: p.integer(),
    kind: p.enum(SEGMENT_KINDS).nativeEnumName('segment_kind'),
    title: p.string().length(200),
    /** Planned start, seconds after the session's scheduled start. */
    plannedOffsetSeconds: p.integer(),
    plannedDurationSeconds: p.integer(),
    /** Product ids (in lineup order) pitched in this segment. */
    productIds: p.array().onCreate(() => []),
    talkingPoints: p.array().onCreate(() => []),
    cues: p.json<SegmentCue[]>().onCreate(() => []),
    actualStart: p.datetime().nullable(),
    actualEnd: p.datetime().nullable(),
    ...timestampColumns(),
  },
});
export type Segment = InferEntity<typeof Segment>;
