import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app.js';

/** A signed-in member of a fresh organization. */
export interface SignedIn {
  token: string;
  memberId: string;
  organizationId: string;
  email: string;
}

const unique = () => randomBytes(4).toString('hex');

/** Signs up a new organization and returns its owner's token. */
export async function signUpOrg(t: TestApp, name = `Org ${unique()}`): Promise<SignedIn> {
  const email = `owner-${unique()}@example.com`;
  const data = await t.gql<{ signUp: any }>(
    `mutation($input: SignUpInput!) { signUp(input: $input) {
      __typename ... on SignUpPayload { token member { id } } ... on UserError { message }
    } }`,
    { input: { email, password: 'secret-password', organizationName: name } },
  );
  if (data.signUp.__typename !== 'SignUpPayload') throw new Error(`signUp failed: ${data.signUp.message}`);
  const me = await t.gql<{ organization: { id: string } }>('{ organization { id } }', {}, data.signUp.token);
  return { token: data.signUp.token, memberId: data.signUp.member.id, organizationId: me.organization.id, email };
}

/** Invites a member with the given role into the owner's organization and signs them in. */
export async function addMember(t: TestApp, owner: SignedIn, role: 'OWNER' | 'OPERATOR' | 'HOST' | 'ANALYST'): Promise<SignedIn> {
  const email = `${role.toLowerCase()}-${unique()}@example.com`;
  const invited = await t.gql<{ inviteMember: any }>(
    `mutation($input: InviteMemberInput!) { inviteMember(input: $input) {
      __typename ... on InviteMemberPayload { invitationToken member { id } } ... on UserError { message }
    } }`,
    { input: { email, displayName: role, role } },
    owner.token,
  );
  if (invited.inviteMember.__typename !== 'InviteMemberPayload') throw new Error(`invite failed: ${invited.inviteMember.message}`);
  const accepted = await t.gql<{ acceptInvitation: any }>(
    `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) {
      __typename ... on AcceptInvitationPayload { token } ... on UserError { message }
    } }`,
    { input: { invitationToken: invited.inviteMember.invitationToken, password: 'member-password' } },
  );
  return { token: accepted.acceptInvitation.token, memberId: invited.inviteMember.member.id, organizationId: owner.organizationId, email };
}

/**
 * Runs a mutation that returns `<Name>Result` and returns the payload, failing on a typed error.
 * `selection` is the selection on the payload type.
 */
export async function mutate<T = any>(t: TestApp, token: string | null, name: string, input: Record<string, unknown>, selection: string): Promise<T> {
  const result = await mutateResult(t, token, name, input, selection);
  if (result.__typename !== `${capitalize(name)}Payload`) {
    throw new Error(`${name} returned ${result.__typename}: ${result.message} ${JSON.stringify(result.issues ?? [])}`);
  }
  return result as T;
}

/** Like `mutate`, but returns whatever the result union holds (payload or typed error). */
export async function mutateResult(t: TestApp, token: string | null, name: string, input: Record<string, unknown>, selection: string): Promise<any> {
  const type = capitalize(name);
  const data = await t.gql<Record<string, any>>(
    `mutation($input: ${type}Input!) { ${name}(input: $input) {
      __typename
      ... on ${type}Payload { ${selection} }
      ... on UserError { message code }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { conflictingIds }
    } }`,
    { input },
    token,
  );
  return data[name];
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
