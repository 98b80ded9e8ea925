import type { PluginRealtime } from '@broadcart/plugin-sdk';
import type { UpdateReason } from './enums.js';

/** A realtime notice on `giveaway:<sessionId>`: subscribers re-read the giveaway. */
export interface GiveawayNotice {
  organizationId: string;
  sessionId: string;
  giveawayId: string;
  reason: UpdateReason;
  version: number;
}

export const giveawayTopic = (sessionId: string) => `giveaway:${sessionId}`;

/** At most this many entrant-count notices per second and giveaway (per process). */
export const ENTRANT_NOTICES_PER_SECOND = 4;
const ENTRANT_INTERVAL_MS = 1000 / ENTRANT_NOTICES_PER_SECOND;
// A trailing notice waits at least this long, so the delivery that counted the entry has
// committed by the time subscribers re-read the giveaway.
const MIN_ENTRANT_DELAY_MS = 50;

interface Pending {
  notice: GiveawayNotice;
  timer: NodeJS.Timeout | null;
  lastSentAt: number;
}

/**
 * Publishes giveaway notices. Status, winner and fulfilment notices go out at once (from the
 * handlers of the lottery's own events, after their transaction committed); entrant counts,
 * which change with every comment, are coalesced per giveaway to ENTRANT_NOTICES_PER_SECOND,
 * always sending the latest.
 */
export class GiveawayNotices {
  readonly #pending = new Map<string, Pending>();

  constructor(private readonly realtime: PluginRealtime) {}

  publish(notice: GiveawayNotice): void {
    this.realtime.publish(giveawayTopic(notice.sessionId), { ...notice });
  }

  entrants(notice: Omit<GiveawayNotice, 'reason'>): void {
    const full: GiveawayNotice = { ...notice, reason: 'ENTRANTS' };
    let pending = this.#pending.get(notice.giveawayId);
    if (!pending) {
      pending = { notice: full, timer: null, lastSentAt: 0 };
      this.#pending.set(notice.giveawayId, pending);
    }
    if (full.version >= pending.notice.version) pending.notice = full;
    if (pending.timer) return;
    const delay = Math.max(MIN_ENTRANT_DELAY_MS, pending.lastSentAt + ENTRANT_INTERVAL_MS - Date.now());
    const state = pending;
    state.timer = setTimeout(() => {
      state.timer = null;
      state.lastSentAt = Date.now();
      this.publish(state.notice);
      // Forget quiet giveaways; the next entry starts a fresh window.
      setTimeout(() => {
        if (!state.timer && this.#pending.get(notice.giveawayId) === state && Date.now() - state.lastSentAt >= ENTRANT_INTERVAL_MS) {
          this.#pending.delete(notice.giveawayId);
        }
      }, ENTRANT_INTERVAL_MS).unref();
    }, delay);
    state.timer.unref();
  }

  /** Drops pending entrant notices (shutdown). */
  dispose(): void {
    for (const pending of this.#pending.values()) if (pending.timer) clearTimeout(pending.timer);
    this.#pending.clear();
  }
}

// One instance per app: the host gives each app its own realtime object.
const byRealtime = new WeakMap<PluginRealtime, GiveawayNotices>();

export function noticesOf(realtime: PluginRealtime): GiveawayNotices {
  let notices = byRealtime.get(realtime);
  if (!notices) {
    notices = new GiveawayNotices(realtime);
    byRealtime.set(realtime, notices);
  }
  return notices;
}
