import { Client, CombinedError, type Exchange, type OperationResult } from '@urql/core';
import { filter, fromPromise, makeSubject, map, mergeMap, pipe, type Subject } from 'wonka';
import type { BroadcartClient } from '../graphql/client.js';

type Answer = Record<string, unknown> | ((variables: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>);

export interface FakeClient extends BroadcartClient {
  /** Every operation sent, in order: its name and variables. */
  readonly calls: { name: string; variables: Record<string, unknown> }[];
  /** Pushes one event to the subscribers of the named subscription. */
  emit(operationName: string, data: Record<string, unknown>): void;
  /** Simulates the socket coming back after a drop. */
  reconnect(): void;
}

/**
 * A real urql client whose exchange answers operations by name from `answers` (data, or a function
 * of the variables), for component tests. Unknown operations fail with a GraphQL error naming them.
 */
export function createFakeClient(answers: Record<string, Answer>): FakeClient {
  const calls: FakeClient['calls'] = [];
  const subjects = new Map<string, Subject<OperationResult>>();
  const reconnected = new Set<() => void>();
  const exchange: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind !== 'teardown'),
      mergeMap((operation) => {
        const definition = operation.query.definitions.find((node) => node.kind === 'OperationDefinition');
        const name = definition && 'name' in definition && definition.name ? definition.name.value : '';
        const variables = (operation.variables ?? {}) as Record<string, unknown>;
        calls.push({ name, variables });
        if (operation.kind === 'subscription') {
          let subject = subjects.get(name);
          if (!subject) subjects.set(name, (subject = makeSubject<OperationResult>()));
          return pipe(
            subject.source,
            map((result) => ({ ...result, operation })),
          );
        }
        const answer = answers[name];
        const result = async (): Promise<OperationResult> => {
          if (!answer) return { operation, data: undefined, error: new CombinedError({ graphQLErrors: [{ message: `no fake answer for ${name}` }] }), stale: false, hasNext: false };
          const data = typeof answer === 'function' ? await answer(variables) : answer;
          return { operation, data, error: undefined, stale: false, hasNext: false };
        };
        return fromPromise(result());
      }),
    );
  const urql = new Client({ url: 'http://fake.test/graphql', exchanges: [exchange], requestPolicy: 'network-only' });
  return {
    urql,
    ws: {} as BroadcartClient['ws'],
    calls,
    onReconnected: (listener) => {
      reconnected.add(listener);
      return () => void reconnected.delete(listener);
    },
    onUnauthorized: () => () => undefined,
    dispose: () => undefined,
    emit(operationName, data) {
      subjects.get(operationName)?.next({ data, stale: false, hasNext: true } as OperationResult);
    },
    reconnect() {
      for (const listener of reconnected) listener();
    },
  };
}

