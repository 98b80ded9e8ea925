import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { GiveawayFeed } from './giveaway-feed.svelte.js';
import { overlayDocuments } from './overlay-documents.js';
import { FakeWidgetClient, settle } from './testing/fake-widget-client.js';
import { notice, overlayGiveaway, page } from './testing/giveaways.js';
import type { OverlayGiveaway } from './types.js';

const SESSION = 'TGl2ZVNlc3Npb246MQ==';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-06-01T12:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('GiveawayFeed', () => {
  test('keeps giveaways newest first and takes only newer versions', async () => {
    const client = new FakeWidgetClient().answer('LotteryOverlayGiveaways', () =>
      page([overlayGiveaway({ id: 'a', createdAt: '2025-06-01T11:00:00.000Z' }), overlayGiveaway({ id: 'b', createdAt: '2025-06-01T11:30:00.000Z', version: 3 })]),
    );
    const feed = new GiveawayFeed<OverlayGiveaway>(overlayDocuments);
    const stop = feed.connect(client, SESSION);
    await settle();
    expect(feed.loaded).toBe(true);
    expect(feed.giveaways.map((giveaway) => giveaway.id)).toEqual(['b', 'a']);

    client.push(notice(overlayGiveaway({ id: 'b', version: 3, title: 'same version' })));
    client.push(notice(overlayGiveaway({ id: 'b', version: 2, title: 'older' })));
    expect(feed.get('b')?.title).toBe('Summer giveaway');
    client.push(notice(overlayGiveaway({ id: 'b', version: 4, title: 'newer' })));
    expect(feed.get('b')?.title).toBe('newer');
    stop();
  });

  test('retries a failed read with a growing delay, and stops retrying when disconnected', async () => {
    const client = new FakeWidgetClient().answer('LotteryOverlayGiveaways', () => {
      throw new Error('502 Bad Gateway');
    });
    const feed = new GiveawayFeed<OverlayGiveaway>(overlayDocuments);
    const stop = feed.connect(client, SESSION);
    await settle();
    expect(feed.error).toBe('502 Bad Gateway');
    expect(client.activeSubscriptions()).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(client.requests).toHaveLength(2);
    // The second failure waits 2 s, not 1 s.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(client.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(client.requests).toHaveLength(3);

    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.requests).toHaveLength(3);
    expect(client.activeSubscriptions()).toHaveLength(0);
  });

  test('a subscription that fails while starting leaves no subscription behind', async () => {
    const client = new FakeWidgetClient().answer('LotteryOverlayGiveaways', () => page([]));
    const subscribe = client.subscribe.bind(client);
    let failNow = true;
    client.subscribe = (document, variables, onData, onError) => {
      const stop = subscribe(document, variables, onData, onError);
      if (failNow) {
        failNow = false;
        onError?.(new Error('handshake refused'));
      }
      return stop;
    };
    const feed = new GiveawayFeed<OverlayGiveaway>(overlayDocuments);
    const stop = feed.connect(client, SESSION);
    await settle();
    expect(client.activeSubscriptions()).toHaveLength(0);
    expect(client.requests).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(client.activeSubscriptions()).toHaveLength(1);
    expect(feed.loaded).toBe(true);
    expect(feed.error).toBeNull();
    stop();
  });
});
