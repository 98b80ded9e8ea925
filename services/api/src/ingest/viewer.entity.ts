import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn } from '../db/columns.js';
import { Organization } from '../organizations/organization.entity.js';
import { PLATFORMS } from '../shared/enums.js';

/**
 * A member of the audience, known only by the platform's pseudonymous user id (no names, no
 * contact data). One row per organization, platform and platform user, created by ingestion.
 */
export const Viewer = defineEntity({
  name: 'Viewer',
  tableName: 'viewers',
  uniques: [{ properties: ['organization', 'platform', 'platformUserId'] }],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().deleteRule('cascade'),
    platform: p.enum(PLATFORMS).nativeEnumName('platform'),
    platformUserId: p.string().length(200),
    region: p.string().length(100).nullable(),
    followedAt: p.datetime().nullable(),
    fanClubAt: p.datetime().nullable(),
    blocked: p.boolean().default(false),
    firstSeenAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Viewer = InferEntity<typeof Viewer>;
