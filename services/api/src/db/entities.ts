import type { EntitySchema } from '@mikro-orm/core';
import { Alert, AlertRule } from '../alerts/alert.entity.js';
import { Campaign, CampaignGoal } from '../campaigns/campaign.entity.js';
import { SessionTarget } from '../campaigns/session-target.entity.js';
import { DomainEventRecord, EventDelivery } from '../events/event-outbox.entity.js';
import { Host, TrainingRecord } from '../hosts/host.entity.js';
import { liveMetricsEntities } from '../live-metrics/live-metrics.entity.js';
import { AudienceEvent } from '../ingest/audience-event.entity.js';
import { IngestSource, IngestSourceSecret } from '../ingest/ingest-source.entity.js';
import { Viewer } from '../ingest/viewer.entity.js';
import { AccessToken } from '../organizations/access-token.entity.js';
import { Member } from '../organizations/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { OverlayToken } from '../overlays/overlay-token.entity.js';
import { PluginSetting } from '../plugins/plugin-setting.entity.js';
import { Product } from '../products/product.entity.js';
import { LineupItem, LiveSession, Segment, SessionHost } from '../sessions/session.entity.js';
import { ChecklistTemplateItem, Task, WarmUpPost } from '../tasks/task.entity.js';

/** Every core entity, listed explicitly (no folder discovery). */
export const entities: readonly EntitySchema<any, any>[] = [
  Organization,
  PluginSetting,
  Member,
  AccessToken,
  Product,
  Host,
  TrainingRecord,
  Campaign,
  CampaignGoal,
  SessionTarget,
  LiveSession,
  SessionHost,
  LineupItem,
  Segment,
  OverlayToken,
  Task,
  ChecklistTemplateItem,
  WarmUpPost,
  IngestSource,
  IngestSourceSecret,
  Viewer,
  AudienceEvent,
  ...liveMetricsEntities,
  DomainEventRecord,
  EventDelivery,
  AlertRule,
  Alert,
];
