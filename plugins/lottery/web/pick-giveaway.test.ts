// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { pickOverlayGiveaway, REVEAL_WINDOW_MS } from './pick-giveaway.js';
import { overlayGiveaway } from './testing/giveaways.js';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');

function drawnAt(id: string, at: number): ReturnType<typeof overlayGiveaway> {
  return overlayGiveaway({ id, status: 'DRAWN', draws: [{ round: 1, drawnAt: new Date(at).toISOString() }] });
}

describe('pickOverlayGiveaway', () => {
  test('prefers the newest open giveaway, then a closed one, then the latest draw', () => {
    const open = overlayGiveaway({ id: 'open' });
    const olderOpen = overlayGiveaway({ id: 'older-open' });
    const closed = overlayGiveaway({ id: 'closed', status: 'CLOSED' });
    const drawn = drawnAt('drawn', NOW - 1_000);
    expect(pickOverlayGiveaway([drawn, closed, open, olderOpen], NOW)?.id).toBe('open');
    expect(pickOverlayGiveaway([drawn, closed], NOW)?.id).toBe('closed');
    expect(pickOverlayGiveaway([drawn], NOW)?.id).toBe('drawn');
  });

  test('shows the most recent draw while its reveal lasts, counting redraws', () => {
    const earlier = drawnAt('earlier', NOW - 60_000);
    const redrawn = overlayGiveaway({
      id: 'redrawn',
      status: 'DRAWN',
      draws: [
        { round: 1, drawnAt: new Date(NOW - 4 * 60_000).toISOString() },
        { round: 2, drawnAt: new Date(NOW - 10_000).toISOString() },
      ],
    });
    expect(pickOverlayGiveaway([earlier, redrawn], NOW)?.id).toBe('redrawn');
    expect(pickOverlayGiveaway([drawnAt('late', NOW - REVEAL_WINDOW_MS - 1)], NOW)).toBeNull();
  });

  test('never shows drafts or cancelled giveaways', () => {
    expect(pickOverlayGiveaway([overlayGiveaway({ status: 'DRAFT' }), overlayGiveaway({ status: 'CANCELLED' })], NOW)).toBeNull();
  });
});
