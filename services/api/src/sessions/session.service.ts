import type { DomainEvents } from '../events/domain-events.js';
import type { Realtime } from '../realtime.js';

/** Live sessions: schedule, status, hosts, lineup, run-of-show. */
export class SessionService {
  constructor(
    private readonly events: DomainEvents,
    private readonly realtime: Realtime,
  ) {}
}
