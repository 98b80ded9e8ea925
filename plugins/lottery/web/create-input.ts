import type { ControlRoomMessages } from './messages.js';
import { yuanToMinorUnits } from './format.js';
import type { EarlierWinnerScope, PublicValueSource, ShownError } from './types.js';

/** What the operator fills in; number inputs give null while empty. */
export interface CreateGiveawayFields {
  title: string;
  prizeName: string;
  /** Units of the prize; one winner per unit. */
  quantity: number | null;
  valueYuan: string;
  keyword: string;
  durationSeconds: number | null;
  manualClose: boolean;
  requireFollower: boolean;
  requireFanClub: boolean;
  requirePurchase: boolean;
  minWatchMinutes: number | null;
  excludeStaff: boolean;
  excludeBlocked: boolean;
  earlierWinners: EarlierWinnerScope;
  weighted: boolean;
  fanClubWeight: number | null;
  followerWeight: number | null;
  publicValueSource: PublicValueSource;
}

export function defaultCreateFields(): CreateGiveawayFields {
  return {
    title: '',
    prizeName: '',
    quantity: 1,
    valueYuan: '',
    keyword: '',
    durationSeconds: 300,
    manualClose: false,
    requireFollower: false,
    requireFanClub: false,
    requirePurchase: false,
    minWatchMinutes: null,
    excludeStaff: true,
    excludeBlocked: true,
    earlierWinners: 'SESSION',
    weighted: false,
    fanClubWeight: 2,
    followerWeight: 1,
    // A salt works everywhere; a beacon needs the server's `beacon` option (offline installs have none).
    publicValueSource: 'SALT',
  };
}

// The form asks for yuan, so the prize is in yuan whatever the organization's default currency.
const CURRENCY = 'CNY';

/**
 * The `createLotteryGiveaway` input from the form, or the errors to show when a value cannot be
 * sent at all. Everything else (empty title, zero quantity ...) is the server's to reject, so
 * one set of rules speaks, with the field path.
 */
export function buildCreateInput(sessionId: string, fields: CreateGiveawayFields, t: ControlRoomMessages['form']): { input: Record<string, unknown> } | { errors: ShownError[] } {
  const valueAmount = yuanToMinorUnits(fields.valueYuan);
  if (valueAmount === null) return { errors: [{ message: t.invalidValue, path: 'input.prizes.0.valueAmount' }] };
  const quantity = fields.quantity ?? 0;
  const keyword = fields.keyword.trim();
  return {
    input: {
      sessionId,
      title: fields.title.trim(),
      mode: fields.weighted ? 'WEIGHTED' : 'UNIFORM',
      winnerCount: quantity,
      prizes: [{ name: fields.prizeName.trim(), quantity, valueAmount, currency: CURRENCY }],
      conditions: {
        keyword: keyword === '' ? null : keyword,
        requireFollower: fields.requireFollower,
        requireFanClub: fields.requireFanClub,
        minWatchMinutes: fields.minWatchMinutes,
        requirePurchase: fields.requirePurchase,
        regions: [],
      },
      exclusions: {
        excludeStaff: fields.excludeStaff,
        excludeBlocked: fields.excludeBlocked,
        excludeEarlierWinners: fields.earlierWinners,
      },
      // Uniform draws ignore weights; 1 keeps the input valid without pretending otherwise.
      weights: fields.weighted ? { fanClubMember: fields.fanClubWeight ?? 1, follower: fields.followerWeight ?? 1 } : { fanClubMember: 1, follower: 1 },
      entryDurationSeconds: fields.manualClose ? null : fields.durationSeconds,
      publicValueSource: fields.publicValueSource,
    },
  };
}
