import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn, timestampColumns } from '../db/columns.js';
import { Organization } from '../organizations/organization.entity.js';
import { LiveSession } from '../sessions/session.entity.js';
import { CampaignGoal } from './campaign.entity.js';

/** The part of a campaign goal that one session is expected to deliver. */
export const SessionTarget = defineEntity({
  name: 'SessionTarget',
  tableName: 'session_targets',
  uniques: [{ properties: ['goal', 'session'] }],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    goal: () => p.manyToOne(CampaignGoal).mapToPk().index().deleteRule('cascade'),
    session: () => p.manyToOne(LiveSession).mapToPk().index().deleteRule('cascade'),
    // Without runtimeType MikroORM hydrates double precision as a string, and sums would concatenate.
    target: p.double().$type<number>().runtimeType('number'),
    ...timestampColumns(),
  },
});
export type SessionTarget = InferEntity<typeof SessionTarget>;
