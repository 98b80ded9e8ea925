import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn } from '../db/columns.js';
import { Member } from '../organizations/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { LiveSession } from '../sessions/session.entity.js';

/**
 * A read-only bearer token for the on-stream overlay of one live session (the `?token=` of the
 * page OBS loads). Only the SHA-256 of the secret is stored, with its last characters so people
 * can tell tokens apart; the secret itself is shown once, when it is issued.
 */
export const OverlayToken = defineEntity({
  name: 'OverlayToken',
  tableName: 'overlay_tokens',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    session: () => p.manyToOne(LiveSession).mapToPk().index().deleteRule('cascade'),
    /** What the token is for, e.g. "OBS studio PC"; kept when the token is rotated. */
    label: p.string().length(80).nullable(),
    tokenHash: p.string().length(64).unique(),
    /** The secret's last 4 characters. */
    tokenHint: p.string().length(4),
    /** Null once the member who issued it is gone. */
    createdBy: () => p.manyToOne(Member).mapToPk().nullable().deleteRule('set null'),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Once set, the token authenticates nothing and its open sockets are closed. */
    revokedAt: p.datetime().nullable(),
    /** Written at most once a minute, not on every request. */
    lastUsedAt: p.datetime().nullable(),
  },
});
export type OverlayToken = InferEntity<typeof OverlayToken>;
