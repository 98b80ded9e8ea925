import { FEED_PAGE_SIZE } from './giveaway-feed.svelte.js';
import type { FeedDocuments } from './giveaway-feed.svelte.js';

// GraphQL documents as plain strings: widgets depend on no client library (the web app's
// WidgetClient runs them).

const OVERLAY_GIVEAWAY = /* GraphQL */ `
  fragment LotteryOverlayGiveaway on LotteryGiveaway {
    id
    status
    version
    createdAt
    updatedAt
    title
    closesAt
    entrantCount
    prizes { id name quantity value { amount currency } }
    conditions { keyword }
    draws { round drawnAt }
    winners { id rank viewer { platformUserId } prize { name } }
  }
`;

export const overlayDocuments: FeedDocuments = {
  // The overlay never shows drafts or cancelled giveaways, so it does not read them.
  query: /* GraphQL */ `
    query LotteryOverlayGiveaways($sessionId: ID!) {
      lotteryGiveaways(filter: { sessionId: $sessionId, status: [OPEN, CLOSED, DRAWN] }, first: ${FEED_PAGE_SIZE}) {
        edges { node { ...LotteryOverlayGiveaway } }
      }
    }
    ${OVERLAY_GIVEAWAY}
  `,
  subscription: /* GraphQL */ `
    subscription LotteryOverlayUpdates($sessionId: ID!) {
      lotteryGiveawayUpdated(sessionId: $sessionId) {
        reason
        version
        giveaway { ...LotteryOverlayGiveaway }
      }
    }
    ${OVERLAY_GIVEAWAY}
  `,
};

