import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn } from '../db/columns.js';
import { Member } from './member.entity.js';
import { Organization } from './organization.entity.js';

export const ACCESS_TOKEN_KINDS = ['SESSION', 'INVITATION'] as const;
export type AccessTokenKind = (typeof ACCESS_TOKEN_KINDS)[number];

/**
 * Bearer and invitation tokens. Only the SHA-256 of the secret is stored; the secret itself
 * is shown once, when it is issued.
 */
export const AccessToken = defineEntity({
  name: 'AccessToken',
  tableName: 'access_tokens',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    member: () => p.manyToOne(Member).mapToPk().index().deleteRule('cascade'),
    kind: p.enum(ACCESS_TOKEN_KINDS).nativeEnumName('access_token_kind'),
    tokenHash: p.string().length(64).unique(),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type AccessToken = InferEntity<typeof AccessToken>;
