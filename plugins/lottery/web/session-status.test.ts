import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { giveawaysClosedReason, SessionStatusWatch } from './session-status.svelte.js';
import { FakeWidgetClient, settle } from './testing/fake-widget-client.js';
import type { SessionStatus } from './types.js';

const SESSION = 'TGl2ZVNlc3Npb246MQ==';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('giveawaysClosedReason', () => {
  test.each<[SessionStatus | null, string | null]>([
    [null, null],
    ['DRAFT', null],
    ['SCHEDULED', null],
    ['LIVE', null],
    ['ENDED', 'ENDED'],
    ['REVIEWED', 'ENDED'],
    ['CANCELLED', 'CANCELLED'],
  ])('%s → %s', (status, reason) => {
    expect(giveawaysClosedReason(status)).toBe(reason);
  });
});

describe('SessionStatusWatch', () => {
  test('reads the status, follows newer notices and re-reads after a disconnect', async () => {
    let answer: { status: SessionStatus; version: number } = { status: 'LIVE', version: 2 };
    const client = new FakeWidgetClient().answer('LotteryControlRoomSession', () => ({ node: { id: SESSION, ...answer } }));
    const watch = new SessionStatusWatch();
    expect(watch.settled).toBe(false);
    const stop = watch.connect(client, SESSION);
    await settle();
    expect(watch.settled).toBe(true);
    expect(watch.status).toBe('LIVE');
    expect(watch.closedReason).toBeNull();

    client.push({ sessionUpdated: { id: SESSION, status: 'LIVE', version: 3 } });
    client.push({ sessionUpdated: { id: SESSION, status: 'SCHEDULED', version: 1 } });
    expect(watch.status).toBe('LIVE');

    // The session ends while the socket is down: the re-read after reconnecting brings it.
    answer = { status: 'ENDED', version: 4 };
    client.fail();
    expect(client.activeSubscriptions()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(client.activeSubscriptions()).toHaveLength(1);
    expect(watch.status).toBe('ENDED');
    expect(watch.closedReason).toBe('ENDED');
    stop();
    expect(client.activeSubscriptions()).toHaveLength(0);
  });

  test('settles without a status when the read fails or the id is not a session', async () => {
    const failing = new FakeWidgetClient().answer('LotteryControlRoomSession', () => {
      throw new Error('Forbidden');
    });
    const watch = new SessionStatusWatch();
    const stop = watch.connect(failing, SESSION);
    await settle();
    expect(watch.settled).toBe(true);
    expect(watch.status).toBeNull();
    stop();

    const other = new FakeWidgetClient().answer('LotteryControlRoomSession', () => ({ node: {} }));
    const stopOther = watch.connect(other, 'UHJvZHVjdDox');
    await settle();
    expect(watch.settled).toBe(true);
    expect(watch.status).toBeNull();
    stopOther();
  });
});
