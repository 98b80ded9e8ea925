import type { AnyVariables, OperationResult, TypedDocumentNode } from '@urql/core';
import type { BroadcartClient } from './client.js';
import { useClient } from './context.js';

/** What the API's mutation unions return instead of a payload (`UserError` and `ValidationError`). */
export interface UserErrorShape {
  __typename: string;
  code: string;
  message: string;
  issues?: readonly { path: readonly string[]; message: string }[];
}

/** A refused mutation or a failed request, with the field issues to show beside the inputs. */
export class OperationError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly issues: readonly { path: readonly string[]; message: string }[] = [],
  ) {
    super(message);
    this.name = 'OperationError';
  }

  /** The issue for an input field, matched on the end of its path (`['input','name']` → 'name'). */
  issueFor(field: string): string | undefined {
    return this.issues.find((issue) => issue.path.at(-1) === field || issue.path.join('.').endsWith(field))?.message;
  }
}

function failure(result: OperationResult): OperationError | null {
  if (!result.error) return null;
  const first = result.error.graphQLErrors[0];
  if (first) return new OperationError(first.message, String(first.extensions?.code ?? 'ERROR'));
  return new OperationError(result.error.networkError?.message ?? result.error.message, 'NETWORK');
}

function isUserError(value: unknown): value is UserErrorShape {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && '__typename' in value;
}

/**
 * The payload of a mutation result union, or throws `OperationError` with the typed error's code,
 * message and field issues. Select `...UserErrorFields` in every mutation for this to see them.
 */
export function payloadOf<T>(result: T): Exclude<T, UserErrorShape> {
  if (isUserError(result)) throw new OperationError(result.message, result.code, result.issues ?? []);
  return result as Exclude<T, UserErrorShape>;
}

/** Runs a query or mutation once; throws `OperationError` on GraphQL or network errors. */
export async function execute<Data, Variables extends AnyVariables>(
  client: BroadcartClient,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  kind: 'query' | 'mutation' = 'query',
): Promise<Data> {
  const result = kind === 'query' ? await client.urql.query(document, variables).toPromise() : await client.urql.mutation(document, variables).toPromise();
  const error = failure(result);
  if (error) throw error;
  return result.data as Data;
}

/**
 * Data loaded for a component: re-loaded when `variables()` changes, after `refetch()`, and after
 * the socket reconnects (what happened while it was down is read again). An answer that arrives
 * after a newer load started is dropped. Call during component init.
 */
export class LiveLoad<Data, Variables> {
  data = $state<Data | undefined>(undefined);
  error = $state<OperationError | null>(null);
  loading = $state(true);
  #run = 0;

  constructor(
    private readonly load: (variables: Variables) => Promise<Data>,
    private readonly variables: () => Variables | null,
    client: BroadcartClient = useClient(),
  ) {
    $effect(() => {
      const vars = this.variables();
      if (vars) void this.#fetch(vars);
    });
    $effect(() => client.onReconnected(() => void this.refetch()));
  }

  async refetch(): Promise<void> {
    const vars = this.variables();
    if (vars) await this.#fetch(vars);
  }

  async #fetch(variables: Variables): Promise<void> {
    const run = ++this.#run;
    this.loading = true;
    try {
      const data = await this.load(variables);
      if (run !== this.#run) return;
      this.data = data;
      this.error = null;
    } catch (error) {
      if (run !== this.#run) return;
      this.error = error instanceof OperationError ? error : new OperationError(String(error), 'ERROR');
    } finally {
      if (run === this.#run) this.loading = false;
    }
  }
}

/** One query as a `LiveLoad`: the common case. */
export class LiveQuery<Data, Variables extends AnyVariables> extends LiveLoad<Data, Variables> {
  constructor(document: TypedDocumentNode<Data, Variables>, variables: () => Variables | null, client: BroadcartClient = useClient()) {
    super((vars) => execute(client, document, vars), variables, client);
  }
}

/**
 * Subscribes while the component lives and `variables()` is non-null; `onData` gets each event.
 * Call during component init.
 */
export function subscribe<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: () => Variables | null,
  onData: (data: Data) => void,
  client: BroadcartClient = useClient(),
): void {
  $effect(() => {
    const vars = variables();
    if (!vars) return;
    const { unsubscribe } = client.urql.subscription(document, vars).subscribe((result) => {
      if (result.data) onData(result.data as Data);
    });
    return unsubscribe;
  });
}

/** A mutation runner with a pending flag and the last error, for forms and buttons. */
export class Mutation<Data, Variables extends AnyVariables> {
  pending = $state(false);
  error = $state<OperationError | null>(null);
  #client: BroadcartClient;

  constructor(
    private readonly document: TypedDocumentNode<Data, Variables>,
    client: BroadcartClient = useClient(),
  ) {
    this.#client = client;
  }

  /** Runs the mutation; returns its data, or null after recording the error in `error`. */
  async run(variables: Variables): Promise<Data | null> {
    this.pending = true;
    this.error = null;
    try {
      return await execute(this.#client, this.document, variables, 'mutation');
    } catch (error) {
      this.error = error instanceof OperationError ? error : new OperationError(String(error), 'ERROR');
      return null;
    } finally {
      this.pending = false;
    }
  }
}
