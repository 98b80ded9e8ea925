import { UserErrorFields } from '$lib/graphql/fragments.js';
import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

const ComparisonGroupFields = graphql(`
  fragment ReviewComparisonGroupFields on ReviewComparisonGroup @_unmask {
    sessions {
      session { id title scheduledStart actualStart }
      gmvPaid { amount currency }
      uv
      conversionRate
      gpm { amount currency }
    }
    average { gmvPaid uv conversionRate gpm }
    delta { gmvPaid uv conversionRate gpm }
  }
`);

/** Everything the 复盘 page shows, with the metric dictionary for names and units. */
export const SessionReviewQuery = graphql(
  `
    query SessionReview($id: ID!) {
      metricDefinitions { key nameEn nameZh unit }
      sessionReview(id: $id) {
        generatedAt
        session {
          id
          title
          status
          platform
          scheduledStart
          scheduledEnd
          actualStart
          actualEnd
          cancelReason
          hosts { id role host { id name } }
          campaign { id name }
        }
        totals { metric value }
        targets { goalTitle metric target actual achievement projected goal { id } }
        funnel { step labelEn labelZh count rateFromPrevious rateOfViewers }
        segments {
          segment { id }
          position
          kind
          title
          plannedStart
          plannedDurationSeconds
          actualStart
          actualEnd
          actualDurationSeconds
          pv
          comments
          clicks
          paidOrders
          gmvPaid { amount currency }
          gmvPaidPerMinute { amount currency }
        }
        products {
          product { id }
          title
          sku
          lineupPosition
          impressions
          clicks
          ctr
          addToCarts
          orders
          units
          gmvPaid { amount currency }
          refunds { amount currency }
          gmvShare
        }
        series {
          minute
          online
          newViewers
          comments
          productClicks
          ordersPaid
          gmvPaid { amount }
        }
        annotations { at name labelEn labelZh payload }
        sameHostSessions { ...ReviewComparisonGroupFields }
        sameCampaignSessions { ...ReviewComparisonGroupFields }
      }
    }
  `,
  [ComparisonGroupFields],
);

export const MarkSessionReviewed = graphql(
  `
    mutation MarkSessionReviewed($input: MarkSessionReviewedInput!) {
      markSessionReviewed(input: $input) {
        __typename
        ...UserErrorFields
        ... on MarkSessionReviewedPayload { session { id status } }
      }
    }
  `,
  [UserErrorFields],
);

export type ReviewData = ResultOf<typeof SessionReviewQuery>;
export type Review = ReviewData['sessionReview'];
export type MetricDefinition = ReviewData['metricDefinitions'][number];
export type ReviewSession = Review['session'];
export type ReviewSegmentRow = Review['segments'][number];
export type ReviewProductRow = Review['products'][number];
export type ReviewMinuteRow = Review['series'][number];
export type ReviewAnnotationRow = Review['annotations'][number];
export type ReviewTargetRow = Review['targets'][number];
export type ComparisonGroup = Review['sameHostSessions'];
export type SessionStatus = ReviewSession['status'];
export type MetricUnit = MetricDefinition['unit'];
