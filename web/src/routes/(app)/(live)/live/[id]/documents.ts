import { UserErrorFields } from '$lib/graphql/fragments.js';
import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

// The control room's documents. Fragments are unmasked: the page keeps one copy of each object
// (session, metrics, alerts) and replaces it from queries, notices and mutation payloads alike.

const MONEY = graphql(`fragment ControlRoomMoney on Money @_unmask { amount currency }`);

export const SegmentFields = graphql(
  `
  fragment ControlRoomSegment on Segment @_unmask {
    id
    position
    kind
    title
    plannedOffsetSeconds
    plannedDurationSeconds
    talkingPoints
    cues { atSeconds text }
    products { id title imageUrls sellingPoints price { ...ControlRoomMoney } listPrice { ...ControlRoomMoney } }
  }
`,
  [MONEY],
);

export const SessionFields = graphql(
  `
  fragment ControlRoomSession on LiveSession @_unmask {
    id
    version
    title
    status
    platform
    autoAdvance
    scheduledStart
    scheduledEnd
    actualStart
    actualEnd
    currentSegmentSince
    updatedAt
    hosts { id role host { id name } }
    currentSegment { ...ControlRoomSegment }
    nextSegment { id }
    segments { ...ControlRoomSegment }
    lineup {
      id
      position
      stockReserved
      livePrice { ...ControlRoomMoney }
      product { id title sku stock imageUrls price { ...ControlRoomMoney } }
    }
    stockWarnings { product { id } shortfall stock totalReserved }
  }
`,
  [SegmentFields, MONEY],
);

export const MetricsFields = graphql(
  `
  fragment ControlRoomMetrics on SessionLiveMetrics @_unmask {
    version
    updatedAt
    onlineNow
    peakOnline
    uv
    pv
    gmvPaid { ...ControlRoomMoney }
    gmvCreated { ...ControlRoomMoney }
    conversionRate
    gpm { ...ControlRoomMoney }
    uvValue { ...ControlRoomMoney }
    ordersPaid
    ordersCreated
    buyers
    aov { ...ControlRoomMoney }
    likes
    comments
    follows
    productCtr
    products { product { id } impressions clicks ctr units orders gmvPaid { ...ControlRoomMoney } }
  }
`,
  [MONEY],
);

export const AlertFields = graphql(`
  fragment ControlRoomAlert on Alert @_unmask {
    id
    version
    active
    condition
    metric
    value
    threshold
    messageEn
    messageZh
    firedAt
    acknowledgedAt
    acknowledgedBy { id displayName }
    clearedAt
  }
`);

export const ControlRoomQuery = graphql(
  `
  query ControlRoom($id: ID!) {
    node(id: $id) {
      __typename
      ... on LiveSession {
        ...ControlRoomSession
        liveMetrics {
          ...ControlRoomMetrics
          series(metrics: [ONLINE_MAX, GMV_PAID]) { metric minute value }
        }
        alerts { ...ControlRoomAlert }
      }
    }
  }
`,
  [SessionFields, MetricsFields, AlertFields],
);

/** What changes with the numbers but is not in a metrics tick: re-read every few seconds while live. */
export const PulseQuery = graphql(`
  query ControlRoomPulse($id: ID!) {
    node(id: $id) {
      __typename
      ... on LiveSession {
        id
        goalPacing {
          metric
          target
          actual
          projected
          onPace
          goal { id title metricDefinition { nameEn nameZh unit additive numerator } }
        }
        simulation { running viewers durationSeconds elapsedSeconds online eventsSent stopReason }
      }
    }
  }
`);

export const MetricsTick = graphql(
  `
  subscription ControlRoomMetricsTick($sessionId: ID!) {
    sessionMetrics(sessionId: $sessionId) { ...ControlRoomMetrics }
  }
`,
  [MetricsFields],
);

export const SessionUpdated = graphql(
  `
  subscription ControlRoomSessionUpdated($id: ID!) {
    sessionUpdated(id: $id) { ...ControlRoomSession }
  }
`,
  [SessionFields],
);

export const AlertNotices = graphql(
  `
  subscription ControlRoomAlerts($sessionId: ID!) {
    alerts(sessionId: $sessionId) { version alert { ...ControlRoomAlert } }
  }
`,
  [AlertFields],
);

export const AdvanceSegment = graphql(
  `
  mutation AdvanceSegment($input: AdvanceSegmentInput!) {
    advanceSegment(input: $input) { __typename ...UserErrorFields ... on AdvanceSegmentPayload { session { ...ControlRoomSession } } }
  }
`,
  [UserErrorFields, SessionFields],
);

export const GoToSegment = graphql(
  `
  mutation GoToSegment($input: GoToSegmentInput!) {
    goToSegment(input: $input) { __typename ...UserErrorFields ... on GoToSegmentPayload { session { ...ControlRoomSession } } }
  }
`,
  [UserErrorFields, SessionFields],
);

export const SetAutoAdvance = graphql(
  `
  mutation SetSessionAutoAdvance($input: SetSessionAutoAdvanceInput!) {
    setSessionAutoAdvance(input: $input) { __typename ...UserErrorFields ... on SetSessionAutoAdvancePayload { session { ...ControlRoomSession } } }
  }
`,
  [UserErrorFields, SessionFields],
);

export const AcknowledgeAlert = graphql(
  `
  mutation AcknowledgeAlert($input: AcknowledgeAlertInput!) {
    acknowledgeAlert(input: $input) { __typename ...UserErrorFields ... on AcknowledgeAlertPayload { alert { ...ControlRoomAlert } } }
  }
`,
  [UserErrorFields, AlertFields],
);

export const StartSession = graphql(
  `
  mutation StartSession($input: StartSessionInput!) {
    startSession(input: $input) { __typename ...UserErrorFields ... on StartSessionPayload { warnings session { ...ControlRoomSession } } }
  }
`,
  [UserErrorFields, SessionFields],
);

export const EndSession = graphql(
  `
  mutation EndSession($input: EndSessionInput!) {
    endSession(input: $input) { __typename ...UserErrorFields ... on EndSessionPayload { session { ...ControlRoomSession } } }
  }
`,
  [UserErrorFields, SessionFields],
);

export const StartSimulation = graphql(
  `
  mutation StartSimulation($input: StartSimulationInput!) {
    startSimulation(input: $input) { __typename ...UserErrorFields ... on StartSimulationPayload { simulation { running } } }
  }
`,
  [UserErrorFields],
);

export const StopSimulation = graphql(
  `
  mutation StopSimulation($input: StopSimulationInput!) {
    stopSimulation(input: $input) { __typename ...UserErrorFields ... on StopSimulationPayload { simulation { running } } }
  }
`,
  [UserErrorFields],
);

export type ControlSession = ResultOf<typeof SessionFields>;
export type ControlSegment = ResultOf<typeof SegmentFields>;
export type ControlMetrics = ResultOf<typeof MetricsFields>;
export type ControlAlert = ResultOf<typeof AlertFields>;
export type PulseSession = Extract<NonNullable<ResultOf<typeof PulseQuery>['node']>, { __typename: 'LiveSession' }>;
export type ControlPace = PulseSession['goalPacing'][number];
export type ControlSimulation = NonNullable<PulseSession['simulation']>;
