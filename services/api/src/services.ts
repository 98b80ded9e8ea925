import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { AlertService } from './alerts/alert.service.js';
import { CampaignService } from './campaigns/campaign.service.js';
import { DomainEvents } from './events/domain-events.js';
import { EventDeliveryService } from './events/event-delivery.service.js';
import { registerOutboxRetention } from './events/outbox-retention.js';
import { HostService } from './hosts/host.service.js';
import { IngestService } from './ingest/ingest.service.js';
import { registerAudienceEventRetention } from './ingest/retention.js';
import { LiveMetricsService } from './live-metrics/live-metrics.service.js';
import { OrganizationService } from './organizations/organization.service.js';
import { ProductService } from './products/product.service.js';
import { ReviewService } from './review/review.service.js';
// Registers GET /export/sessions/{id}/{table}.csv on the HTTP route table.
import './review/review-export.js';
import type { Realtime } from './realtime.js';
import { SelectionService } from './selection/selection.service.js';
import { SessionService } from './sessions/session.service.js';
import { SimulationService } from './simulator/simulation.service.js';
import { TaskService } from './tasks/task.service.js';
import { Scheduler } from './worker/scheduler.js';

export interface ServiceDeps {
  orm: MikroORM;
  realtime: Realtime;
  logger: Logger;
  /** How long a resolved bearer token is reused. @default 5 s */
  actorCacheTtlMs?: number;
  /** The app's clock (scheduled tasks, actual start/end of shows); tests move it. @default the system clock */
  clock?: () => Date;
  /** Days raw audience events are kept. @default 400 */
  eventRetentionDays?: number;
}

/** Every domain service, created once per app. Services are stateless apart from their dependencies. */
export function createServices({ orm, realtime, logger, actorCacheTtlMs, clock, eventRetentionDays }: ServiceDeps) {
  const events = new DomainEvents(clock);
  // Periodic tasks register here; they run only in the worker role (see app.ts).
  const scheduler = new Scheduler(orm, logger, clock);
  registerOutboxRetention(scheduler);
  registerAudienceEventRetention(scheduler, eventRetentionDays);
  const liveMetrics = new LiveMetricsService(orm, realtime, logger);
  // The batch writer feeds every flush's accepted events to the live metrics in its transaction.
  const ingest = new IngestService({ orm, events, realtime, logger, hook: liveMetrics });
  return {
    events,
    realtime,
    organizations: new OrganizationService(events, actorCacheTtlMs),
    products: new ProductService(),
    hosts: new HostService(),
    campaigns: new CampaignService(events),
    scheduler,
    eventDeliveries: new EventDeliveryService(events),
    sessions: new SessionService(events, realtime, { clock, scheduler }),
    tasks: new TaskService(events),
    selection: new SelectionService(),
    liveMetrics,
    ingest,
    alerts: new AlertService(events, realtime, logger, scheduler),
    review: new ReviewService(),
    // Demo audience simulations send through the ingestion service in-process.
    simulations: new SimulationService(orm, logger, (scope, sessionId, batch) => ingest.ingestAsMember(scope, sessionId, batch)),
  };
}

export type Services = ReturnType<typeof createServices>;
