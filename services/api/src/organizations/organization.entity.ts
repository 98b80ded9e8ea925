import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn, timestampColumns } from '../db/columns.js';

/** The tenant. Every other row belongs to exactly one organization. */
export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    id: idColumn(),
    name: p.string().length(200),
    /** IANA zone used to display times and to place day-relative deadlines. */
    timeZone: p.string().length(64).default('Asia/Shanghai'),
    /** ISO 4217 code; every money amount of the organization is in this currency. */
    currency: p.string().length(3).default('CNY'),
    ...timestampColumns(),
  },
});
export type Organization = InferEntity<typeof Organization>;
