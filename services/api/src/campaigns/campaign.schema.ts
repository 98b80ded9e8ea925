import { builder } from '../schema/builder.js';
import { loadScoped } from '../schema/loaders.js';
import { Campaign, CampaignGoal } from './campaign.entity.js';
import { SessionTarget } from './session-target.entity.js';

export const CampaignRef = builder.loadableNodeRef('Campaign', {
  id: { resolve: (campaign: Campaign) => campaign.id },
  load: loadScoped<Campaign>(Campaign),
  sort: (campaign) => campaign.id,
});

export const CampaignGoalRef = builder.loadableNodeRef('CampaignGoal', {
  id: { resolve: (goal: CampaignGoal) => goal.id },
  load: loadScoped<CampaignGoal>(CampaignGoal),
  sort: (goal) => goal.id,
});

export const SessionTargetRef = builder.loadableNodeRef('SessionTarget', {
  id: { resolve: (target: SessionTarget) => target.id },
  load: loadScoped<SessionTarget>(SessionTarget),
  sort: (target) => target.id,
});

// STUB: the campaigns domain replaces these with the full types, queries and mutations.
CampaignRef.implement({ description: 'A campaign.', fields: (t) => ({ name: t.exposeString('name') }) });
CampaignGoalRef.implement({ description: 'A goal of a campaign.', fields: () => ({}) });
SessionTargetRef.implement({ description: 'A session’s part of a campaign goal.', fields: () => ({}) });
