import { encodeGlobalID } from '@pothos/plugin-relay';
import { buildSchema, parse, validate } from 'graphql';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { installedPlugins } from '../plugins.config.js';
import { loadPlugins } from '../plugins/plugin-host.js';
import { getSchema, schemaOwnership } from '../schema/index.js';
import { createOverlayAccess, type OverlayAccess } from './overlay-access.js';

const SESSION = '0190a3c4-0000-7000-8000-000000000001';
const OTHER = '0190a3c4-0000-7000-8000-000000000002';

describe('overlay access rule', () => {
  let access: OverlayAccess;
  let check: (query: string, variables?: Record<string, unknown>) => string[];

  beforeAll(async () => {
    // The server's schema with its installed plugins (the lottery), as the app builds it.
    const schema = getSchema(await loadPlugins(installedPlugins, { logger: pino({ level: 'silent' }) }));
    access = createOverlayAccess(schema, schemaOwnership());
    check = (query, variables = {}) => validate(schema, parse(query), [access.rule(SESSION, variables)]).map((error) => error.message);
  });

  it('takes the session from a whole filter variable as from its field', () => {
    const query = 'query($filter: LotteryGiveawayFilter) { lotteryGiveaways(filter: $filter) { totalCount pageInfo { hasNextPage } } }';
    expect(check(query, { filter: { sessionId: encodeGlobalID('LiveSession', SESSION) } })).toEqual([]);
    expect(check(query, { filter: { sessionId: SESSION.toUpperCase() } })).toEqual([]);
    expect(check(query, { filter: { sessionId: OTHER } })).toEqual([
      "Overlay tokens read their own session only: give Query.lotteryGiveaways the overlay's session in `filter.sessionId`",
    ]);
    expect(check('{ lotteryGiveaways { totalCount } }')).toHaveLength(1);
  });

  it('accepts the session id only as a LiveSession global id or a raw id', () => {
    expect(check(`{ node(id: "${encodeGlobalID('Product', SESSION)}") { id } }`)).toHaveLength(1);
    expect(check('{ node(id: "not-a-global-id") { id } }')).toHaveLength(1);
    expect(check(`{ node(id: "${SESSION}") { id } }`)).toEqual([]);
  });

  it('reads every field of the plugin’s types, but only the allowed fields of the core types they lead to', () => {
    const query = `query($s: ID!) { lotteryGiveaways(filter: { sessionId: $s }) { edges { node {
      title seedCommitment winners { viewer { platformUserId region } }
      session { title roomUrl lineup { product { title stock } } }
    } } } }`;
    expect(check(query, { s: SESSION })).toEqual([
      'Overlay tokens cannot read Viewer.region',
      'Overlay tokens cannot read LiveSession.roomUrl',
      'Overlay tokens cannot read Product.stock',
    ]);
  });

  it('refuses subscriptions of the core that it does not list, even for its own session', () => {
    expect(check('subscription($s: ID!) { sessionEvents(sessionId: $s) { version } }', { s: SESSION })).toEqual(['Overlay tokens cannot read Subscription.sessionEvents']);
    expect(check('subscription($s: ID!) { lotteryGiveawayUpdated(sessionId: $s) { version } }', { s: SESSION })).toEqual([]);
  });

  it('names each rule after its session and variables, so cached validation results never cross requests', () => {
    const names = [access.rule(SESSION, {}), access.rule(OTHER, {}), access.rule(SESSION, { id: OTHER }), access.rule(SESSION, {})].map((rule) => rule.name);
    expect(new Set(names).size).toBe(3);
    expect(names[0]).toBe(names[3]);
  });

  it('refuses to start when the allow-list names a field the schema does not have', () => {
    const schema = buildSchema('interface Node { id: ID! } type Query { node(id: ID!): Node }');
    expect(() => createOverlayAccess(schema, { types: new Map(), fields: new Map() })).toThrow(/names Query\.installedPlugins, which the schema does not have/);
  });
});
