import type { InterceptRegistration } from '@broadcart/plugin-sdk';
import type { LotteryConfig } from './config.js';
import { query } from './db.js';
import { normalizeText } from './rules/keyword.js';

/**
 * `comment.beforePublish`: labels `lottery:keyword` the comments that carry the keyword (口令) of
 * one of the session's OPEN giveaways, so the control room sees the giveaway working. A label
 * says the comment matched, not that its viewer is (or will stay) eligible: conditions are
 * checked at close. One indexed read per batch; nothing is hidden.
 */
export const labelKeywordComments: InterceptRegistration<'comment.beforePublish', LotteryConfig> = {
  async handle({ organizationId, sessionId, comments }, context) {
    const open = await query<{ keyword_normalized: string | null }>(
      context.em,
      `select "keyword_normalized" from "lottery_giveaways" where "organization_id" = ? and "session_id" = ? and "status" = 'OPEN' and "keyword_normalized" is not null`,
      [organizationId, sessionId],
    );
    const keywords = open.map((row) => row.keyword_normalized!).filter(Boolean);
    if (!keywords.length) return undefined;
    const labels = comments
      .filter((comment) => {
        const text = normalizeText(comment.text);
        return keywords.some((keyword) => text.includes(keyword));
      })
      .map((comment) => ({ seq: comment.seq, label: 'lottery:keyword' }));
    return labels.length ? { labels } : undefined;
  },
};
