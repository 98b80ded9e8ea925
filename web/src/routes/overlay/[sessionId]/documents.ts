import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

// Overlay tokens may only read their own session and the audience-facing fields of it (see
// services/api/src/overlays/overlay-access.ts): root fields name the session, nothing else is selected.

export const OverlaySessionFields = graphql(`
  fragment OverlaySession on LiveSession @_unmask {
    id
    version
    status
    currentSegment {
      id
      kind
      products { id title imageUrls sellingPoints price { amount currency } listPrice { amount currency } }
    }
    lineup { id product { id } livePrice { amount currency } deliveryPromise }
  }
`);

export const OverlayQuery = graphql(
  `
  query OverlaySession($sessionId: ID!) {
    node(id: $sessionId) { __typename ... on LiveSession { ...OverlaySession } }
  }
`,
  [OverlaySessionFields],
);

export const OverlayUpdates = graphql(
  `
  subscription OverlaySessionUpdated($sessionId: ID!) {
    sessionUpdated(id: $sessionId) { ...OverlaySession }
  }
`,
  [OverlaySessionFields],
);

export type OverlaySession = ResultOf<typeof OverlaySessionFields>;
