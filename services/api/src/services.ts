import type { Logger } from 'pino';
import { DomainEvents } from './events/domain-events.js';
import { OrganizationService } from './organizations/organization.service.js';
import { ProductService } from './products/product.service.js';
import type { Realtime } from './realtime.js';

export interface ServiceDeps {
  logger: Logger;
  realtime: Realtime;
}

/** Every domain service, created once per app. Services are stateless apart from their dependencies. */
export function createServices({ logger, realtime }: ServiceDeps) {
  const events = new DomainEvents(logger);
  const services = {
    events,
    realtime,
    organizations: new OrganizationService(events),
    products: new ProductService(),
  };
  return services;
}

export type Services = ReturnType<typeof createServices>;
