import type { OverlayGiveaway } from './types.js';

/** How long the overlay keeps showing the winners after a draw (or redraw). */
export const REVEAL_WINDOW_MS = 5 * 60_000;

function lastDrawnAt(giveaway: OverlayGiveaway): number {
  return Math.max(Number.NEGATIVE_INFINITY, ...giveaway.draws.map((draw) => Date.parse(draw.drawnAt)));
}

/**
 * The giveaway the overlay shows: the newest OPEN one, else the newest CLOSED one (waiting for its
 * draw), else the most recently drawn one while its reveal lasts; null shows nothing.
 * `giveaways` come newest first.
 */
export function pickOverlayGiveaway<G extends OverlayGiveaway>(giveaways: readonly G[], serverNow: number): G | null {
  const open = giveaways.find((giveaway) => giveaway.status === 'OPEN');
  if (open) return open;
  const closed = giveaways.find((giveaway) => giveaway.status === 'CLOSED');
  if (closed) return closed;
  let shown: G | null = null;
  let shownAt = Number.NEGATIVE_INFINITY;
  for (const giveaway of giveaways) {
    if (giveaway.status !== 'DRAWN') continue;
    const drawnAt = lastDrawnAt(giveaway);
    if (drawnAt > shownAt && serverNow - drawnAt <= REVEAL_WINDOW_MS) {
      shown = giveaway;
      shownAt = drawnAt;
    }
  }
  return shown;
}
