/**
 * Prizes are handed out by rank: the prizes in their listed order, each repeated `quantity`
 * times, give the prize of rank 1, 2, 3 ... A giveaway with prizes has exactly as many winners as
 * prize units; one without prizes just names a winner count.
 */
export interface PrizeUnits {
  id: string;
  quantity: number;
}

export const MAX_WINNER_COUNT = 1000;

/** The prize id of each rank, rank 1 first. */
export function expandPrizes(prizes: readonly PrizeUnits[]): string[] {
  return prizes.flatMap((prize) => Array.from({ length: prize.quantity }, () => prize.id));
}

/** The prize of `rank` (1-based), or null when the giveaway has no prizes. */
export function prizeForRank(prizes: readonly PrizeUnits[], rank: number): string | null {
  let remaining = rank;
  for (const prize of prizes) {
    if (remaining <= prize.quantity) return prize.id;
    remaining -= prize.quantity;
  }
  return null;
}

/**
 * The winner count: given, or the sum of the prize quantities. A string says what is wrong when
 * the two disagree or the count is out of range.
 */
export function resolveWinnerCount(winnerCount: number | null | undefined, prizes: readonly { quantity: number }[]): number | string {
  const units = prizes.reduce((sum, prize) => sum + prize.quantity, 0);
  if (winnerCount == null) {
    if (prizes.length === 0) return 'is required when there are no prizes';
    winnerCount = units;
  } else if (prizes.length > 0 && winnerCount !== units) {
    return `must equal the number of prize units (${units}), since every winner gets one`;
  }
  if (!Number.isInteger(winnerCount) || winnerCount < 1 || winnerCount > MAX_WINNER_COUNT) return `must be an integer from 1 to ${MAX_WINNER_COUNT}`;
  return winnerCount;
}

/** One winner of a draw placed on a rank of the giveaway. */
export interface RankAssignment {
  /** The giveaway rank the winner takes (and with it the prize of that rank). */
  rank: number;
  /** The winner's rank in its own draw's proof. */
  drawRank: number;
  viewerId: string;
}

/**
 * Places a draw's winners (in draw-rank order) on the ranks it was drawn for: a first draw fills
 * ranks 1..k; a redraw fills the vacated ranks, lowest first. Ranks left over (fewer entrants
 * than ranks) stay empty.
 */
export function assignRanks(ranks: readonly number[], winners: readonly { rank: number; id: string }[]): RankAssignment[] {
  const open = [...ranks].sort((a, b) => a - b);
  const ordered = [...winners].sort((a, b) => a.rank - b.rank);
  if (ordered.length > open.length) throw new RangeError(`${ordered.length} winners for ${open.length} ranks`);
  return ordered.map((winner, index) => ({ rank: open[index]!, drawRank: winner.rank, viewerId: winner.id }));
}
