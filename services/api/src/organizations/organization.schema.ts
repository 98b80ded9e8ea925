import { builder } from '../schema/builder.js';
import { MemberConnection, MemberRef, OrganizationRef } from '../schema/refs.js';
import { MUTATION_ERRORS, localId, orderByInput } from '../schema/common.schema.js';
import { scopeOf } from '../context.js';
import { MEMBER_ROLES, MEMBER_STATUSES } from './member.entity.js';

export const MemberRoleEnum = builder.enumType('MemberRole', {
  description: 'OWNER manages members and settings; OPERATOR plans and runs shows; HOST sees sessions and keeps their training records; ANALYST reads.',
  values: MEMBER_ROLES,
});
const MemberStatusEnum = builder.enumType('MemberStatus', { values: MEMBER_STATUSES });

OrganizationRef.implement({
  description: 'A brand or agency: the tenant that owns every other object.',
  fields: (t) => ({
    name: t.exposeString('name'),
    timeZone: t.exposeString('timeZone', { description: 'IANA zone for display and day-relative deadlines. Default Asia/Shanghai.' }),
    currency: t.exposeString('currency', { description: 'ISO 4217 currency of every amount. Default CNY.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

MemberRef.implement({
  description: 'A person of the organization.',
  fields: (t) => ({
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    role: t.expose('role', { type: MemberRoleEnum }),
    status: t.expose('status', { type: MemberStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const MemberOrder = orderByInput('Member', { DISPLAY_NAME: 'displayName', EMAIL: 'email', CREATED_AT: 'createdAt' }, 'DISPLAY_NAME');
const MemberFilter = builder.inputType('MemberFilter', {
  fields: (t) => ({
    role: t.field({ type: MemberRoleEnum }),
    search: t.string({ description: 'Matches e-mail or display name, case-insensitively.' }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: MemberRef,
    nullable: true,
    description: 'The signed-in member, or null when the request carries no valid token.',
    resolve: (_root, _args, context) => context.actor?.memberId ?? null,
  }),
  organization: t.field({
    type: OrganizationRef,
    description: 'The caller’s organization.',
    authScopes: { member: true },
    resolve: (_root, _args, context) => scopeOf(context).actor.organizationId,
  }),
  members: t.connection({
    type: MemberRef,
    authScopes: { member: true },
    args: { filter: t.arg({ type: MemberFilter }), orderBy: t.arg({ type: MemberOrder.input }) },
    resolve: (_root, args, context) =>
      context.services.organizations.listMembers(scopeOf(context), args.filter ?? {}, MemberOrder.toOrder(args.orderBy), args),
  }, MemberConnection),
}));

builder.relayMutationField(
  'signUp',
  {
    inputFields: (t) => ({
      email: t.string({ required: true }),
      password: t.string({ required: true, description: 'At least 8 characters.' }),
      organizationName: t.string({ required: true }),
      displayName: t.string(),
      timeZone: t.string({ description: 'IANA zone; default Asia/Shanghai.' }),
      currency: t.string({ description: 'ISO 4217; default CNY.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Creates an organization and its owner, and signs the owner in.',
    resolve: (_root, { input }, context) => context.services.organizations.signUp(context.em, input),
  },
  {
    outputFields: (t) => ({
      token: t.exposeString('token'),
      expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
      member: t.field({ type: MemberRef, resolve: (payload) => payload.member }),
    }),
  },
);

builder.relayMutationField(
  'signIn',
  { inputFields: (t) => ({ email: t.string({ required: true }), password: t.string({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: (_root, { input }, context) => context.services.organizations.signIn(context.em, input),
  },
  {
    outputFields: (t) => ({
      token: t.exposeString('token'),
      expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
      member: t.field({ type: MemberRef, resolve: (payload) => payload.member }),
    }),
  },
);

builder.relayMutationField(
  'signOut',
  { inputFields: (t) => ({ everywhere: t.boolean({ description: 'Also revoke every other token of this member.' }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Revokes the bearer token of this request (and, with `everywhere`, all of the member’s tokens).',
    resolve: async (_root, { input }, context) => ({
      revokedCount: await context.services.organizations.signOut(context.em, context.token, input.everywhere ?? false),
    }),
  },
  { outputFields: (t) => ({ revokedCount: t.exposeInt('revokedCount') }) },
);

builder.relayMutationField(
  'inviteMember',
  {
    inputFields: (t) => ({
      email: t.string({ required: true }),
      displayName: t.string({ required: true }),
      role: t.field({ type: MemberRoleEnum, required: true }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners only. Creates an invited member and an invitation token to hand to them.',
    resolve: (_root, { input }, context) => context.services.organizations.inviteMember(scopeOf(context), input),
  },
  {
    outputFields: (t) => ({
      member: t.field({ type: MemberRef, resolve: (payload) => payload.member }),
      invitationToken: t.exposeString('invitationToken', { description: 'Pass to acceptInvitation; shown once.' }),
      expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    }),
  },
);

builder.relayMutationField(
  'acceptInvitation',
  { inputFields: (t) => ({ invitationToken: t.string({ required: true }), password: t.string({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: (_root, { input }, context) => context.services.organizations.acceptInvitation(context.em, input),
  },
  {
    outputFields: (t) => ({
      token: t.exposeString('token'),
      expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
      member: t.field({ type: MemberRef, resolve: (payload) => payload.member }),
    }),
  },
);

builder.relayMutationField(
  'changeMemberRole',
  { inputFields: (t) => ({ memberId: t.id({ required: true }), role: t.field({ type: MemberRoleEnum, required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners only. The organization always keeps one owner.',
    resolve: async (_root, { input }, context) => ({
      member: await context.services.organizations.changeMemberRole(scopeOf(context), localId(String(input.memberId), 'Member'), input),
    }),
  },
  { outputFields: (t) => ({ member: t.field({ type: MemberRef, resolve: (payload) => payload.member }) }) },
);

builder.relayMutationField(
  'updateOrganization',
  { inputFields: (t) => ({ name: t.string(), timeZone: t.string() }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners only.',
    resolve: async (_root, { input }, context) => ({
      organization: await context.services.organizations.updateOrganization(scopeOf(context), input),
    }),
  },
  { outputFields: (t) => ({ organization: t.field({ type: OrganizationRef, resolve: (payload) => payload.organization }) }) },
);
