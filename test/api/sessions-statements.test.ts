import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, seedHost, seedProduct, seedSession } from '../support/sessions-seed.js';

const SESSION_FIELDS = `
  title status campaign { name }
  lineup { position stockReserved confirmed confirmedBy { displayName } product { title stock price { amount } } }
  hosts { role host { name } }
  segments { title plannedStart plannedEnd products { title } cues { text } }
  currentSegment { title } nextSegment { title }
  stockWarnings { shortfall product { title } sessions { title } }
`;

describe('session reads', () => {
  let t: TestApp;
  let owner: SignedIn;
  const sessions = new Map<number, string>();

  /** A session with `size` lineup items (all over-reserved), hosts and segments. */
  async function seedShow(size: number, startHour: number): Promise<string> {
    const sessionId = await seedSession(t, owner.token, { title: `size ${size}`, startHour });
    const productIds: string[] = [];
    for (let index = 0; index < size; index += 1) {
      const productId = await seedProduct(t, owner.token, 0);
      productIds.push(productId);
      const itemId = await addProduct(t, owner.token, sessionId, productId);
      await mutate(t, owner.token, 'confirmLineupItem', { id: itemId, stockReserved: 1, livePriceAmount: 100, deliveryPromise: '现货' }, 'lineupItem { id }');
      await mutate(t, owner.token, 'assignSessionHost', { sessionId, hostId: await seedHost(t, owner.token), role: index === 0 ? 'MAIN' : 'GUEST' }, 'session { id }');
    }
    await mutate(t, owner.token, 'replaceRunOfShow', {
      sessionId,
      segments: productIds.map((productId, index) => ({
        kind: 'PRODUCT_PITCH', title: `segment ${index}`, plannedOffsetSeconds: index * 60, plannedDurationSeconds: 60,
        productIds: [productId], cues: [{ atSeconds: 10, text: '上链接' }],
      })),
    }, 'segments { id }');
    await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
    await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
    return sessionId;
  }

  async function countStatements(query: string, variables: Record<string, unknown>) {
    t.sql.reset();
    const data = await t.gql(query, variables, owner.token);
    return { data, statements: t.sql.statements.length };
  }

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    for (const [index, size] of [1, 10, 100].entries()) sessions.set(size, await seedShow(size, index * 10));
  }, 240_000);
  afterAll(() => t.close());

  it('reads a session with its lineup, hosts and segments in the same number of statements for 1, 10 and 100 items', async () => {
    const counts: number[] = [];
    for (const [size, id] of sessions) {
      const { data, statements } = await countStatements(`query($id: ID!) { node(id: $id) { ... on LiveSession { ${SESSION_FIELDS} } } }`, { id });
      expect(data.node.lineup).toHaveLength(size);
      expect(data.node.hosts).toHaveLength(size);
      expect(data.node.segments).toHaveLength(size);
      expect(data.node.segments[0].products).toHaveLength(1);
      expect(data.node.stockWarnings).toHaveLength(size);
      counts.push(statements);
    }
    expect(new Set(counts).size).toBe(1);
    // auth, session, lineup, hosts, segments, current and next segment, stock warnings, products, members, hosts
    expect(counts[0]).toBeLessThanOrEqual(11);
  });

  it('lists sessions in the same number of statements whatever their sizes', async () => {
    const query = `query($search: String) { liveSessions(first: 5, filter: { search: $search }) { totalCount edges { node { ${SESSION_FIELDS} } } } }`;
    const one = await countStatements(query, { search: 'size 1' });
    const all = await countStatements(query, {});
    expect(all.data.liveSessions.totalCount).toBe(3);
    expect(all.statements).toBe(one.statements);
  });
});
