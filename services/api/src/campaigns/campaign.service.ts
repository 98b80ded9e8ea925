import type { DomainEvents } from '../events/domain-events.js';

/** Campaigns, their goal trees and the split of goals onto sessions. */
export class CampaignService {
  constructor(private readonly events: DomainEvents) {}
}
