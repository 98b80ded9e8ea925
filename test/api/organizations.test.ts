import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';

describe('accounts and tenancy', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    // With the production token cache, so sign-out and role changes prove they evict it.
    t = await startTestApp({ actorCacheTtlMs: 5_000 });
    owner = await signUpOrg(t, '花漾美妆');
  });
  afterAll(() => t.close());

  it('signs up an organization with Shanghai time and CNY by default, and its owner', async () => {
    const data = await t.gql('{ me { email role status } organization { name timeZone currency } }', {}, owner.token);
    expect(data.me).toMatchObject({ email: owner.email, role: 'OWNER', status: 'ACTIVE' });
    expect(data.organization).toEqual({ name: '花漾美妆', timeZone: 'Asia/Shanghai', currency: 'CNY' });
  });

  it('refuses a bad sign-up with every field path, and a taken e-mail', async () => {
    const bad = await mutateResult(t, null, 'signUp', { email: 'nope', password: 'short', organizationName: ' ', timeZone: 'Mars/Base' }, 'token');
    expect(bad.__typename).toBe('ValidationError');
    expect(bad.issues.map((i: any) => i.path.join('.')).sort()).toEqual(['input.email', 'input.organizationName', 'input.password', 'input.timeZone']);
    const taken = await mutateResult(t, null, 'signUp', { email: owner.email, password: 'long-enough', organizationName: 'Other' }, 'token');
    expect(taken.__typename).toBe('ValidationError');
    expect(taken.issues[0].path).toEqual(['input', 'email']);
  });

  it('signs in with the right password only', async () => {
    const ok = await mutate(t, null, 'signIn', { email: owner.email.toUpperCase(), password: 'secret-password' }, 'token member { email }');
    expect(ok.member.email).toBe(owner.email);
    const wrong = await mutateResult(t, null, 'signIn', { email: owner.email, password: 'wrong-password' }, 'token');
    expect(wrong.__typename).toBe('UnauthenticatedError');
  });

  it('signs out: the token stops working, other tokens keep working', async () => {
    const a = await mutate(t, null, 'signIn', { email: owner.email, password: 'secret-password' }, 'token');
    const b = await mutate(t, null, 'signIn', { email: owner.email, password: 'secret-password' }, 'token');
    const out = await mutate(t, a.token, 'signOut', {}, 'revokedCount');
    expect(out.revokedCount).toBe(1);
    expect((await t.gql('{ me { id } }', {}, a.token)).me).toBeNull();
    expect((await t.gql('{ me { id } }', {}, b.token)).me).not.toBeNull();
  });

  it('signs out everywhere', async () => {
    const a = await mutate(t, null, 'signIn', { email: owner.email, password: 'secret-password' }, 'token');
    const b = await mutate(t, null, 'signIn', { email: owner.email, password: 'secret-password' }, 'token');
    const out = await mutate(t, a.token, 'signOut', { everywhere: true }, 'revokedCount');
    expect(out.revokedCount).toBeGreaterThanOrEqual(2);
    expect((await t.gql('{ me { id } }', {}, b.token)).me).toBeNull();
    owner = { ...owner, token: (await mutate(t, null, 'signIn', { email: owner.email, password: 'secret-password' }, 'token')).token };
  });

  it('refuses anonymous reads of organization data', async () => {
    const result = await t.request('{ products { totalCount } }');
    expect(result.errors?.[0]?.message).toMatch(/not authorized|sign in/i);
  });

  it('invites a member who accepts, sets a password and signs in', async () => {
    const invited = await mutate(t, owner.token, 'inviteMember', { email: 'New.Operator@Example.com', displayName: '小王', role: 'OPERATOR' }, 'invitationToken member { email status role }');
    expect(invited.member).toEqual({ email: 'new.operator@example.com', status: 'INVITED', role: 'OPERATOR' });
    const before = await mutateResult(t, null, 'signIn', { email: 'new.operator@example.com', password: 'whatever-pass' }, 'token');
    expect(before.__typename).toBe('UnauthenticatedError');
    const accepted = await mutate(t, null, 'acceptInvitation', { invitationToken: invited.invitationToken, password: 'operator-pass' }, 'token member { status }');
    expect(accepted.member.status).toBe('ACTIVE');
    const reused = await mutateResult(t, null, 'acceptInvitation', { invitationToken: invited.invitationToken, password: 'operator-pass' }, 'token');
    expect(reused.__typename).toBe('ValidationError');
    expect(reused.issues[0].path).toEqual(['input', 'invitationToken']);
  });

  it('lets only owners invite members and change roles', async () => {
    const operator = await addMember(t, owner, 'OPERATOR');
    const invite = await mutateResult(t, operator.token, 'inviteMember', { email: 'x@example.com', displayName: 'x', role: 'ANALYST' }, 'invitationToken');
    expect(invite.__typename).toBe('ForbiddenError');
    const change = await mutateResult(t, operator.token, 'changeMemberRole', { memberId: operator.memberId, role: 'OWNER' }, 'member { role }');
    expect(change.__typename).toBe('ForbiddenError');
  });

  it('changes a role, which takes effect on the next request', async () => {
    const member = await addMember(t, owner, 'ANALYST');
    const denied = await mutateResult(t, member.token, 'createProduct', { sku: 'R-1', title: 'x', priceAmount: 1, listPriceAmount: 1 }, 'product { id }');
    expect(denied.__typename).toBe('ForbiddenError');
    const changed = await mutate(t, owner.token, 'changeMemberRole', { memberId: member.memberId, role: 'OPERATOR' }, 'member { role }');
    expect(changed.member.role).toBe('OPERATOR');
    await mutate(t, member.token, 'createProduct', { sku: 'R-1', title: 'x', priceAmount: 1, listPriceAmount: 1 }, 'product { id }');
  });

  it('keeps at least one owner', async () => {
    const result = await mutateResult(t, owner.token, 'changeMemberRole', { memberId: owner.memberId, role: 'OPERATOR' }, 'member { role }');
    expect(result.__typename).toBe('ConflictError');
  });

  it('refuses an unknown role value at the GraphQL layer', async () => {
    const result = await t.request('mutation { changeMemberRole(input: { memberId: "x", role: KING }) { __typename } }', {}, owner.token);
    expect(result.errors?.[0]?.message).toMatch(/KING/);
  });

  it('treats another organization’s member id as unknown', async () => {
    const other = await signUpOrg(t);
    const result = await mutateResult(t, owner.token, 'changeMemberRole', { memberId: other.memberId, role: 'ANALYST' }, 'member { role }');
    expect(result.__typename).toBe('NotFoundError');
  });

  it('lists, filters and sorts members', async () => {
    const data = await t.gql('{ members(filter: { role: OWNER }, orderBy: { field: EMAIL }) { totalCount edges { node { role } } } }', {}, owner.token);
    expect(data.members.totalCount).toBe(1);
    expect(data.members.edges[0].node.role).toBe('OWNER');
  });

  it('updates organization settings (owners only) and validates the time zone', async () => {
    const updated = await mutate(t, owner.token, 'updateOrganization', { timeZone: 'Asia/Tokyo' }, 'organization { timeZone }');
    expect(updated.organization.timeZone).toBe('Asia/Tokyo');
    const bad = await mutateResult(t, owner.token, 'updateOrganization', { timeZone: 'Nowhere/Here' }, 'organization { timeZone }');
    expect(bad.__typename).toBe('ValidationError');
    expect(bad.issues[0].path).toEqual(['input', 'timeZone']);
    const analyst = await addMember(t, owner, 'ANALYST');
    const denied = await mutateResult(t, analyst.token, 'updateOrganization', { name: 'Mine now' }, 'organization { name }');
    expect(denied.__typename).toBe('ForbiddenError');
  });
});
