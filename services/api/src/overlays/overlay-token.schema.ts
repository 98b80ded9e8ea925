import type { FieldMap } from '@pothos/core';
import { builder } from '../schema/builder.js';
import { localId, MUTATION_ERRORS } from '../schema/common.schema.js';
import { loadScoped } from '../schema/loaders.js';
import { LiveSessionRef, MemberRef } from '../schema/refs.js';
import { scopeOf } from '../context.js';
import { hasRole } from '../shared/actor.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import type { PayloadFieldBuilder } from '../sessions/session-schema-helpers.js';
import { OverlayToken } from './overlay-token.entity.js';
import { OVERLAY_MANAGER_ROLES, REVOKED_LISTED_FOR_MS, type IssuedOverlayToken } from './overlay-token.service.js';

/** Tokens are visible to the roles that manage them only, including through `node(id)`. */
const OverlayTokenRef = builder.loadableNodeRef('OverlayToken', {
  id: { resolve: (token: OverlayToken) => token.id },
  load: (ids: string[], context) =>
    context.actor && hasRole(context.actor, OVERLAY_MANAGER_ROLES) ? loadScoped<OverlayToken>(OverlayToken)(ids, context) : Promise.resolve([]),
  sort: (token) => token.id,
});

OverlayTokenRef.implement({
  description:
    'A read-only token for the on-stream overlay of one session: the `token` of `/overlay/{sessionId}?token=…` that OBS loads. ' +
    'It reads only that session’s display fields and its plugins’ overlay data; it cannot write. The secret is shown once, when issued.',
  fields: (t) => ({
    label: t.exposeString('label', { nullable: true, description: 'What it is for, e.g. "OBS studio PC"; kept by a rotation.' }),
    session: t.field({ type: LiveSessionRef, resolve: (token) => token.session }),
    tokenHint: t.exposeString('tokenHint', { description: 'The last 4 characters of the secret, to tell tokens apart.' }),
    active: t.boolean({ description: 'Not revoked: the token authenticates.', resolve: (token) => token.revokedAt == null }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.field({ type: MemberRef, nullable: true, resolve: (token) => token.createdBy ?? null }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Last authenticated request, to the minute.' }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Once set, requests are refused and open overlay connections are closed (code 4403).',
    }),
  }),
});

builder.objectFields(LiveSessionRef, (t) => ({
  overlayTokens: t.loadableGroup({
    type: OverlayTokenRef,
    description: `The session’s overlay tokens, newest first: active ones and those revoked in the last ${REVOKED_LISTED_FOR_MS / 86_400_000} days (owners and operators).`,
    load: (sessionIds: string[], context) => context.services.organizations.overlayTokens.listForSessions(scopeOf(context), sessionIds),
    group: (token) => (token as OverlayToken).session,
    resolve: (session) => session.id,
  }),
}));

/** The session of `createOverlayToken`: a malformed id is an input error like an unknown one. */
function sessionInput(id: string | number): string {
  try {
    return localId(String(id), 'LiveSession');
  } catch (error) {
    if (error instanceof NotFoundError) throw ValidationError.field(['input', 'sessionId'], 'is not a LiveSession id');
    throw error;
  }
}

const tokenId = (id: string | number) => localId(String(id), 'OverlayToken');

/** The payload fields of the mutations that issue a token. */
const ISSUED_OUTPUT = {
  outputFields: (t: PayloadFieldBuilder<IssuedOverlayToken>): FieldMap => ({
    overlayToken: t.field({ type: OverlayTokenRef, resolve: (payload) => payload.overlayToken }),
    token: t.exposeString('token', { description: 'The secret (`bco_…`). It is shown only here: put it in the overlay URL now.' }),
  }),
};

builder.relayMutationField(
  'createOverlayToken',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true, description: 'The session the overlay shows; not a CANCELLED one.' }),
      label: t.string({ description: 'What it is for, e.g. "OBS studio PC"; at most 80 characters.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Issues a read-only overlay token for one session (owners and operators).',
    resolve: (_root, { input }, context) =>
      context.services.organizations.overlayTokens.create(scopeOf(context), sessionInput(input.sessionId), { label: input.label }),
  },
  ISSUED_OUTPUT,
);

builder.relayMutationField(
  'rotateOverlayToken',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description:
      'Revokes the token and issues its replacement for the same session with the same label, in one step. The old token is refused at once and its open connections are closed.',
    resolve: (_root, { input }, context) => context.services.organizations.overlayTokens.rotate(scopeOf(context), tokenId(input.id)),
  },
  {
    outputFields: (t) => ({
      ...ISSUED_OUTPUT.outputFields(t),
      revoked: t.field({ type: OverlayTokenRef, description: 'The token replaced, now revoked.', resolve: (payload) => payload.revoked }),
    }),
  },
);

builder.relayMutationField(
  'revokeOverlayToken',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Refuses every further request of the token and closes its open connections. Revoking it again changes nothing.',
    resolve: async (_root, { input }, context) => ({
      overlayToken: await context.services.organizations.overlayTokens.revoke(scopeOf(context), tokenId(input.id)),
    }),
  },
  { outputFields: (t) => ({ overlayToken: t.field({ type: OverlayTokenRef, resolve: (payload) => payload.overlayToken }) }) },
);
