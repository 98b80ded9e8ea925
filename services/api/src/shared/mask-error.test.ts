import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ConflictError } from './errors.js';
import { maskUnexpectedErrors } from './mask-error.js';

describe('maskUnexpectedErrors', () => {
  it('keeps an expected error as it is, with its code', () => {
    const error = new GraphQLError('Host is booked', { originalError: new ConflictError('Host is booked') });
    const masked = maskUnexpectedErrors(error, 'Unexpected error.', false);
    expect(masked).toBe(error);
    expect((masked as GraphQLError).message).toBe('Host is booked');
    expect((masked as GraphQLError).extensions.code).toBe('CONFLICT');
  });

  it('hides the message of anything else', () => {
    const error = new GraphQLError('password authentication failed for user "postgres"', {
      originalError: new Error('password authentication failed for user "postgres"'),
    });
    const masked = maskUnexpectedErrors(error, 'Unexpected error.', false);
    expect(masked.message).toBe('Unexpected error.');
    expect(masked.message).not.toContain('postgres');
  });
});
