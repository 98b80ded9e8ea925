import type { DomainEvents } from '../events/domain-events.js';

/** Hosts (主播) and their training records. */
export class HostService {
  constructor(private readonly events: DomainEvents) {}
}
