import type { AnyVariables } from '@urql/core';
import { OperationError, payloadOf, type Mutation, type UserErrorShape } from './operations.svelte.js';

export type Outcome<P> = { ok: true; payload: P } | { ok: false; error: OperationError };

/**
 * Runs a mutation and unwraps its result union: the payload, or the refusal (typed error with its
 * field issues) or failure as an `OperationError` for the form to show.
 */
export async function mutate<Data, Variables extends AnyVariables, Result>(
  mutation: Mutation<Data, Variables>,
  variables: Variables,
  pick: (data: Data) => Result,
): Promise<Outcome<Exclude<Result, UserErrorShape>>> {
  const data = await mutation.run(variables);
  if (!data) return { ok: false, error: mutation.error ?? new OperationError('The change was not saved', 'ERROR') };
  try {
    return { ok: true, payload: payloadOf(pick(data)) };
  } catch (error) {
    return { ok: false, error: error instanceof OperationError ? error : new OperationError(String(error), 'ERROR') };
  }
}
