import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import type { PluginBuilderTypes } from '@broadcart/plugin-sdk';
import type { GraphQLContext } from '../context.js';
import { hasRole } from '../shared/actor.js';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../shared/errors.js';

/**
 * The builder's types: the plugin SDK's (auth scopes, scalars, nullability defaults, which
 * plugins rely on), with the core's full request context.
 */
export interface BuilderTypes extends Omit<PluginBuilderTypes, 'Context'> {
  Context: GraphQLContext;
}

/** The single Pothos builder of Broadcart: core domains and plugins all add to it. */
export const builder = new SchemaBuilder<BuilderTypes>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, ZodPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      member: context.actor !== null,
      role: (roles) => context.actor !== null && hasRole(context.actor, roles),
    }),
    // Typed errors so mutations with an `errors` option report them in their result union.
    unauthorizedError: (_parent, context) => (context.actor ? new ForbiddenError() : new UnauthenticatedError()),
  },
  errors: {
    defaultTypes: [],
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  zod: {
    validationError: (error) =>
      new ValidationError(
        error.issues.map((issue) => ({
          path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
          message: issue.message,
        })),
      ),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { authScopes: { member: true } },
    nodesQueryOptions: { authScopes: { member: true } },
  },
});
