import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { CampaignService } from './campaigns/campaign.service.js';
import { DomainEvents } from './events/domain-events.js';
import { HostService } from './hosts/host.service.js';
import { LiveMetricsService } from './live-metrics/live-metrics.service.js';
import { OrganizationService } from './organizations/organization.service.js';
import { ProductService } from './products/product.service.js';
import type { Realtime } from './realtime.js';
import { SelectionService } from './selection/selection.service.js';
import { SessionService } from './sessions/session.service.js';
import { TaskService } from './tasks/task.service.js';

export interface ServiceDeps {
  orm: MikroORM;
  realtime: Realtime;
  logger: Logger;
  /** How long a resolved bearer token is reused. @default 5 s */
  actorCacheTtlMs?: number;
}

/** Every domain service, created once per app. Services are stateless apart from their dependencies. */
export function createServices({ orm, realtime, logger, actorCacheTtlMs }: ServiceDeps) {
  const events = new DomainEvents();
  return {
    events,
    realtime,
    organizations: new OrganizationService(events, actorCacheTtlMs),
    products: new ProductService(),
    hosts: new HostService(),
    campaigns: new CampaignService(events),
    sessions: new SessionService(events, realtime),
    tasks: new TaskService(events),
    selection: new SelectionService(),
    liveMetrics: new LiveMetricsService(orm, realtime, logger),
  };
}

export type Services = ReturnType<typeof createServices>;
