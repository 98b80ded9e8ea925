import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { seedScheduledSession } from '../support/ingest.js';

/** Switching the first-party lottery off for one organization, through every way in. */
describe('a plugin switched off for an organization', () => {
  let t: TestApp;
  let owner: SignedIn;
  let other: SignedIn;
  let giveawayId: string;
  let sessionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    other = await signUpOrg(t);
    sessionId = await seedScheduledSession(t, owner.token);
    const created = await mutate(t, owner.token, 'createLotteryGiveaway', { sessionId, title: '福袋', mode: 'UNIFORM', winnerCount: 1 }, 'giveaway { id }');
    giveawayId = created.giveaway.id;
  });
  afterAll(() => t?.close());

  const NODE = `query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`;
  const LIST = `query($s: ID!) { lotteryGiveaways(filter: { sessionId: $s }) { totalCount } node(id: $s) { ... on LiveSession { title lotteryGiveaways { id } } } }`;

  it('answers as usual while it is on', async () => {
    expect(await t.gql(NODE, { id: giveawayId }, owner.token)).toEqual({ node: { id: giveawayId }, nodes: [{ id: giveawayId }] });
    const listed = await t.gql<{ lotteryGiveaways: { totalCount: number }; node: { lotteryGiveaways: { id: string }[] } }>(LIST, { s: sessionId }, owner.token);
    expect(listed.lotteryGiveaways.totalCount).toBe(1);
    expect(listed.node.lotteryGiveaways).toEqual([{ id: giveawayId }]);
  });

  it('hides its rows from node lookups and refuses its fields once switched off, keeping the core’s', async () => {
    await mutate(t, owner.token, 'setPluginEnabled', { namespace: 'lottery', enabled: false }, 'plugin { enabled }');
    expect(await t.gql(NODE, { id: giveawayId }, owner.token)).toEqual({ node: null, nodes: [null] });
    const listed = await t.request<{ lotteryGiveaways: null; node: { title: string; lotteryGiveaways: null } }>(LIST, { s: sessionId }, owner.token);
    expect(listed.data?.lotteryGiveaways).toBeNull();
    expect(listed.data?.node.title).toEqual(expect.any(String));
    expect(listed.data?.node.lotteryGiveaways).toBeNull();
    expect(listed.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([
      ['lotteryGiveaways', 'PLUGIN_UNAVAILABLE'],
      ['node.lotteryGiveaways', 'PLUGIN_UNAVAILABLE'],
    ]);
    const created = await t.request<{ createLotteryGiveaway: null }>(
      `mutation($input: CreateLotteryGiveawayInput!) { createLotteryGiveaway(input: $input) { __typename } }`,
      { input: { sessionId, title: 'x', mode: 'UNIFORM', winnerCount: 1 } },
      owner.token,
    );
    expect(created.errors?.[0]?.message).toBe('plugin lottery is switched off for your organization');
  });

  it('leaves other organizations untouched, and comes back when switched on, with its data', async () => {
    const installed = await t.gql<{ installedPlugins: { namespace: string; enabled: boolean }[] }>('{ installedPlugins { namespace enabled } }', {}, other.token);
    expect(installed.installedPlugins.find((plugin) => plugin.namespace === 'lottery')?.enabled).toBe(true);
    await mutate(t, owner.token, 'setPluginEnabled', { namespace: 'lottery', enabled: true }, 'plugin { enabled }');
    expect(await t.gql(NODE, { id: giveawayId }, owner.token)).toEqual({ node: { id: giveawayId }, nodes: [{ id: giveawayId }] });
  });
});
