import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn, timestampColumns } from '../db/columns.js';
import { Member } from '../organizations/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import type { Platform } from '../shared/enums.js';

export interface PlatformAccount {
  platform: Platform;
  handle: string;
  followers: number;
}

/** A weekly recurring window in the organization's time zone; weekday 1 = Monday ... 7 = Sunday. */
export interface AvailabilityWindow {
  weekday: number;
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
}

/** A presenter (主播) the organization can put on a session. */
export const Host = defineEntity({
  name: 'Host',
  tableName: 'hosts',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    /** The member account of the host, if they sign in (lets them update their own training records). */
    member: () => p.manyToOne(Member).mapToPk().nullable().index().deleteRule('set null'),
    name: p.string().length(120),
    avatarUrl: p.string().length(2000).nullable(),
    platformAccounts: p.json<PlatformAccount[]>().onCreate(() => []),
    styleTags: p.array().onCreate(() => []),
    audienceTags: p.array().onCreate(() => []),
    languages: p.array().onCreate(() => []),
    /** Minor units per hour on air. */
    costPerHourAmount: p.integer().default(0),
    availability: p.json<AvailabilityWindow[]>().onCreate(() => []),
    ...timestampColumns(),
  },
});
export type Host = InferEntity<typeof Host>;

export const TRAINING_TOPICS = ['PRODUCT_KNOWLEDGE', 'SALES_TECHNIQUE', 'RUN_OF_SHOW', 'OTHER'] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];

/** One training a host attended. */
export const TrainingRecord = defineEntity({
  name: 'TrainingRecord',
  tableName: 'training_records',
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    host: () => p.manyToOne(Host).mapToPk().index().deleteRule('cascade'),
    topic: p.enum(TRAINING_TOPICS).nativeEnumName('training_topic'),
    /** Calendar date, YYYY-MM-DD. */
    date: p.string().columnType('date'),
    trainer: p.string().length(120),
    /** 0-100. */
    score: p.integer().nullable(),
    notes: p.text().default(''),
    ...timestampColumns(),
  },
});
export type TrainingRecord = InferEntity<typeof TrainingRecord>;
