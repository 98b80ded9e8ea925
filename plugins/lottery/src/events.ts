import type { WinnerStatus } from './enums.js';

/** What every lottery event carries: enough to publish a notice or re-read the giveaway. */
export interface GiveawayFact {
  organizationId: string;
  sessionId: string;
  giveawayId: string;
  /** The giveaway's version after the change. */
  version: number;
}

declare module '@broadcart/plugin-sdk' {
  interface PluginEventMap {
    'lottery.created': GiveawayFact;
    /** A DRAFT giveaway's settings changed. */
    'lottery.updated': GiveawayFact;
    'lottery.opened': GiveawayFact & { opensAt: Date; closesAt: Date | null };
    /** An OPEN giveaway closed by hand got a `closesAt` (its segment left the air): the close timer closes it. */
    'lottery.closing': GiveawayFact & { closesAt: Date };
    /** The entrant list was frozen. */
    'lottery.closed': GiveawayFact & { eligibleCount: number; listHash: string };
    /** A draw ran: round 1, or a redraw of vacated ranks. */
    'lottery.drawn': GiveawayFact & { drawId: string; round: number; winnerViewerIds: string[]; at: Date };
    'lottery.cancelled': GiveawayFact;
    /** A winner's claim, contact or address status changed (EXPIRED comes from the claim timer). */
    'lottery.winnerUpdated': GiveawayFact & { winnerId: string; viewerId: string; status: WinnerStatus };
  }
}

export const LOTTERY_EVENTS = [
  'lottery.created',
  'lottery.updated',
  'lottery.opened',
  'lottery.closing',
  'lottery.closed',
  'lottery.drawn',
  'lottery.cancelled',
  'lottery.winnerUpdated',
] as const;
