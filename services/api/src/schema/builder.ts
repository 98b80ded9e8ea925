import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import type { GraphQLContext } from '../context.js';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../shared/errors.js';
import type { MemberRole } from '../organizations/member.entity.js';

export interface BuilderTypes {
  Context: GraphQLContext;
  AuthScopes: {
    /** Any signed-in member. */
    member: boolean;
    /** A signed-in member with one of these roles. */
    role: MemberRole[];
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    SafeInt: { Input: number; Output: number };
  };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
}

/** The single Pothos builder of Broadcart: core domains and plugins all add to it. */
export const builder = new SchemaBuilder<BuilderTypes>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, ZodPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      member: context.actor !== null,
      role: (roles) => context.actor !== null && roles.includes(context.actor.role),
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
