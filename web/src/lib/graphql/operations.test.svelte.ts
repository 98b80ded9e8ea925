import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { createFakeClient } from '../testing/fake-client.js';
import { settle } from '../testing/render.js';
import { graphql } from './graphql.js';
import { LiveQuery, Mutation, OperationError, payloadOf, subscribe } from './operations.svelte.js';
import { UserErrorFields } from './fragments.js';
import { isMutation } from './widget-client.js';

const Org = graphql(`query TestOrg { organization { id name } }`);
const Metrics = graphql(`subscription TestMetrics($sessionId: ID!) { sessionMetrics(sessionId: $sessionId) { version } }`);
const Rename = graphql(
  `mutation TestRename($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ...UserErrorFields ... on UpdateOrganizationPayload { organization { id name } } } }`,
  [UserErrorFields],
);

let stop: (() => void) | null = null;
afterEach(() => stop?.());

describe('operations', () => {
  it('a live query loads, and loads again after the socket reconnects', async () => {
    let reads = 0;
    const client = createFakeClient({ TestOrg: () => ({ organization: { id: 'o1', name: `read ${++reads}` } }) });
    let query!: LiveQuery<{ organization: { id: string; name: string } }, Record<string, never>>;
    stop = $effect.root(() => {
      query = new LiveQuery(Org, () => ({}), client);
    });
    flushSync();
    await settle();
    expect(query.data?.organization.name).toBe('read 1');
    client.reconnect();
    await settle();
    expect(query.data?.organization.name).toBe('read 2');
    expect(query.loading).toBe(false);
  });

  it('subscriptions deliver events while the owner lives', async () => {
    const client = createFakeClient({});
    const seen: number[] = [];
    stop = $effect.root(() => {
      subscribe(Metrics, () => ({ sessionId: 's1' }), (data) => seen.push(data.sessionMetrics?.version ?? -1), client);
    });
    flushSync();
    await settle();
    client.emit('TestMetrics', { sessionMetrics: { version: 3 } });
    client.emit('TestMetrics', { sessionMetrics: { version: 4 } });
    await settle();
    expect(seen).toEqual([3, 4]);
    expect(client.calls.find((call) => call.name === 'TestMetrics')?.variables).toEqual({ sessionId: 's1' });
  });

  it('a refused mutation becomes an OperationError with field issues', async () => {
    const client = createFakeClient({
      TestRename: {
        updateOrganization: { __typename: 'ValidationError', code: 'VALIDATION', message: 'Input is invalid', issues: [{ path: ['input', 'name'], message: 'is required' }] },
      },
    });
    const rename = new Mutation(Rename, client);
    const data = await rename.run({ input: { name: '' } });
    expect(() => payloadOf(data!.updateOrganization)).toThrowError(OperationError);
    try {
      payloadOf(data!.updateOrganization);
    } catch (error) {
      expect((error as OperationError).issueFor('name')).toBe('is required');
      expect((error as OperationError).code).toBe('VALIDATION');
    }
  });

  it('a failed request is recorded, not thrown, by Mutation.run', async () => {
    const rename = new Mutation(Rename, createFakeClient({}));
    expect(await rename.run({ input: { name: 'x' } })).toBeNull();
    expect(rename.error?.message).toContain('no fake answer for TestRename');
  });

  it('tells mutations from queries in widget documents', () => {
    expect(isMutation('mutation A($x: ID!) { a(x: $x) { id } }')).toBe(true);
    expect(isMutation('# mutation in a comment\nquery B { b }')).toBe(false);
    expect(isMutation('fragment F on T { id }\nmutation C { c { ...F } }')).toBe(true);
    expect(isMutation('subscription D { d }')).toBe(false);
  });
});
