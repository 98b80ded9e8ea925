import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { addProduct, issuePaths, seedProduct, seedSession } from '../support/sessions-seed.js';

const LINEUP = 'version lineup { id position product { id title } stockReserved livePrice { amount currency } deliveryPromise confirmed confirmedAt confirmedBy { id } }';
const ITEM = 'id position stockReserved livePrice { amount currency } deliveryPromise confirmed confirmedAt confirmedBy { id }';

describe('session lineup', () => {
  let t: TestApp;
  let owner: SignedIn;
  let analyst: SignedIn;
  let stranger: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    analyst = await addMember(t, owner, 'ANALYST');
    stranger = await signUpOrg(t);
  });
  afterAll(() => t.close());

  const lineupOf = async (sessionId: string) =>
    (await t.gql(`query($id: ID!) { node(id: $id) { ... on LiveSession { ${LINEUP} } } }`, { id: sessionId }, owner.token)).node;

  it('appends products, inserts at a position and keeps positions contiguous', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 0 });
    const [a, b, c] = [await seedProduct(t, owner.token, 10, 'A'), await seedProduct(t, owner.token, 10, 'B'), await seedProduct(t, owner.token, 10, 'C')];
    await addProduct(t, owner.token, sessionId, a);
    await addProduct(t, owner.token, sessionId, b);
    const { session, lineupItem } = await mutate(t, owner.token, 'addLineupItem', { sessionId, productId: c, position: 0 }, `lineupItem { position product { title } } session { ${LINEUP} }`);
    expect(lineupItem).toEqual({ position: 0, product: { title: 'C' } });
    expect(session.lineup.map((item: any) => [item.position, item.product.title])).toEqual([[0, 'C'], [1, 'A'], [2, 'B']]);
    expect(session.version).toBe(4);
  });

  it('reports a position outside the lineup on input.position', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 10 });
    const productId = await seedProduct(t, owner.token);
    for (const position of [-1, 1]) {
      const result = await mutateResult(t, owner.token, 'addLineupItem', { sessionId, productId, position }, 'lineupItem { id }');
      expect(result.__typename).toBe('ValidationError');
      expect(issuePaths(result)).toEqual(['input.position']);
    }
  });

  it('refuses a product twice, an analyst and another organization’s session or product', async () => {
    const sessionId = await seedSession(t, owner.token, { startHour: 20 });
    const productId = await seedProduct(t, owner.token);
    const itemId = await addProduct(t, owner.token, sessionId, productId);
    const twice = await mutateResult(t, owner.token, 'addLineupItem', { sessionId, productId }, 'lineupItem { id }');
    expect(twice).toMatchObject({ __typename: 'ConflictError', conflictingIds: [itemId] });
    expect((await mutateResult(t, analyst.token, 'addLineupItem', { sessionId, productId: await seedProduct(t, owner.token) }, 'lineupItem { id }')).__typename).toBe('ForbiddenError');
    const foreignProduct = await seedProduct(t, stranger.token);
    expect((await mutateResult(t, owner.token, 'addLineupItem', { sessionId, productId: foreignProduct }, 'lineupItem { id }')).__typename).toBe('NotFoundError');
    expect((await mutateResult(t, stranger.token, 'addLineupItem', { sessionId, productId: foreignProduct }, 'lineupItem { id }')).__typename).toBe('NotFoundError');
  });

  describe('confirmation', () => {
    it('records the terms, who confirmed them and when', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 30 });
      const itemId = await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token));
      const before = Date.now();
      const { lineupItem } = await mutate(t, owner.token, 'confirmLineupItem', {
        id: itemId, stockReserved: 40, livePriceAmount: 6900, deliveryPromise: '48小时内发货',
      }, `lineupItem { ${ITEM} }`);
      expect(lineupItem).toMatchObject({
        stockReserved: 40, livePrice: { amount: 6900, currency: 'CNY' }, deliveryPromise: '48小时内发货', confirmed: true, confirmedBy: { id: owner.memberId },
      });
      expect(Date.parse(lineupItem.confirmedAt)).toBeGreaterThanOrEqual(before - 1000);
    });

    it('withdraws the confirmation when a term changes later, unless it is confirmed again', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 40 });
      const itemId = await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token));
      await mutate(t, owner.token, 'confirmLineupItem', { id: itemId, stockReserved: 40, livePriceAmount: 6900, deliveryPromise: '现货' }, 'lineupItem { id }');
      const same = await mutate(t, owner.token, 'updateLineupItem', { id: itemId, stockReserved: 40 }, `lineupItem { ${ITEM} }`);
      expect(same.lineupItem.confirmed).toBe(true);
      const changed = await mutate(t, owner.token, 'updateLineupItem', { id: itemId, livePriceAmount: 5900 }, `lineupItem { ${ITEM} }`);
      expect(changed.lineupItem).toMatchObject({ livePrice: { amount: 5900 }, stockReserved: 40, confirmed: false, confirmedBy: null, confirmedAt: null });
      const reconfirmed = await mutate(t, owner.token, 'confirmLineupItem', { id: itemId, stockReserved: 50, livePriceAmount: 5900, deliveryPromise: '现货' }, `lineupItem { ${ITEM} }`);
      expect(reconfirmed.lineupItem).toMatchObject({ stockReserved: 50, confirmed: true });
    });

    it('reports invalid terms with their paths', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 50 });
      const itemId = await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token));
      const confirm = await mutateResult(t, owner.token, 'confirmLineupItem', { id: itemId, stockReserved: -1, livePriceAmount: -5, deliveryPromise: ' ' }, 'lineupItem { id }');
      expect(confirm.__typename).toBe('ValidationError');
      expect(issuePaths(confirm).sort()).toEqual(['input.deliveryPromise', 'input.livePriceAmount', 'input.stockReserved']);
      const update = await mutateResult(t, owner.token, 'updateLineupItem', { id: itemId, stockReserved: -3 }, 'lineupItem { id }');
      expect(issuePaths(update)).toEqual(['input.stockReserved']);
    });

    it('refuses an analyst and another organization', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 60 });
      const itemId = await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token));
      const terms = { id: itemId, stockReserved: 1, livePriceAmount: 1, deliveryPromise: '现货' };
      expect((await mutateResult(t, analyst.token, 'confirmLineupItem', terms, 'lineupItem { id }')).__typename).toBe('ForbiddenError');
      expect((await mutateResult(t, stranger.token, 'confirmLineupItem', terms, 'lineupItem { id }')).__typename).toBe('NotFoundError');
      expect((await mutateResult(t, analyst.token, 'updateLineupItem', { id: itemId, stockReserved: 2 }, 'lineupItem { id }')).__typename).toBe('ForbiddenError');
      expect((await mutateResult(t, stranger.token, 'updateLineupItem', { id: itemId, stockReserved: 2 }, 'lineupItem { id }')).__typename).toBe('NotFoundError');
    });
  });

  describe('removing and reordering', () => {
    it('removes an item, closes the gap and takes the product out of the segments', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 70 });
      const [a, b, c] = [await seedProduct(t, owner.token), await seedProduct(t, owner.token), await seedProduct(t, owner.token)];
      const items = [await addProduct(t, owner.token, sessionId, a), await addProduct(t, owner.token, sessionId, b), await addProduct(t, owner.token, sessionId, c)];
      await mutate(t, owner.token, 'createSegment', {
        sessionId, kind: 'PRODUCT_PITCH', title: '讲解', plannedOffsetSeconds: 0, plannedDurationSeconds: 600, productIds: [a, b],
      }, 'segment { id }');
      const { removedId, session } = await mutate(t, owner.token, 'removeLineupItem', { id: items[0] }, `removedId session { ${LINEUP} segments { products { id } } }`);
      expect(removedId).toBe(items[0]);
      expect(session.lineup.map((item: any) => [item.id, item.position])).toEqual([[items[1], 0], [items[2], 1]]);
      expect(session.segments[0].products).toEqual([{ id: b }]);
    });

    it('reorders to exactly the given order', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 80 });
      const items = [];
      for (let index = 0; index < 3; index += 1) items.push(await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token)));
      const order = [items[2], items[0], items[1]];
      const { session } = await mutate(t, owner.token, 'reorderLineup', { sessionId, lineupItemIds: order }, `session { ${LINEUP} }`);
      expect(session.lineup.map((item: any) => item.id)).toEqual(order);
      expect(session.lineup.map((item: any) => item.position)).toEqual([0, 1, 2]);
    });

    it('refuses a list that is not exactly the current lineup, naming the offending entries', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 90 });
      const items = [await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token)), await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token))];
      const otherSession = await seedSession(t, owner.token, { startHour: 90 });
      const elsewhere = await addProduct(t, owner.token, otherSession, await seedProduct(t, owner.token));
      const missing = await mutateResult(t, owner.token, 'reorderLineup', { sessionId, lineupItemIds: [items[1]] }, 'session { id }');
      expect(issuePaths(missing)).toEqual(['input.lineupItemIds']);
      const foreign = await mutateResult(t, owner.token, 'reorderLineup', { sessionId, lineupItemIds: [items[0], elsewhere, items[1], items[1]] }, 'session { id }');
      expect(issuePaths(foreign)).toEqual(['input.lineupItemIds.1', 'input.lineupItemIds.3']);
      const garbage = await mutateResult(t, owner.token, 'reorderLineup', { sessionId, lineupItemIds: [items[0], 'garbage'] }, 'session { id }');
      expect(issuePaths(garbage)).toEqual(['input.lineupItemIds.1', 'input.lineupItemIds']);
      expect((await lineupOf(sessionId)).lineup.map((item: any) => item.id)).toEqual(items);
    });

    it('refuses an analyst and another organization', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 100 });
      const itemId = await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token));
      expect((await mutateResult(t, analyst.token, 'removeLineupItem', { id: itemId }, 'removedId')).__typename).toBe('ForbiddenError');
      expect((await mutateResult(t, stranger.token, 'removeLineupItem', { id: itemId }, 'removedId')).__typename).toBe('NotFoundError');
      expect((await mutateResult(t, analyst.token, 'reorderLineup', { sessionId, lineupItemIds: [itemId] }, 'session { id }')).__typename).toBe('ForbiddenError');
      expect((await mutateResult(t, stranger.token, 'reorderLineup', { sessionId, lineupItemIds: [itemId] }, 'session { id }')).__typename).toBe('NotFoundError');
    });

    it('freezes the lineup once the session has ended', async () => {
      const sessionId = await seedSession(t, owner.token, { startHour: 110 });
      const itemId = await addProduct(t, owner.token, sessionId, await seedProduct(t, owner.token));
      for (const name of ['scheduleSession', 'startSession', 'endSession']) await mutate(t, owner.token, name, { id: sessionId }, 'session { id }');
      const result = await mutateResult(t, owner.token, 'removeLineupItem', { id: itemId }, 'removedId');
      expect(result).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/lineup while the session is ENDED/) });
    });
  });

  describe('stock warnings', () => {
    const WARNINGS = 'stockWarnings { product { id } stock reservedHere totalReserved shortfall sessions { id } }';
    const warningsOf = async (sessionId: string) =>
      (await t.gql(`query($id: ID!) { node(id: $id) { ... on LiveSession { ${WARNINGS} } } }`, { id: sessionId }, owner.token)).node.stockWarnings;
    const reserve = (id: string, stockReserved: number) =>
      mutate(t, owner.token, 'confirmLineupItem', { id, stockReserved, livePriceAmount: 100, deliveryPromise: '现货' }, 'lineupItem { id }');

    it('reports stock reserved across overlapping sessions above the product’s stock, without refusing it', async () => {
      const productId = await seedProduct(t, owner.token, 100);
      const spare = await seedProduct(t, owner.token, 1000);
      const first = await seedSession(t, owner.token, { startHour: 200, hours: 3 });
      const second = await seedSession(t, owner.token, { startHour: 202, hours: 3 });
      const later = await seedSession(t, owner.token, { startHour: 210, hours: 2 });
      const cancelled = await seedSession(t, owner.token, { startHour: 201, hours: 1 });
      await reserve(await addProduct(t, owner.token, first, productId), 60);
      await reserve(await addProduct(t, owner.token, first, spare), 500);
      await reserve(await addProduct(t, owner.token, second, productId), 50);
      await reserve(await addProduct(t, owner.token, later, productId), 90);
      await reserve(await addProduct(t, owner.token, cancelled, productId), 1000);
      await mutate(t, owner.token, 'cancelSession', { id: cancelled, reason: '取消' }, 'session { id }');

      expect(await warningsOf(first)).toEqual([
        { product: { id: productId }, stock: 100, reservedHere: 60, totalReserved: 110, shortfall: 10, sessions: [{ id: first }, { id: second }] },
      ]);
      expect(await warningsOf(second)).toEqual([expect.objectContaining({ reservedHere: 50, totalReserved: 110 })]);
      expect(await warningsOf(later)).toEqual([]);
      expect(await warningsOf(cancelled)).toEqual([]);
    });

    it('warns a single session that reserves more than the stock', async () => {
      const productId = await seedProduct(t, owner.token, 5);
      const sessionId = await seedSession(t, owner.token, { startHour: 300 });
      await reserve(await addProduct(t, owner.token, sessionId, productId), 6);
      expect(await warningsOf(sessionId)).toEqual([expect.objectContaining({ stock: 5, totalReserved: 6, sessions: [{ id: sessionId }] })]);
    });
  });
});
