import type { WidgetLocale } from '@broadcart/plugin-sdk';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import LotteryOverlay from './LotteryOverlay.svelte';
import { FakeWidgetClient, renderWidget, settle, unmountWidgets } from './testing/fake-widget-client.js';
import { notice, overlayGiveaway, page } from './testing/giveaways.js';
import type { OverlayGiveaway } from './types.js';

const SESSION = 'TGl2ZVNlc3Npb246MQ==';
const NOW = new Date('2025-06-01T12:00:00.000Z');

async function renderOverlay(giveaways: OverlayGiveaway[], locale: WidgetLocale = 'en'): Promise<{ client: FakeWidgetClient; target: HTMLElement }> {
  const client = new FakeWidgetClient().answer('LotteryOverlayGiveaways', () => page(giveaways));
  return { client, target: await renderWidget(LotteryOverlay, client, locale, SESSION) };
}

function text(target: HTMLElement): string {
  return target.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

function countdown(target: HTMLElement): string | undefined {
  return target.querySelector('.countdown')?.textContent?.trim();
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  unmountWidgets();
  vi.useRealTimers();
});

describe('LotteryOverlay', () => {
  test('reads the session giveaways and follows them by subscription', async () => {
    const { client } = await renderOverlay([]);
    expect(client.requestsOf('LotteryOverlayGiveaways')[0]?.variables).toEqual({ sessionId: SESSION });
    expect(client.activeSubscriptions().map((subscription) => [subscription.operation, subscription.variables])).toEqual([
      ['LotteryOverlayUpdates', { sessionId: SESSION }],
    ]);
  });

  test('shows nothing when the session has no giveaway to show', async () => {
    const { target } = await renderOverlay([
      overlayGiveaway({ id: 'old', status: 'DRAWN', draws: [{ round: 1, drawnAt: '2025-06-01T11:00:00.000Z' }] }),
    ]);
    expect(text(target)).toBe('');
    expect(target.querySelector('*')).toBeNull();
  });

  test('shows title, prize, keyword and a countdown to closesAt that ticks locally', async () => {
    const { client, target } = await renderOverlay([overlayGiveaway({ closesAt: '2025-06-01T12:01:30.000Z', entrantCount: 1234 })]);
    expect(text(target)).toContain('Summer giveaway');
    expect(text(target)).toContain('Tea set');
    expect(text(target)).toContain('¥199.00');
    expect(text(target)).toContain('Comment to enter 我要茶具');
    expect(text(target)).toContain('1,234 entrants');
    expect(countdown(target)).toBe('1:30');

    vi.advanceTimersByTime(1_000);
    flushSync();
    expect(countdown(target)).toBe('1:29');

    vi.advanceTimersByTime(89_000);
    flushSync();
    expect(countdown(target)).toBe('0:00');
    // One read at start; the countdown never asks the server.
    expect(client.requests).toHaveLength(1);
  });

  test('counts down by the server clock learnt from a status notice, not the local one', async () => {
    const { client, target } = await renderOverlay([]);
    // The server's clock is 20 s behind this machine's: it opened the giveaway at its 11:59:40.
    const opened = overlayGiveaway({ version: 2, updatedAt: '2025-06-01T11:59:40.000Z', closesAt: '2025-06-01T12:00:40.000Z' });
    client.push(notice(opened, 'STATUS'));
    expect(countdown(target)).toBe('1:00');
  });

  test('updates the entrant count from a pushed notice and ignores an older version', async () => {
    const { client, target } = await renderOverlay([overlayGiveaway({ version: 3, entrantCount: 10 })]);
    expect(text(target)).toContain('10 entrants');

    client.push(notice(overlayGiveaway({ version: 5, entrantCount: 42 })));
    expect(text(target)).toContain('42 entrants');

    client.push(notice(overlayGiveaway({ version: 4, entrantCount: 30 })));
    expect(text(target)).toContain('42 entrants');
    expect(text(target)).not.toContain('30 entrants');
  });

  test('reveals the winners with ranks and only the last 4 characters of their ids', async () => {
    const { client, target } = await renderOverlay([overlayGiveaway({ status: 'CLOSED', entrantCount: 3 })]);
    expect(text(target)).toContain('Drawing soon');

    const drawn = overlayGiveaway({
      status: 'DRAWN',
      version: 2,
      entrantCount: 3,
      draws: [{ round: 1, drawnAt: '2025-06-01T11:59:58.000Z' }],
      winners: [
        { id: 'w1', rank: 1, viewer: { platformUserId: 'dy_58213377104' }, prize: { name: 'Tea set' } },
        { id: 'w2', rank: 2, viewer: { platformUserId: 'dy_90000006621' }, prize: { name: 'Tea set' } },
      ],
    });
    client.push(notice(drawn, 'WINNERS'));
    const rows = [...target.querySelectorAll('.winners li')].map((row) => row.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['#1 ***7104 Tea set', '#2 ***6621 Tea set']);
    expect(target.innerHTML).not.toContain('58213377104');
    expect(target.innerHTML).not.toContain('90000006621');

    // The reveal ends a few minutes after the draw.
    vi.advanceTimersByTime(6 * 60_000);
    flushSync();
    expect(text(target)).toBe('');
  });

  test('re-reads the giveaways after the subscription fails', async () => {
    const { client, target } = await renderOverlay([]);
    client.answer('LotteryOverlayGiveaways', () => page([overlayGiveaway({ version: 7, entrantCount: 99 })]));
    client.fail();
    expect(client.activeSubscriptions()).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(client.activeSubscriptions()).toHaveLength(1);
    expect(client.requestsOf('LotteryOverlayGiveaways')).toHaveLength(2);
    expect(text(target)).toContain('99 entrants');
  });

  test('speaks Chinese in zh-CN', async () => {
    const { target } = await renderOverlay([overlayGiveaway({ entrantCount: 5 })], 'zh-CN');
    expect(text(target)).toContain('评论口令 我要茶具');
    expect(text(target)).toContain('距截止');
    expect(text(target)).toContain('5 人参与');
    expect(text(target)).toContain('¥199.00');
  });
});
