import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg } from '../support/seed.js';

const ITEM = 'id title description offsetMinutes offsetLabel teamRole position';
const DEFAULT = [
  ['确定主题和排品', 'T-7d', 'OPERATOR'],
  ['确认库存、价格和发货', 'T-3d', 'PRODUCT_MANAGER'],
  ['视觉物料', 'T-2d', 'DESIGNER'],
  ['预热发布', 'T-1d', 'OPERATOR'],
  ['彩排', 'T-3h', 'HOST'],
  ['复盘', 'T+1d', 'OPERATOR'],
];

describe('checklist template', () => {
  let t: TestApp;

  const template = async (token: string) =>
    (await t.gql<{ checklistTemplate: any[] }>(`{ checklistTemplate { ${ITEM} } }`, {}, token)).checklistTemplate;
  const summary = (items: any[]) => items.map((item) => [item.title, item.offsetLabel, item.teamRole]);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('gives every new organization the default checklist, in order', async () => {
    const owner = await signUpOrg(t);
    const items = await template(owner.token);
    expect(summary(items)).toEqual(DEFAULT);
    expect(items.map((item) => item.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(items.map((item) => item.offsetMinutes)).toEqual([-10080, -4320, -2880, -1440, -180, 1440]);
  });

  it('inserts an item at a position and moves the later ones down', async () => {
    const owner = await signUpOrg(t);
    const result = await mutate(
      t,
      owner.token,
      'createChecklistTemplateItem',
      { title: '达人对接', description: 'Brief the KOLs', offsetMinutes: -5 * 1440, teamRole: 'OPERATOR', position: 1 },
      `checklistTemplateItem { ${ITEM} } checklistTemplate { title position }`,
    );
    expect(result.checklistTemplateItem).toMatchObject({ title: '达人对接', offsetLabel: 'T-5d', position: 1, description: 'Brief the KOLs' });
    expect(result.checklistTemplate.map((item: any) => item.title)).toEqual(['确定主题和排品', '达人对接', '确认库存、价格和发货', '视觉物料', '预热发布', '彩排', '复盘']);
    expect(result.checklistTemplate.map((item: any) => item.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('appends an item when no position is given', async () => {
    const owner = await signUpOrg(t);
    const { checklistTemplateItem } = await mutate(
      t,
      owner.token,
      'createChecklistTemplateItem',
      { title: '客服话术', offsetMinutes: -90, teamRole: 'CUSTOMER_SERVICE' },
      `checklistTemplateItem { ${ITEM} }`,
    );
    expect(checklistTemplateItem).toMatchObject({ position: 6, offsetLabel: 'T-1h30m', description: '' });
    expect((await template(owner.token)).at(-1).title).toBe('客服话术');
  });

  it('reports invalid items with their field paths and keeps nothing', async () => {
    const owner = await signUpOrg(t);
    const invalid = await mutateResult(
      t,
      owner.token,
      'createChecklistTemplateItem',
      { title: '', offsetMinutes: 61 * 1440, teamRole: 'DESIGNER', position: -1 },
      'checklistTemplateItem { id }',
    );
    expect(invalid.__typename).toBe('ValidationError');
    expect(invalid.issues.map((issue: any) => issue.path.join('.'))).toEqual(['input.title', 'input.offsetMinutes', 'input.position']);
    const beyond = await mutateResult(
      t,
      owner.token,
      'createChecklistTemplateItem',
      { title: 'x', offsetMinutes: 0, teamRole: 'DESIGNER', position: 7 },
      'checklistTemplateItem { id }',
    );
    expect(beyond.__typename).toBe('ValidationError');
    expect(beyond.issues[0].path).toEqual(['input', 'position']);
    const [first] = await template(owner.token);
    const update = await mutateResult(t, owner.token, 'updateChecklistTemplateItem', { id: first.id, offsetMinutes: -100_000 }, 'checklistTemplateItem { id }');
    expect(update.__typename).toBe('ValidationError');
    expect(update.issues[0].path).toEqual(['input', 'offsetMinutes']);
    expect((await template(owner.token)).length).toBe(6);
  });

  it('keeps positions dense when items are added at the same time', async () => {
    const owner = await signUpOrg(t);
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((title) =>
        mutate(t, owner.token, 'createChecklistTemplateItem', { title, offsetMinutes: 0, teamRole: 'OPERATOR', position: 0 }, 'checklistTemplateItem { id }'),
      ),
    );
    const items = await template(owner.token);
    expect(items.map((item) => item.position)).toEqual([...Array(11).keys()]);
    expect(items.slice(5).map((item) => item.title)).toEqual(DEFAULT.map(([title]) => title));
  });

  it('updates only the given fields of an item', async () => {
    const owner = await signUpOrg(t);
    const rehearsal = (await template(owner.token))[4];
    const { checklistTemplateItem } = await mutate(
      t,
      owner.token,
      'updateChecklistTemplateItem',
      { id: rehearsal.id, offsetMinutes: -120 },
      `checklistTemplateItem { ${ITEM} }`,
    );
    expect(checklistTemplateItem).toMatchObject({ title: '彩排', teamRole: 'HOST', offsetMinutes: -120, offsetLabel: 'T-2h', position: 4 });
  });

  it('deletes an item and closes the gap', async () => {
    const owner = await signUpOrg(t);
    const visuals = (await template(owner.token))[2];
    const result = await mutate(t, owner.token, 'deleteChecklistTemplateItem', { id: visuals.id }, 'deletedId checklistTemplate { title position }');
    expect(result.deletedId).toBe(visuals.id);
    expect(result.checklistTemplate.map((item: any) => [item.title, item.position])).toEqual([
      ['确定主题和排品', 0],
      ['确认库存、价格和发货', 1],
      ['预热发布', 2],
      ['彩排', 3],
      ['复盘', 4],
    ]);
  });

  it('reorders the template when every item is listed once', async () => {
    const owner = await signUpOrg(t);
    const ids = (await template(owner.token)).map((item) => item.id);
    const reversed = [...ids].reverse();
    const { checklistTemplate } = await mutate(t, owner.token, 'reorderChecklistTemplate', { itemIds: reversed }, 'checklistTemplate { id position }');
    expect(checklistTemplate).toEqual(reversed.map((id, position) => ({ id, position })));
    expect((await template(owner.token)).map((item) => item.id)).toEqual(reversed);

    const missing = await mutateResult(t, owner.token, 'reorderChecklistTemplate', { itemIds: reversed.slice(1) }, 'checklistTemplate { id }');
    expect(missing.__typename).toBe('ValidationError');
    expect(missing.issues[0].path).toEqual(['input', 'itemIds']);
    const repeated = await mutateResult(t, owner.token, 'reorderChecklistTemplate', { itemIds: [...reversed.slice(1), reversed[1]] }, 'checklistTemplate { id }');
    expect(repeated.__typename).toBe('ValidationError');
    expect(repeated.issues[0].path).toEqual(['input', 'itemIds']);
    expect((await template(owner.token)).map((item) => item.id)).toEqual(reversed);
  });

  it('resets the template to the default once confirmed', async () => {
    const owner = await signUpOrg(t);
    const items = await template(owner.token);
    await mutate(t, owner.token, 'deleteChecklistTemplateItem', { id: items[0].id }, 'deletedId');
    await mutate(t, owner.token, 'createChecklistTemplateItem', { title: 'extra', offsetMinutes: 0, teamRole: 'OPERATOR' }, 'checklistTemplateItem { id }');
    const unconfirmed = await mutateResult(t, owner.token, 'resetChecklistTemplate', { confirm: false }, 'checklistTemplate { id }');
    expect(unconfirmed.__typename).toBe('ValidationError');
    expect(unconfirmed.issues[0].path).toEqual(['input', 'confirm']);
    expect((await template(owner.token)).at(-1).title).toBe('extra');
    const { checklistTemplate } = await mutate(t, owner.token, 'resetChecklistTemplate', { confirm: true }, `checklistTemplate { ${ITEM} }`);
    expect(summary(checklistTemplate)).toEqual(DEFAULT);
    expect(summary(await template(owner.token))).toEqual(DEFAULT);
  });

  it('lets analysts and hosts read the template but not change it', async () => {
    const owner = await signUpOrg(t);
    const [first, ...rest] = await template(owner.token);
    for (const role of ['ANALYST', 'HOST'] as const) {
      const member = await addMember(t, owner, role);
      expect(summary(await template(member.token))).toEqual(DEFAULT);
      const attempts = [
        await mutateResult(t, member.token, 'createChecklistTemplateItem', { title: 'x', offsetMinutes: 0, teamRole: 'HOST' }, 'checklistTemplateItem { id }'),
        await mutateResult(t, member.token, 'updateChecklistTemplateItem', { id: first.id, title: 'x' }, 'checklistTemplateItem { id }'),
        await mutateResult(t, member.token, 'deleteChecklistTemplateItem', { id: first.id }, 'deletedId'),
        await mutateResult(t, member.token, 'reorderChecklistTemplate', { itemIds: [...rest, first].map((item) => item.id) }, 'checklistTemplate { id }'),
        await mutateResult(t, member.token, 'resetChecklistTemplate', { confirm: true }, 'checklistTemplate { id }'),
      ];
      expect(attempts.map((result) => result.__typename), role).toEqual(Array(5).fill('ForbiddenError'));
    }
    const operator = await addMember(t, owner, 'OPERATOR');
    await mutate(t, operator.token, 'updateChecklistTemplateItem', { id: first.id, title: '定主题' }, 'checklistTemplateItem { id }');
    expect((await template(owner.token))[0].title).toBe('定主题');
  });

  it('keeps each organization’s template to itself', async () => {
    const owner = await signUpOrg(t);
    const stranger = await signUpOrg(t);
    const [mine] = await template(owner.token);
    const update = await mutateResult(t, stranger.token, 'updateChecklistTemplateItem', { id: mine.id, title: 'stolen' }, 'checklistTemplateItem { id }');
    expect(update.__typename).toBe('NotFoundError');
    const remove = await mutateResult(t, stranger.token, 'deleteChecklistTemplateItem', { id: mine.id }, 'deletedId');
    expect(remove.__typename).toBe('NotFoundError');
    const theirs = (await template(stranger.token)).map((item) => item.id);
    const reorder = await mutateResult(t, stranger.token, 'reorderChecklistTemplate', { itemIds: [mine.id, ...theirs.slice(1)] }, 'checklistTemplate { id }');
    expect(reorder.__typename).toBe('NotFoundError');
    await mutate(t, stranger.token, 'resetChecklistTemplate', { confirm: true }, 'checklistTemplate { id }');
    expect((await template(owner.token))[0]).toEqual(mine);
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: mine.id }, stranger.token);
    expect(node.node).toBeNull();
  });
});
