// Shapes of what the widgets select from the lottery GraphQL API (see documents.ts). Times arrive
// as ISO-8601 strings; money as minor units.

export type GiveawayStatus = 'DRAFT' | 'OPEN' | 'CLOSED' | 'DRAWN' | 'CANCELLED';
export type DrawMode = 'UNIFORM' | 'WEIGHTED';
export type PublicValueSource = 'BEACON' | 'SALT';
export type EarlierWinnerScope = 'NONE' | 'SESSION' | 'CAMPAIGN';
export type UpdateReason = 'CREATED' | 'STATUS' | 'ENTRANTS' | 'WINNERS' | 'FULFILMENT';
export type WinnerStatus = 'PENDING_CLAIM' | 'CLAIMED' | 'FULFILLED' | 'EXPIRED' | 'FORFEITED';
export type ContactStatus = 'NONE' | 'CONTACTED' | 'CONFIRMED' | 'UNREACHABLE';
export type AddressStatus = 'NONE' | 'RECEIVED' | 'SHIPPED' | 'DELIVERED';
/** The core's `SessionStatus`. */
export type SessionStatus = 'DRAFT' | 'SCHEDULED' | 'LIVE' | 'ENDED' | 'REVIEWED' | 'CANCELLED';

export const WINNER_STATUSES: readonly WinnerStatus[] = ['PENDING_CLAIM', 'CLAIMED', 'FULFILLED', 'EXPIRED', 'FORFEITED'];
export const CONTACT_STATUSES: readonly ContactStatus[] = ['NONE', 'CONTACTED', 'CONFIRMED', 'UNREACHABLE'];
export const ADDRESS_STATUSES: readonly AddressStatus[] = ['NONE', 'RECEIVED', 'SHIPPED', 'DELIVERED'];

export interface Money {
  amount: number;
  currency: string;
}

export interface Prize {
  id: string;
  name: string;
  quantity: number;
  value: Money;
}

/** What the feed and the clock need of every giveaway, whichever fields a widget selects. */
export interface GiveawayBase {
  id: string;
  status: GiveawayStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OverlayWinner {
  id: string;
  rank: number;
  viewer: { platformUserId: string };
  prize: { name: string } | null;
}

export interface OverlayGiveaway extends GiveawayBase {
  title: string;
  closesAt: string | null;
  entrantCount: number;
  prizes: Prize[];
  conditions: { keyword: string | null };
  draws: { round: number; drawnAt: string }[];
  winners: OverlayWinner[];
}

export interface ControlWinner {
  id: string;
  rank: number;
  round: number;
  status: WinnerStatus;
  contactStatus: ContactStatus;
  addressStatus: AddressStatus;
  claimDeadline: string | null;
  viewer: { id: string; platformUserId: string };
  prize: { name: string } | null;
}

export interface ControlDraw {
  id: string;
  round: number;
  seedCommitment: string;
  serverSeed: string | null;
  publicValue: string | null;
  listHash: string | null;
  entrantCount: number;
  nextSeedCommitment: string | null;
  proofUrl: string | null;
  entrantListUrl: string | null;
  drawnAt: string;
}

export interface ControlGiveaway extends GiveawayBase {
  title: string;
  mode: DrawMode;
  winnerCount: number;
  closesAt: string | null;
  entryDurationSeconds: number | null;
  publicValueSource: PublicValueSource;
  seedCommitment: string;
  entrantCount: number;
  eligibleCount: number | null;
  listHash: string | null;
  prizes: Prize[];
  conditions: {
    keyword: string | null;
    requireFollower: boolean;
    requireFanClub: boolean;
    minWatchMinutes: number | null;
    requirePurchase: boolean;
  };
  draws: ControlDraw[];
  winners: ControlWinner[];
}

/** One problem a mutation reported, ready to show: `path` is the input field, joined with dots. */
export interface ShownError {
  message: string;
  path?: string;
}
