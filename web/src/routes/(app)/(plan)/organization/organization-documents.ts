import { UserErrorFields } from '$lib/graphql/fragments.js';
import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

export const UpdateOrganization = graphql(
  `mutation UpdateOrganizationSettings($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) { __typename ...UserErrorFields ... on UpdateOrganizationPayload { organization { id name timeZone currency } } }
  }`,
  [UserErrorFields],
);

export const MemberFields = graphql(`
  fragment MemberFields on Member @_unmask { id displayName email role status createdAt }
`);
export type MemberRow = ResultOf<typeof MemberFields>;

export const MembersQuery = graphql(
  `query Members($first: Int, $after: String) {
    members(first: $first, after: $after, orderBy: { field: CREATED_AT }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...MemberFields } }
    }
  }`,
  [MemberFields],
);

export const InviteMember = graphql(
  `mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) { __typename ...UserErrorFields ... on InviteMemberPayload { invitationToken expiresAt member { ...MemberFields } } }
  }`,
  [UserErrorFields, MemberFields],
);

export const ChangeMemberRole = graphql(
  `mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {
    changeMemberRole(input: $input) { __typename ...UserErrorFields ... on ChangeMemberRolePayload { member { ...MemberFields } } }
  }`,
  [UserErrorFields, MemberFields],
);

export const PluginFields = graphql(`
  fragment PluginFields on InstalledPlugin @_unmask {
    namespace
    name
    version
    enabled
    title { en zh }
    description { en zh }
    dependsOn
    widgets { slot title { en zh } }
    permissions { name }
  }
`);
export type PluginRow = ResultOf<typeof PluginFields>;

export const PluginsQuery = graphql(
  `query InstalledPlugins($withHealth: Boolean!) {
    installedPlugins { ...PluginFields health @include(if: $withHealth) { circuit openedAt } }
  }`,
  [PluginFields],
);

export const SetPluginEnabled = graphql(
  `mutation SetPluginEnabled($input: SetPluginEnabledInput!) {
    setPluginEnabled(input: $input) { __typename ...UserErrorFields ... on SetPluginEnabledPayload { plugin { namespace enabled } } }
  }`,
  [UserErrorFields],
);

export const IngestSourceFields = graphql(`
  fragment IngestSourceFields on IngestSource @_unmask {
    id
    sourceId
    name
    platform
    createdAt
    revokedAt
    secretHints { lastFour createdAt expiresAt }
  }
`);
export type IngestSourceRow = ResultOf<typeof IngestSourceFields>;

export const IngestSourcesQuery = graphql(
  `query IngestSources($includeRevoked: Boolean) {
    ingestSources(first: 100, filter: { includeRevoked: $includeRevoked }, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      edges { node { ...IngestSourceFields } }
    }
  }`,
  [IngestSourceFields],
);

export const CreateIngestSource = graphql(
  `mutation CreateIngestSource($input: CreateIngestSourceInput!) {
    createIngestSource(input: $input) { __typename ...UserErrorFields ... on CreateIngestSourcePayload { secret source { ...IngestSourceFields } } }
  }`,
  [UserErrorFields, IngestSourceFields],
);

export const RotateIngestSourceSecret = graphql(
  `mutation RotateIngestSourceSecret($input: RotateIngestSourceSecretInput!) {
    rotateIngestSourceSecret(input: $input) { __typename ...UserErrorFields ... on RotateIngestSourceSecretPayload { secret source { ...IngestSourceFields } } }
  }`,
  [UserErrorFields, IngestSourceFields],
);

export const RevokeIngestSource = graphql(
  `mutation RevokeIngestSource($input: RevokeIngestSourceInput!) {
    revokeIngestSource(input: $input) { __typename ...UserErrorFields ... on RevokeIngestSourcePayload { source { ...IngestSourceFields } } }
  }`,
  [UserErrorFields, IngestSourceFields],
);
