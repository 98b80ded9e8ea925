import type { PluginRealtime } from '@broadcart/plugin-sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GiveawayNotices, type GiveawayNotice } from './notices.js';

function recorder() {
  const sent: { topic: string; payload: GiveawayNotice; at: number }[] = [];
  const realtime: PluginRealtime = {
    publish: (topic, payload) => void sent.push({ topic, payload: payload as unknown as GiveawayNotice, at: Date.now() }),
    subscribe: () => {
      throw new Error('not used');
    },
  };
  return { sent, notices: new GiveawayNotices(realtime) };
}

const notice = (giveawayId: string, version: number) => ({ organizationId: 'org', sessionId: 'session', giveawayId, version });

describe('giveaway notices', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 0 }));
  afterEach(() => void vi.useRealTimers());

  it('publishes status notices at once on the session’s topic', () => {
    const { sent, notices } = recorder();
    notices.publish({ ...notice('g1', 3), reason: 'STATUS' });
    expect(sent).toEqual([{ topic: 'giveaway:session', payload: { ...notice('g1', 3), reason: 'STATUS' }, at: 0 }]);
  });

  it('sends at most 4 entrant notices a second per giveaway, always the latest', () => {
    const { sent, notices } = recorder();
    // 1,000 entries over 2 seconds, on two giveaways.
    for (let ms = 0; ms < 2000; ms += 2) {
      notices.entrants(notice('g1', ms + 1));
      notices.entrants(notice('g2', ms + 1));
      vi.advanceTimersByTime(2);
    }
    vi.advanceTimersByTime(1000);
    for (const giveawayId of ['g1', 'g2']) {
      const mine = sent.filter((entry) => entry.payload.giveawayId === giveawayId);
      expect(mine.every((entry) => entry.payload.reason === 'ENTRANTS')).toBe(true);
      for (let index = 1; index < mine.length; index++) expect(mine[index]!.at - mine[index - 1]!.at).toBeGreaterThanOrEqual(250);
      expect(mine.length).toBeGreaterThanOrEqual(7);
      expect(mine.length).toBeLessThanOrEqual(9);
      expect(mine.at(-1)!.payload.version).toBe(1999);
    }
  });

  it('never goes back to an older version within a window', () => {
    const { sent, notices } = recorder();
    notices.entrants(notice('g1', 5));
    notices.entrants(notice('g1', 4));
    vi.advanceTimersByTime(300);
    expect(sent.map((entry) => entry.payload.version)).toEqual([5]);
  });

  it('drops pending notices on dispose', () => {
    const { sent, notices } = recorder();
    notices.entrants(notice('g1', 1));
    notices.dispose();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});
