import type { DomainEvents } from '../events/domain-events.js';

/** Tasks (日常任务), the session checklist template and warm-up posts. */
export class TaskService {
  constructor(private readonly events: DomainEvents) {}
}
