import { contextCacheSymbol } from '@pothos/core';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../context.js';
import { AppError } from '../shared/errors.js';

/**
 * A subscription's context lives as long as its shared group (see shared-subscriptions.ts); each
 * event gets a fresh entity manager and fresh dataloaders so it never serves rows cached by an
 * earlier event.
 */
export function refreshForEvent(context: GraphQLContext): void {
  context.em = context.em.fork();
  (context as GraphQLContext & { [contextCacheSymbol]?: object })[contextCacheSymbol] = {};
}

/** Typed errors are not part of a subscription's result; report them as plain GraphQL errors, unmasked. */
export function asGraphQLError(error: unknown): never {
  if (error instanceof AppError) throw new GraphQLError(error.message, { extensions: { code: error.code } });
  throw error;
}
