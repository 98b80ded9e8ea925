import { GraphQLError } from 'graphql';
import { maskError } from 'graphql-yoga';
import { AppError } from './errors.js';

/**
 * Yoga's error mask: expected failures (AppError) keep their message and get their `code`; they are
 * returned as they are, which tells yoga not to log them as failures. Anything else is logged by
 * yoga and reaches the client as "Unexpected error.".
 */
export function maskUnexpectedErrors(error: unknown, message: string, isDev?: boolean): Error {
  const graphQLError = error as Partial<GraphQLError>;
  const original = graphQLError.originalError ?? error;
  if (original instanceof AppError) {
    if (graphQLError.extensions) {
      (graphQLError.extensions as Record<string, unknown>).code = original.code;
      return error as Error;
    }
    return new GraphQLError(original.message, { extensions: { code: original.code } });
  }
  return maskError(error, message, isDev);
}
