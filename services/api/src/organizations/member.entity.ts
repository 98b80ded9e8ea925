import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn, timestampColumns } from '../db/columns.js';
import { Organization } from './organization.entity.js';

export const MEMBER_ROLES = ['OWNER', 'OPERATOR', 'HOST', 'ANALYST'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MEMBER_STATUSES = ['INVITED', 'ACTIVE', 'DISABLED'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** A person who works in one organization. E-mail is unique across Broadcart so sign-in is unambiguous. */
export const Member = defineEntity({
  name: 'Member',
  tableName: 'members',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    email: p.string().length(320).unique(),
    displayName: p.string().length(120),
    role: p.enum(MEMBER_ROLES).nativeEnumName('member_role'),
    status: p.enum(MEMBER_STATUSES).nativeEnumName('member_status').default('ACTIVE'),
    /** argon2id PHC string; null until an invited member sets a password. */
    passwordHash: p.string().length(255).nullable().hidden(),
    ...timestampColumns(),
  },
});
export type Member = InferEntity<typeof Member>;
