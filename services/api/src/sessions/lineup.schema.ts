import { builder } from '../schema/builder.js';
import { LineupItemRef, LiveSessionRef } from '../schema/refs.js';
import { MUTATION_ERRORS, localId } from '../schema/common.schema.js';
import { scopeOf } from '../context.js';
import type { LineupItem, LiveSession } from './session.entity.js';
import { SESSION_OUTPUT, listedId, sessionId, type PayloadFieldBuilder } from './session-schema-helpers.js';

// Lineup

const LINEUP_ITEM_OUTPUT = {
  outputFields: (t: PayloadFieldBuilder<{ session: LiveSession; lineupItem: LineupItem }>) => ({
    session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.session }),
    lineupItem: t.field({ type: LineupItemRef, resolve: (payload) => payload.lineupItem }),
  }),
};

builder.relayMutationField(
  'addLineupItem',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true }),
      productId: t.id({ required: true }),
      position: t.int({ description: '0-based place to insert at; default the end.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: (_root, { input }, context) =>
      context.services.sessions.lineup.add(scopeOf(context), sessionId(input.sessionId), localId(String(input.productId), 'Product'), input),
  },
  LINEUP_ITEM_OUTPUT,
);

builder.relayMutationField(
  'updateLineupItem',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      stockReserved: t.int(),
      livePriceAmount: t.int({ description: 'Minor units.' }),
      deliveryPromise: t.string(),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes the given terms; changing any of them withdraws the confirmation (use confirmLineupItem to change and confirm at once).',
    resolve: (_root, { input: { id, ...input } }, context) =>
      context.services.sessions.lineup.update(scopeOf(context), localId(String(id), 'LineupItem'), input),
  },
  LINEUP_ITEM_OUTPUT,
);

builder.relayMutationField(
  'confirmLineupItem',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      stockReserved: t.int({ required: true }),
      livePriceAmount: t.int({ required: true, description: 'Minor units.' }),
      deliveryPromise: t.string({ required: true }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Sets stock reserved, live price and delivery promise and records the calling member as having confirmed them.',
    resolve: (_root, { input: { id, ...input } }, context) =>
      context.services.sessions.lineup.confirm(scopeOf(context), localId(String(id), 'LineupItem'), input),
  },
  LINEUP_ITEM_OUTPUT,
);

builder.relayMutationField(
  'removeLineupItem',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Also removes the product from the session’s segments.',
    resolve: async (_root, { input }, context) => ({
      session: await context.services.sessions.lineup.remove(scopeOf(context), localId(String(input.id), 'LineupItem')),
      removedId: String(input.id),
    }),
  },
  {
    outputFields: (t) => ({
      session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.session }),
      removedId: t.exposeID('removedId'),
    }),
  },
);

builder.relayMutationField(
  'reorderLineup',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true }),
      lineupItemIds: t.idList({ required: true, description: 'Every lineup item of the session, once each, in the new order.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: async (_root, { input }, context) => ({
      session: await context.services.sessions.lineup.reorder(
        scopeOf(context),
        sessionId(input.sessionId),
        input.lineupItemIds.map((id) => listedId(id, 'LineupItem')),
      ),
    }),
  },
  SESSION_OUTPUT,
);
