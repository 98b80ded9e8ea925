import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { scopeOf } from '../context.js';
import { builder } from '../schema/builder.js';
import { MUTATION_ERRORS } from '../schema/common.schema.js';
import { NotFoundError } from '../shared/errors.js';
import type { DeliveryStats, DeliveryView } from './event-delivery.service.js';
import { EVENT_DELIVERY_STATUSES } from './event-outbox.entity.js';

/** Delivery ids are bigints, so they do not go through `localId` (which expects UUIDs). */
function deliveryId(globalId: string): string {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    if (typename === 'DeadLetter' && /^\d{1,18}$/.test(id)) return id;
  } catch {
    // Reported as not found below.
  }
  throw new NotFoundError('DeadLetter', globalId);
}

const EventDeliveryStatusEnum = builder.enumType('EventDeliveryStatus', {
  description: 'PENDING: waiting or being retried; DONE: the handler succeeded; DEAD: it failed its last attempt.',
  values: EVENT_DELIVERY_STATUSES,
});

const DeadLetterRef = builder.objectRef<DeliveryView>('DeadLetter').implement({
  description: 'A durable handler’s delivery of a domain event that failed every attempt. `retryDeadLetter` queues it again.',
  fields: (t) => ({
    id: t.id({ resolve: (row) => encodeGlobalID('DeadLetter', row.id) }),
    handler: t.exposeString('handler', { description: 'The durable handler, `<namespace>:<name>`.' }),
    eventName: t.exposeString('eventName', { description: 'e.g. session.started.' }),
    payload: t.field({ type: 'JSON', description: 'The event payload as delivered (times as ISO strings).', resolve: (row) => row.payload }),
    status: t.expose('status', { type: EventDeliveryStatusEnum, description: 'DEAD when listed; PENDING after a retry.' }),
    attempts: t.exposeInt('attempts', { description: 'Attempts made; 0 right after a retry.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'The last failure, as the handler threw it.' }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime', description: 'When the event happened.' }),
    failedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true, description: 'When the last attempt failed.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', description: 'For a retried delivery, when it is due.' }),
  }),
});

const DeadLetterConnection = builder.connectionObject({ type: DeadLetterRef, name: 'DeadLetterConnection' }, { name: 'DeadLetterEdge' });

const DeadLetterFilter = builder.inputType('DeadLetterFilter', {
  fields: (t) => ({ handler: t.string({ description: 'Only this durable handler’s dead letters.' }) }),
});

const EventDeliveryStatsRef = builder.objectRef<DeliveryStats>('EventDeliveryStats').implement({
  description: 'The delivery queue of one durable handler, for the organization’s events.',
  fields: (t) => ({
    handler: t.exposeString('handler'),
    pending: t.exposeInt('pending', { description: 'Deliveries waiting, being delivered or waiting for a retry.' }),
    dead: t.exposeInt('dead', { description: 'Dead letters.' }),
    earliestDueAt: t.expose('earliestDueAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the next pending delivery is (or was) due; long past means the workers lag behind.',
    }),
  }),
});

builder.queryFields((t) => ({
  deadLetters: t.connection(
    {
      type: DeadLetterRef,
      authScopes: { member: true },
      description: 'Deliveries of the organization’s events that failed every attempt, most recent first. OWNER only.',
      args: { filter: t.arg({ type: DeadLetterFilter }) },
      resolve: (_root, args, context) => context.services.eventDeliveries.deadLetters(scopeOf(context), { handler: args.filter?.handler }, args),
    },
    DeadLetterConnection,
  ),
  eventDeliveryStats: t.field({
    type: [EventDeliveryStatsRef],
    authScopes: { member: true },
    description: 'Pending and dead deliveries per durable handler (every registered handler listed). OWNER only.',
    resolve: (_root, _args, context) => context.services.eventDeliveries.stats(scopeOf(context)),
  }),
}));

builder.relayMutationField(
  'retryDeadLetter',
  { inputFields: (t) => ({ id: t.id({ required: true, description: 'A DeadLetter id.' }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Queues a dead letter again: PENDING, due now, attempts reset. OWNER only.',
    resolve: async (_root, { input }, context) => ({
      deadLetter: await context.services.eventDeliveries.retryDeadLetter(scopeOf(context), deliveryId(String(input.id))),
    }),
  },
  {
    outputFields: (t) => ({
      deadLetter: t.field({ type: DeadLetterRef, description: 'The delivery, now PENDING.', resolve: (payload) => payload.deadLetter }),
    }),
  },
);
