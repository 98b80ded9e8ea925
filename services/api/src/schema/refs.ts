import type { EntitySchema } from '@mikro-orm/core';
import { Alert, AlertRule } from '../alerts/alert.entity.js';
import { Campaign, CampaignGoal } from '../campaigns/campaign.entity.js';
import { SessionTarget } from '../campaigns/session-target.entity.js';
import { Host, TrainingRecord } from '../hosts/host.entity.js';
import { Viewer } from '../ingest/viewer.entity.js';
import { Order } from '../live-metrics/live-metrics.entity.js';
import { Member } from '../organizations/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Product } from '../products/product.entity.js';
import { LineupItem, LiveSession, Segment, SessionHost } from '../sessions/session.entity.js';
import { ChecklistTemplateItem, Task, WarmUpPost } from '../tasks/task.entity.js';
import { builder } from './builder.js';
import { loadScoped } from './loaders.js';

/**
 * The core node types, declared here and implemented by their domain's `*.schema.ts`. Keeping the
 * declarations apart lets domains reference each other without import cycles, and this is the
 * set handed to plugins' `schema(builder, refs)`. Plugin fields on core types must be nullable.
 */

/** A Relay node loaded in batches by id, scoped to the caller's organization. */
function scopedNode<T extends { id: string; organization: string }>(name: string, entity: EntitySchema<T, any>) {
  return builder.loadableNodeRef(name, {
    id: { resolve: (row: T) => row.id },
    load: loadScoped<T>(entity),
    sort: (row) => row.id,
  });
}

export const OrganizationRef = builder.loadableNodeRef('Organization', {
  id: { resolve: (organization: Organization) => organization.id },
  // Only the caller's own organization can ever load.
  load: (ids: string[], context) =>
    context.actor && ids.includes(context.actor.organizationId)
      ? context.services.organizations.getOrganization(context.em, context.actor).then((organization) => [organization])
      : Promise.resolve([]),
  sort: (organization) => organization.id,
});
export const MemberRef = scopedNode<Member>('Member', Member);
export const ProductRef = scopedNode<Product>('Product', Product);
export const HostRef = scopedNode<Host>('Host', Host);
export const TrainingRecordRef = scopedNode<TrainingRecord>('TrainingRecord', TrainingRecord);
export const CampaignRef = scopedNode<Campaign>('Campaign', Campaign);
export const CampaignGoalRef = scopedNode<CampaignGoal>('CampaignGoal', CampaignGoal);
export const SessionTargetRef = scopedNode<SessionTarget>('SessionTarget', SessionTarget);
export const LiveSessionRef = scopedNode<LiveSession>('LiveSession', LiveSession);
export const SessionHostRef = scopedNode<SessionHost>('SessionHost', SessionHost);
export const LineupItemRef = scopedNode<LineupItem>('LineupItem', LineupItem);
export const SegmentRef = scopedNode<Segment>('Segment', Segment);
export const TaskRef = scopedNode<Task>('Task', Task);
export const ChecklistTemplateItemRef = scopedNode<ChecklistTemplateItem>('ChecklistTemplateItem', ChecklistTemplateItem);
export const WarmUpPostRef = scopedNode<WarmUpPost>('WarmUpPost', WarmUpPost);
export const AlertRuleRef = scopedNode<AlertRule>('AlertRule', AlertRule);
export const AlertRef = scopedNode<Alert>('Alert', Alert);
export const ViewerRef = scopedNode<Viewer>('Viewer', Viewer);
export const OrderRef = scopedNode<Order>('Order', Order);

/** One `<Type>Connection` and `<Type>Edge` per node type, shared by every list of that type. */
function connectionOf<T extends Parameters<typeof builder.connectionObject>[0]['type']>(type: T, name: string) {
  return builder.connectionObject({ type, name: `${name}Connection` }, { name: `${name}Edge` });
}

export const MemberConnection = connectionOf(MemberRef, 'Member');
export const ProductConnection = connectionOf(ProductRef, 'Product');
export const HostConnection = connectionOf(HostRef, 'Host');
export const CampaignConnection = connectionOf(CampaignRef, 'Campaign');
export const LiveSessionConnection = connectionOf(LiveSessionRef, 'LiveSession');
export const TaskConnection = connectionOf(TaskRef, 'Task');
export const WarmUpPostConnection = connectionOf(WarmUpPostRef, 'WarmUpPost');
export const AlertRuleConnection = connectionOf(AlertRuleRef, 'AlertRule');
export const OrderConnection = connectionOf(OrderRef, 'Order');

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
  AlertRule: AlertRuleRef,
  Alert: AlertRef,
  Viewer: ViewerRef,
} as const;

export type CoreRefs = typeof coreRefs;
