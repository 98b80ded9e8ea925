import { FEED_PAGE_SIZE } from './giveaway-feed.svelte.js';
import type { FeedDocuments } from './giveaway-feed.svelte.js';
import type { ResyncDocuments } from './resync.js';

// GraphQL documents as plain strings: widgets depend on no client library (the web app's
// WidgetClient runs them).

const CONTROL_WINNER = /* GraphQL */ `
  fragment LotteryControlWinner on LotteryWinner {
    id rank round status contactStatus addressStatus claimDeadline
    viewer { id platformUserId }
    prize { name }
  }
`;

const CONTROL_GIVEAWAY = /* GraphQL */ `
  fragment LotteryControlGiveaway on LotteryGiveaway {
    id
    status
    version
    createdAt
    updatedAt
    title
    mode
    winnerCount
    closesAt
    entryDurationSeconds
    publicValueSource
    seedCommitment
    entrantCount
    eligibleCount
    listHash
    prizes { id name quantity value { amount currency } }
    conditions { keyword requireFollower requireFanClub minWatchMinutes requirePurchase }
    draws {
      id round seedCommitment serverSeed publicValue listHash entrantCount nextSeedCommitment
      proofUrl entrantListUrl drawnAt
    }
    winners { ...LotteryControlWinner }
  }
  ${CONTROL_WINNER}
`;

const USER_ERROR = /* GraphQL */ `
  fragment LotteryUserError on UserError {
    code
    message
    ... on ValidationError { issues { path message } }
  }
`;

export const controlRoomDocuments: FeedDocuments = {
  query: /* GraphQL */ `
    query LotteryControlRoomGiveaways($sessionId: ID!) {
      lotteryGiveaways(filter: { sessionId: $sessionId }, first: ${FEED_PAGE_SIZE}) {
        edges { node { ...LotteryControlGiveaway } }
      }
    }
    ${CONTROL_GIVEAWAY}
  `,
  subscription: /* GraphQL */ `
    subscription LotteryControlRoomUpdates($sessionId: ID!) {
      lotteryGiveawayUpdated(sessionId: $sessionId) {
        reason
        version
        giveaway { ...LotteryControlGiveaway }
      }
    }
    ${CONTROL_GIVEAWAY}
  `,
};

/**
 * The session's status, read and followed: an ended or cancelled session takes no new giveaway
 * (the server refuses to create or open one), so the widget stops offering it.
 */
export const sessionStatusDocuments: ResyncDocuments = {
  query: /* GraphQL */ `
    query LotteryControlRoomSession($sessionId: ID!) {
      node(id: $sessionId) { ... on LiveSession { id status version } }
    }
  `,
  subscription: /* GraphQL */ `
    subscription LotteryControlRoomSessionUpdated($sessionId: ID!) {
      sessionUpdated(id: $sessionId) { id status version }
    }
  `,
};

/** A mutation of the plugin: its root field, and the payload field holding the changed object. */
export interface MutationDocument {
  field: string;
  payloadField: 'giveaway' | 'winner';
  document: string;
}

function giveawayMutation(field: string): MutationDocument {
  const type = field.charAt(0).toUpperCase() + field.slice(1);
  return {
    field,
    payloadField: 'giveaway',
    document: /* GraphQL */ `
      mutation ${type}($input: ${type}Input!) {
        ${field}(input: $input) {
          __typename
          ... on ${type}Payload { giveaway { ...LotteryControlGiveaway } }
          ...LotteryUserError
        }
      }
      ${CONTROL_GIVEAWAY}
      ${USER_ERROR}
    `,
  };
}

// Marked pure so a bundle of the overlay alone drops the control room's documents.
export const createGiveaway = /* @__PURE__ */ giveawayMutation('createLotteryGiveaway');
export const openGiveaway = /* @__PURE__ */ giveawayMutation('openLotteryGiveaway');
export const closeGiveaway = /* @__PURE__ */ giveawayMutation('closeLotteryGiveaway');
export const drawGiveaway = /* @__PURE__ */ giveawayMutation('drawLotteryGiveaway');
export const redrawGiveaway = /* @__PURE__ */ giveawayMutation('redrawLotteryGiveaway');
export const cancelGiveaway = /* @__PURE__ */ giveawayMutation('cancelLotteryGiveaway');

export const updateWinner: MutationDocument = {
  field: 'updateLotteryWinner',
  payloadField: 'winner',
  document: /* GraphQL */ `
    mutation UpdateLotteryWinner($input: UpdateLotteryWinnerInput!) {
      updateLotteryWinner(input: $input) {
        __typename
        ... on UpdateLotteryWinnerPayload {
          winner { ...LotteryControlWinner }
        }
        ...LotteryUserError
      }
    }
    ${CONTROL_WINNER}
    ${USER_ERROR}
  `,
};
