import { CampaignGoalRef, CampaignRef, SessionTargetRef } from '../campaigns/campaign.schema.js';
import { HostRef, TrainingRecordRef } from '../hosts/host.schema.js';
import { MemberRef, OrganizationRef } from '../organizations/organization.schema.js';
import { ProductRef } from '../products/product.schema.js';
import { LineupItemRef, LiveSessionRef, SegmentRef, SessionHostRef } from '../sessions/session.schema.js';
import { ChecklistTemplateItemRef, TaskRef, WarmUpPostRef } from '../tasks/task.schema.js';

/**
 * The core object refs, handed to plugins' `schema(builder, refs)` so they can add fields to core
 * types or return them. Plugin fields on core types must be nullable.
 */
export const coreRefs = {
  Organization: OrganizationRef,
  Member: MemberRef,
  Product: ProductRef,
  Host: HostRef,
  TrainingRecord: TrainingRecordRef,
  Campaign: CampaignRef,
  CampaignGoal: CampaignGoalRef,
  SessionTarget: SessionTargetRef,
  LiveSession: LiveSessionRef,
  SessionHost: SessionHostRef,
  LineupItem: LineupItemRef,
  Segment: SegmentRef,
  Task: TaskRef,
  ChecklistTemplateItem: ChecklistTemplateItemRef,
  WarmUpPost: WarmUpPostRef,
} as const;

export type CoreRefs = typeof coreRefs;
