import type { InterceptRegistration } from '@broadcart/plugin-sdk';
import type { LotteryConfig } from './config.js';
import { query } from './db.js';
import { normalizeText } from './rules/keyword.js';

interface Window {
  keyword_normalized: string;
  opens_at: Date | string;
  closes_at: Date | string | null;
}

/**
 * `comment.beforePublish`: labels `lottery:keyword` the comments that carry the keyword (口令) of
 * one of the session's giveaways and were posted inside its entry window, the rule entries follow
 * (`opens_at <= occurredAt < closes_at`). It depends on the comment and the giveaways' windows
 * only, so the live batch and a later resync agree. A label says the comment matched, not that
 * its viewer is (or stays) eligible: conditions are checked at close. One indexed read per batch;
 * nothing is hidden.
 */
export const labelKeywordComments: InterceptRegistration<'comment.beforePublish', LotteryConfig> = {
  async handle({ organizationId, sessionId, comments }, context) {
    const windows = await query<Window>(
      context.em,
      `select "keyword_normalized", "opens_at", "closes_at" from "lottery_giveaways"
        where "organization_id" = ? and "session_id" = ? and "status" in ('OPEN', 'CLOSED', 'DRAWN')
          and "keyword_normalized" is not null and "opens_at" is not null`,
      [organizationId, sessionId],
    );
    if (!windows.length) return undefined;
    const open = windows.map((window) => ({
      keyword: window.keyword_normalized,
      from: new Date(window.opens_at).getTime(),
      until: window.closes_at === null ? Number.POSITIVE_INFINITY : new Date(window.closes_at).getTime(),
    }));
    const labels = comments
      .filter((comment) => {
        const at = new Date(comment.occurredAt).getTime();
        const text = normalizeText(comment.text);
        return open.some((window) => window.from <= at && at < window.until && text.includes(window.keyword));
      })
      .map((comment) => ({ seq: comment.seq, label: 'lottery:keyword' }));
    return labels.length ? { labels } : undefined;
  },
};
