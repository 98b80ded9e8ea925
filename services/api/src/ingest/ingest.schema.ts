import { builder } from '../schema/builder.js';
import { MUTATION_ERRORS, PlatformEnum, localId, orderByInput } from '../schema/common.schema.js';
import { loadChildren, loadScoped } from '../schema/loaders.js';
import { ViewerRef } from '../schema/refs.js';
import { scopeOf } from '../context.js';
import { hasRole } from '../shared/actor.js';
import { AUDIENCE_EVENT_KINDS, type IngestReply } from './contract.js';
import { IngestSource, IngestSourceSecret } from './ingest-source.entity.js';
import { INTEGRATION_ROLES } from './ingest.service.js';

export const AudienceEventKindEnum = builder.enumType('AudienceEventKind', {
  description: 'What an audience member did (or, for VIEWER_COUNT, what the platform reported).',
  values: AUDIENCE_EVENT_KINDS,
});

ViewerRef.implement({
  description: 'A member of the audience, known only by the platform’s pseudonymous user id (no names).',
  fields: (t) => ({
    platform: t.expose('platform', { type: PlatformEnum }),
    platformUserId: t.exposeString('platformUserId', { description: 'The platform’s pseudonymous user id; unique per organization and platform.' }),
    region: t.exposeString('region', { nullable: true, description: 'As last reported by the platform.' }),
    followedAt: t.expose('followedAt', { type: 'DateTime', nullable: true, description: 'The first FOLLOW event seen.' }),
    fanClubAt: t.expose('fanClubAt', { type: 'DateTime', nullable: true, description: 'The first FAN_CLUB_JOIN event seen.' }),
    blocked: t.exposeBoolean('blocked'),
    firstSeenAt: t.expose('firstSeenAt', { type: 'DateTime' }),
  }),
});

/** Sources are visible to the roles that manage them only, including through `node(id)`. */
const IngestSourceRef = builder.loadableNodeRef('IngestSource', {
  id: { resolve: (source: IngestSource) => source.id },
  load: (ids: string[], context) =>
    context.actor && hasRole(context.actor, INTEGRATION_ROLES) ? loadScoped<IngestSource>(IngestSource)(ids, context) : Promise.resolve([]),
  sort: (source) => source.id,
});

const IngestSecretHint = builder.objectRef<IngestSourceSecret>('IngestSecretHint').implement({
  description: 'A secret that currently verifies requests of a source, identified by its last characters. The secret itself is shown only once, when issued.',
  fields: (t) => ({
    lastFour: t.string({ description: 'The last 4 characters of the secret.', resolve: (secret) => secret.secret.slice(-4) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'Set by a rotation: the end of its grace period. Null: until revoked.' }),
  }),
});

IngestSourceRef.implement({
  description:
    'An integration token for a platform connector: it posts HMAC-signed batches to `POST /ingest/{id}` (the id is the local id, shown in `sourceId`).',
  fields: (t) => ({
    sourceId: t.exposeString('id', { description: 'The id to use in the `/ingest/{sourceId}` URL.' }),
    name: t.exposeString('name'),
    platform: t.expose('platform', { type: PlatformEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'Once set, every request is refused (other API processes within 5 seconds).' }),
    secretHints: t.loadableGroup({
      type: IngestSecretHint,
      description: 'Secrets that verify requests now, oldest first (two during a rotation’s grace period).',
      // One statement for the sources of a whole page; ended secrets are dropped here.
      load: async (sourceIds: string[], context) => {
        const secrets = await loadChildren(IngestSourceSecret, 'source', { createdAt: 'asc' })(sourceIds, context);
        const now = Date.now();
        return secrets.filter((secret) => !secret.revokedAt && (!secret.expiresAt || secret.expiresAt.getTime() > now));
      },
      group: (secret) => secret.source,
      resolve: (source) => source.id,
    }),
  }),
});

const IngestSourceConnection = builder.connectionObject({ type: IngestSourceRef, name: 'IngestSourceConnection' }, { name: 'IngestSourceEdge' });

const IngestSourceOrder = orderByInput('IngestSource', { NAME: 'name', CREATED_AT: 'createdAt' }, 'CREATED_AT');

const IngestSourceFilter = builder.inputType('IngestSourceFilter', {
  fields: (t) => ({ includeRevoked: t.boolean({ description: 'Also list revoked sources. @default false' }) }),
});

builder.queryFields((t) => ({
  ingestSources: t.connection(
    {
      type: IngestSourceRef,
      description: 'Integration tokens of the organization (owners only).',
      authScopes: { role: [...INTEGRATION_ROLES] },
      args: { filter: t.arg({ type: IngestSourceFilter }), orderBy: t.arg({ type: IngestSourceOrder.input }) },
      resolve: (_root, args, context) =>
        context.services.ingest.listSources(scopeOf(context), args.filter ?? {}, IngestSourceOrder.toOrder(args.orderBy), args),
    },
    IngestSourceConnection,
  ),
}));

const SOURCE_WITH_SECRET = {
  outputFields: (t: PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<import('../schema/builder.js').BuilderTypes>, { source: IngestSource; secret: string }>) => ({
    source: t.field({ type: IngestSourceRef, resolve: (payload) => payload.source }),
    secret: t.exposeString('secret', {
      description: 'The new signing secret. It is shown only here: store it in the connector now.',
    }),
  }),
};

builder.relayMutationField(
  'setViewerBlocked',
  { inputFields: (t) => ({ viewerId: t.id({ required: true }), blocked: t.boolean({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Blocks or unblocks a viewer (owners and operators). Blocked viewers are left out of giveaways; their events still count.',
    resolve: async (_root, { input }, context) => ({
      viewer: await context.services.ingest.setViewerBlocked(scopeOf(context), localId(String(input.viewerId), 'Viewer'), input.blocked),
    }),
  },
  { outputFields: (t) => ({ viewer: t.field({ type: ViewerRef, resolve: (payload) => payload.viewer }) }) },
);

builder.relayMutationField(
  'createIngestSource',
  {
    inputFields: (t) => ({
      name: t.string({ required: true, description: 'What the connector is, e.g. "Douyin room 1".' }),
      platform: t.field({ type: PlatformEnum, required: true }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Creates an integration source with its first secret (owners only).',
    resolve: (_root, { input }, context) => context.services.ingest.createSource(scopeOf(context), input),
  },
  SOURCE_WITH_SECRET,
);

builder.relayMutationField(
  'rotateIngestSourceSecret',
  {
    inputFields: (t) => ({
      sourceId: t.id({ required: true }),
      graceSeconds: t.int({ description: 'How long the secrets issued before stay valid. 0 ends them now. @default 86400 (one day)' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Issues a new secret; older ones keep working for the grace period, so connectors switch without downtime.',
    resolve: (_root, { input }, context) =>
      context.services.ingest.rotateSecret(scopeOf(context), localId(String(input.sourceId), 'IngestSource'), input.graceSeconds == null ? {} : { graceSeconds: input.graceSeconds }),
  },
  SOURCE_WITH_SECRET,
);

builder.relayMutationField(
  'revokeIngestSource',
  { inputFields: (t) => ({ sourceId: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Refuses every further request of the source and its secrets.',
    resolve: async (_root, { input }, context) => ({
      source: await context.services.ingest.revokeSource(scopeOf(context), localId(String(input.sourceId), 'IngestSource')),
    }),
  },
  { outputFields: (t) => ({ source: t.field({ type: IngestSourceRef, resolve: (payload) => payload.source }) }) },
);

const IngestOrderItemInput = builder.inputType('IngestOrderItemInput', {
  fields: (t) => ({
    product: t.string({ required: true, description: 'A product id (global or local) or the product’s SKU.' }),
    quantity: t.int({ required: true }),
    unitPrice: t.field({ type: 'SafeInt', required: true, description: 'Minor units.' }),
  }),
});

const IngestEventInput = builder.inputType('IngestEventInput', {
  description: 'One audience event, as on the `/ingest` wire. Which fields a kind needs is checked per event; a bad event is rejected alone.',
  fields: (t) => ({
    id: t.string({ required: true, description: 'Unique per source (here: per session for the API source); resending it is a duplicate.' }),
    kind: t.field({ type: AudienceEventKindEnum, required: true }),
    occurredAt: t.field({ type: 'DateTime', required: true, description: 'At most 5 minutes in the future.' }),
    viewer: t.string({ description: 'The platform’s pseudonymous user id; required except for VIEWER_COUNT.' }),
    region: t.string(),
    text: t.string({ description: 'COMMENT: 1 to 500 characters.' }),
    count: t.int({ description: 'LIKE: taps (1 to 10000, default 1); VIEWER_COUNT: viewers online.' }),
    product: t.string({ description: 'PRODUCT_IMPRESSION, PRODUCT_CLICK, ADD_TO_CART: a product id (global or local) or SKU.' }),
    orderId: t.string({ description: 'ORDER_*: the platform’s order id.' }),
    amount: t.field({ type: 'SafeInt', description: 'ORDER_CREATED: the total; ORDER_REFUNDED: the refunded amount (default: the whole order). Minor units.' }),
    items: t.field({ type: [IngestOrderItemInput], description: 'ORDER_CREATED: the order lines.' }),
    couponCode: t.string(),
    trackingCode: t.string(),
  }),
});

const IngestAccepted = builder.objectRef<IngestReply['accepted'][number]>('IngestAcceptedEvent').implement({
  description: 'An event stored in the log.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position in the request.' }),
    id: t.exposeString('id'),
    seq: t.expose('seq', { type: 'SafeInt', description: 'Position in the global event log (a 64-bit integer).' }),
  }),
});

const IngestDuplicate = builder.objectRef<IngestReply['duplicates'][number]>('IngestDuplicateEvent').implement({
  description: 'An event already in the log (or repeated in the request); nothing changed.',
  fields: (t) => ({ index: t.exposeInt('index'), id: t.exposeString('id') }),
});

const IngestRejected = builder.objectRef<IngestReply['rejected'][number]>('IngestRejectedEvent').implement({
  description: 'An invalid event; it was not stored. The other events of the request were.',
  fields: (t) => ({
    index: t.exposeInt('index'),
    id: t.exposeString('id', { nullable: true, description: 'Null when the event had no usable id.' }),
    reason: t.exposeString('reason'),
    field: t.exposeString('field', { nullable: true, description: 'The offending field, e.g. `events[3].text`.' }),
  }),
});

builder.relayMutationField(
  'ingestEvents',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true }),
      events: t.field({ type: [IngestEventInput], required: true, description: 'At most 1000.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description:
      'Appends audience events to a session’s log (source `api`). Each event is accepted, a duplicate, or rejected with its reason; the events are durable when this returns.',
    resolve: (_root, { input }, context) =>
      context.services.ingest.ingestAsMember(
        scopeOf(context),
        localId(String(input.sessionId), 'LiveSession'),
        input.events.map((event) => {
          const wire: Record<string, unknown> = Object.fromEntries(Object.entries(event).filter(([, value]) => value != null));
          wire.occurredAt = event.occurredAt.toISOString();
          return wire;
        }),
      ),
  },
  {
    outputFields: (t) => ({
      acceptedCount: t.int({ resolve: (reply) => reply.accepted.length }),
      duplicateCount: t.int({ resolve: (reply) => reply.duplicates.length }),
      rejectedCount: t.int({ resolve: (reply) => reply.rejected.length }),
      accepted: t.field({ type: [IngestAccepted], resolve: (reply) => reply.accepted }),
      duplicates: t.field({ type: [IngestDuplicate], resolve: (reply) => reply.duplicates }),
      rejected: t.field({ type: [IngestRejected], resolve: (reply) => reply.rejected }),
    }),
  },
);
