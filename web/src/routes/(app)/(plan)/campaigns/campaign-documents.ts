import { UserErrorFields } from '$lib/graphql/fragments.js';
import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

/** What the list and the builder's details form show of a campaign. */
export const CampaignFields = graphql(`
  fragment CampaignFields on Campaign @_unmask {
    id
    name
    theme
    themeNote
    startsAt
    endsAt
    budget { amount currency }
    channels
    targetAudienceTags
    goalCount
    updatedAt
  }
`);
export type CampaignRow = ResultOf<typeof CampaignFields>;

export const CampaignsQuery = graphql(
  `query Campaigns($filter: CampaignFilter, $orderBy: CampaignOrderBy, $first: Int, $after: String) {
    campaigns(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...CampaignFields sessions(first: 1) { totalCount } } }
    }
  }`,
  [CampaignFields],
);

export const CreateCampaign = graphql(
  `mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) { __typename ...UserErrorFields ... on CreateCampaignPayload { campaign { ...CampaignFields } } }
  }`,
  [UserErrorFields, CampaignFields],
);

export const UpdateCampaign = graphql(
  `mutation UpdateCampaign($input: UpdateCampaignInput!) {
    updateCampaign(input: $input) { __typename ...UserErrorFields ... on UpdateCampaignPayload { campaign { ...CampaignFields } } }
  }`,
  [UserErrorFields, CampaignFields],
);

export const DeleteCampaign = graphql(
  `mutation DeleteCampaign($input: DeleteCampaignInput!) {
    deleteCampaign(input: $input) { __typename ...UserErrorFields ... on DeleteCampaignPayload { deletedId } }
  }`,
  [UserErrorFields],
);
