import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_EMAIL, DEMO_PASSWORD } from '@broadcart/api';
import { collectIds, isRequired, loadTypes, namedType, selectAll } from '../support/introspection.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Organization A is the full demo organization; organization B is a stranger. B walks every Node
 * id of A and every root field of the schema, and must find nothing of A.
 */
describe('tenancy: another organization sees nothing', () => {
  let t: TestApp;
  let a: { token: string };
  let b: SignedIn;
  let types: Awaited<ReturnType<typeof loadTypes>>['types'];
  let queryType: string;
  const idsOfA = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp({ maxQueryCost: 10_000_000, maxQueryDepth: 20 });
    expect(await seedDemo(t.app)).toBe(true);
    a = await mutate(t, null, 'signIn', { email: DEMO_EMAIL, password: DEMO_PASSWORD }, 'token');
    b = await signUpOrg(t, 'Stranger Co');
    ({ types, queryType } = await loadTypes(t));
    const query = types.get(queryType)!;
    for (const field of 'fields' in query ? query.fields : []) {
      // Fields that need ids (rankHosts, suggestProducts...) are walked in the tests below.
      if (field.args.some((arg) => (isRequired(arg.type) && arg.defaultValue == null) || namedType(arg.type) === 'ID')) continue;
      const selection = selectAll(types, namedType(field.type), 4);
      const paged = field.args.some((arg) => arg.name === 'first') ? '(first: 100)' : '';
      const result = await t.request(`{ ${field.name}${paged} ${selection} }`, {}, a.token);
      expect(result.errors, `${field.name} for its own organization`).toBeUndefined();
      collectIds(result.data, idsOfA);
    }
  });
  afterAll(() => t.close());

  it('finds the demo organization’s data with its own token (the walk has something to find)', () => {
    const typenames = new Set([...idsOfA].map((id) => decodeGlobalID(id).typename));
    for (const typename of ['Organization', 'Member', 'Product', 'Host', 'TrainingRecord', 'Campaign', 'CampaignGoal', 'LiveSession', 'SessionHost', 'LineupItem', 'Segment', 'Task', 'ChecklistTemplateItem', 'WarmUpPost']) {
      expect(typenames, typename).toContain(typename);
    }
  });

  it('resolves none of its ids through node and nodes', async () => {
    const ids = [...idsOfA];
    for (const id of ids) {
      const result = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id }, b.token);
      expect(result.node, id).toBeNull();
    }
    const many = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, b.token);
    expect(many.nodes.every((node: unknown) => node === null)).toBe(true);
  });

  it('finds none of its data through any root field, with or without its ids as arguments', async () => {
    const query = types.get(queryType)!;
    const byTypename = new Map<string, string>();
    for (const id of idsOfA) byTypename.set(decodeGlobalID(id).typename, id);
    const idFor = (argName: string) => {
      const stem = argName.replace(/Ids?$/, '').toLowerCase();
      const typename = [...byTypename.keys()].find((name) => name.toLowerCase() === stem || name.toLowerCase() === `live${stem}`);
      return byTypename.get(typename ?? '') ?? [...idsOfA][0]!;
    };
    const leaked: string[] = [];
    let walked = 0;
    for (const field of 'fields' in query ? query.fields : []) {
      if (field.name === 'node' || field.name === 'nodes') continue;
      const required = field.args.filter((arg) => isRequired(arg.type) && arg.defaultValue == null);
      const optionalIds = field.args.filter((arg) => !required.includes(arg) && namedType(arg.type) === 'ID');
      // One call with only the required arguments, then one per optional id argument.
      for (const extra of [null, ...optionalIds]) {
        const args = [...required, ...(extra ? [extra] : [])].map((arg) => {
          const list = arg.type.kind === 'LIST' || (arg.type.kind === 'NON_NULL' && arg.type.ofType.kind === 'LIST');
          const id = idFor(arg.name);
          return `${arg.name}: ${JSON.stringify(list ? [id] : id)}`;
        });
        const selection = selectAll(types, namedType(field.type), 4);
        const result = await t.request(`{ ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${selection} }`, {}, b.token);
        walked += 1;
        for (const id of collectIds(result.data)) if (idsOfA.has(id)) leaked.push(`${field.name}: ${id}`);
        if (JSON.stringify(result.data ?? {}).includes('花漾')) leaked.push(`${field.name}: organization data`);
      }
    }
    expect(walked).toBeGreaterThan(10);
    expect(leaked).toEqual([]);
  });
});
