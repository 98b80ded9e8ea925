/** The value lists of the lottery's enums, shared by the entities, the rules and the GraphQL types. */

/** DRAFT → OPEN → CLOSED → DRAWN; DRAFT, OPEN and CLOSED may be CANCELLED. */
export const GIVEAWAY_STATUSES = ['DRAFT', 'OPEN', 'CLOSED', 'DRAWN', 'CANCELLED'] as const;
export type GiveawayStatus = (typeof GIVEAWAY_STATUSES)[number];

export const DRAW_MODES = ['UNIFORM', 'WEIGHTED'] as const;
export type GiveawayDrawMode = (typeof DRAW_MODES)[number];

export const EARLIER_WINNER_SCOPES = ['NONE', 'SESSION', 'CAMPAIGN'] as const;
export type EarlierWinnerScope = (typeof EARLIER_WINNER_SCOPES)[number];

export const UNCLAIMED_POLICIES = ['REDRAW', 'FORFEIT'] as const;
export type UnclaimedPolicy = (typeof UNCLAIMED_POLICIES)[number];

export const PUBLIC_VALUE_SOURCES = ['BEACON', 'SALT'] as const;
export type PublicValueSource = (typeof PUBLIC_VALUE_SOURCES)[number];

/** Why an entrant was left out of the draw; the first that applies, in this order. */
export const INELIGIBLE_REASONS = [
  'STAFF',
  'BLOCKED',
  'EARLIER_WINNER',
  'NOT_FOLLOWER',
  'NOT_FAN_CLUB_MEMBER',
  'WATCH_TIME_TOO_SHORT',
  'NO_PURCHASE',
  'REGION',
] as const;
export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number];

export const WINNER_STATUSES = ['PENDING_CLAIM', 'CLAIMED', 'FULFILLED', 'EXPIRED', 'FORFEITED'] as const;
export type WinnerStatus = (typeof WINNER_STATUSES)[number];

export const CONTACT_STATUSES = ['NONE', 'CONTACTED', 'CONFIRMED', 'UNREACHABLE'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const ADDRESS_STATUSES = ['NONE', 'RECEIVED', 'SHIPPED', 'DELIVERED'] as const;
export type AddressStatus = (typeof ADDRESS_STATUSES)[number];

/** What a realtime notice on `giveaway:<sessionId>` is about. */
export const UPDATE_REASONS = ['CREATED', 'STATUS', 'ENTRANTS', 'WINNERS', 'FULFILMENT'] as const;
export type UpdateReason = (typeof UPDATE_REASONS)[number];
