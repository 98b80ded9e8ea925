import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';

const TASK = 'id title description teamRole status dueAt overdue fromTemplate completedAt assignee { id } campaign { id } session { id }';
const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe('tasks', () => {
  let t: TestApp;
  let owner: SignedIn;
  let host: SignedIn;
  let analyst: SignedIn;
  let campaignId: string;

  const createTask = async (input: Record<string, unknown>, token = owner.token) =>
    (await mutate(t, token, 'createTask', { teamRole: 'OPERATOR', ...input }, `task { ${TASK} }`)).task;
  const createCampaign = async (token: string, name: string) =>
    (
      await mutate(t, token, 'createCampaign', { name, theme: 'BRAND_DAY', startsAt: at(-24 * HOUR), endsAt: at(30 * 24 * HOUR) }, 'campaign { id }')
    ).campaign.id as string;
  const board = async (filter: Record<string, unknown>, extra = '') =>
    (
      await t.gql(
        `query($filter: TaskFilter) { tasks(first: 100, filter: $filter${extra}) { totalCount edges { node { title } } } }`,
        { filter },
        owner.token,
      )
    ).tasks;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    host = await addMember(t, owner, 'HOST');
    analyst = await addMember(t, owner, 'ANALYST');
    campaignId = await createCampaign(owner.token, '双11 预售');
  });
  afterAll(() => t.close());

  it('creates a task for a team role with an assignee, a due time and a campaign', async () => {
    const dueAt = at(48 * HOUR);
    const task = await createTask({ title: '准备主图', description: 'Cover and banners', teamRole: 'DESIGNER', assigneeId: host.memberId, dueAt, campaignId });
    expect(task).toMatchObject({
      title: '准备主图',
      description: 'Cover and banners',
      teamRole: 'DESIGNER',
      status: 'TODO',
      dueAt: new Date(dueAt).toISOString(),
      overdue: false,
      fromTemplate: false,
      completedAt: null,
      assignee: { id: host.memberId },
      campaign: { id: campaignId },
      session: null,
    });
  });

  it('reports each invalid field with its path and keeps nothing', async () => {
    const result = await mutateResult(t, owner.token, 'createTask', { title: '  ', description: 'x'.repeat(5001), teamRole: 'HOST' }, 'task { id }');
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues.map((issue: { path: string[] }) => issue.path.join('.'))).toEqual(['input.title', 'input.description']);
    expect((await board({ teamRole: ['HOST'] })).totalCount).toBe(0);
  });

  it('treats an assignee or campaign of another organization as unknown', async () => {
    const stranger = await signUpOrg(t);
    const strangerCampaign = await createCampaign(stranger.token, 'theirs');
    const assignee = await mutateResult(t, owner.token, 'createTask', { title: 'x', teamRole: 'OPERATOR', assigneeId: stranger.memberId }, 'task { id }');
    expect(assignee).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const campaign = await mutateResult(t, owner.token, 'createTask', { title: 'x', teamRole: 'OPERATOR', campaignId: strangerCampaign }, 'task { id }');
    expect(campaign.__typename).toBe('NotFoundError');
    const malformed = await mutateResult(t, owner.token, 'createTask', { title: 'x', teamRole: 'OPERATOR', sessionId: 'not-an-id' }, 'task { id }');
    expect(malformed.__typename).toBe('NotFoundError');
  });

  it('updates only the given fields and clears nullable ones given as null', async () => {
    const task = await createTask({ title: 'before', description: 'keep me', assigneeId: host.memberId, dueAt: at(HOUR), campaignId });
    const { task: updated } = await mutate(t, owner.token, 'updateTask', { id: task.id, title: 'after', assigneeId: null, dueAt: null }, `task { ${TASK} }`);
    expect(updated).toMatchObject({ title: 'after', description: 'keep me', assignee: null, dueAt: null, campaign: { id: campaignId } });
    const invalid = await mutateResult(t, owner.token, 'updateTask', { id: task.id, title: null }, 'task { id }');
    expect(invalid.__typename).toBe('ValidationError');
    expect(invalid.issues[0].path).toEqual(['input', 'title']);
  });

  it('stamps completedAt when a task is done and clears it when the task is reopened', async () => {
    const task = await createTask({ title: 'confirm stock' });
    const done = (await mutate(t, owner.token, 'updateTask', { id: task.id, status: 'DONE' }, `task { ${TASK} }`)).task;
    expect(done.status).toBe('DONE');
    expect(Date.now() - Date.parse(done.completedAt)).toBeLessThan(60_000);
    const again = (await mutate(t, owner.token, 'updateTask', { id: task.id, status: 'DONE', title: 'confirm stock!' }, `task { ${TASK} }`)).task;
    expect(again.completedAt).toBe(done.completedAt);
    const reopened = (await mutate(t, owner.token, 'updateTask', { id: task.id, status: 'IN_PROGRESS' }, `task { ${TASK} }`)).task;
    expect(reopened).toMatchObject({ status: 'IN_PROGRESS', completedAt: null });
    const createdDone = await createTask({ title: 'already done', status: 'DONE' });
    expect(createdDone.completedAt).not.toBeNull();
  });

  it('lets an analyst read tasks but not create, update or delete them', async () => {
    const task = await createTask({ title: 'analyst can see me' });
    const create = await mutateResult(t, analyst.token, 'createTask', { title: 'x', teamRole: 'OPERATOR' }, 'task { id }');
    expect(create.__typename).toBe('ForbiddenError');
    const update = await mutateResult(t, analyst.token, 'updateTask', { id: task.id, status: 'DONE' }, 'task { id }');
    expect(update.__typename).toBe('ForbiddenError');
    const remove = await mutateResult(t, analyst.token, 'deleteTask', { id: task.id }, 'deletedId');
    expect(remove.__typename).toBe('ForbiddenError');
    const seen = await t.gql('{ tasks(first: 100) { edges { node { id } } } }', {}, analyst.token);
    expect(seen.tasks.edges.map((edge: any) => edge.node.id)).toContain(task.id);
  });

  it('lets a host move the status of a task assigned to them, and nothing else', async () => {
    const mine = await createTask({ title: '彩排', teamRole: 'HOST', assigneeId: host.memberId });
    const notMine = await createTask({ title: 'someone else’s', teamRole: 'HOST' });
    const moved = await mutate(t, host.token, 'updateTask', { id: mine.id, status: 'IN_PROGRESS' }, 'task { status }');
    expect(moved.task.status).toBe('IN_PROGRESS');
    const retitle = await mutateResult(t, host.token, 'updateTask', { id: mine.id, status: 'DONE', title: 'renamed' }, 'task { id }');
    expect(retitle.__typename).toBe('ForbiddenError');
    const others = await mutateResult(t, host.token, 'updateTask', { id: notMine.id, status: 'DONE' }, 'task { id }');
    expect(others.__typename).toBe('ForbiddenError');
    const create = await mutateResult(t, host.token, 'createTask', { title: 'x', teamRole: 'HOST' }, 'task { id }');
    expect(create.__typename).toBe('ForbiddenError');
    const remove = await mutateResult(t, host.token, 'deleteTask', { id: mine.id }, 'deletedId');
    expect(remove.__typename).toBe('ForbiddenError');
    const node = await t.gql('query($id: ID!) { node(id: $id) { ... on Task { status title } } }', { id: notMine.id }, owner.token);
    expect(node.node).toEqual({ status: 'TODO', title: 'someone else’s' });
  });

  it('treats another organization’s task id as unknown', async () => {
    const task = await createTask({ title: 'private' });
    const stranger = await signUpOrg(t);
    const update = await mutateResult(t, stranger.token, 'updateTask', { id: task.id, title: 'stolen' }, 'task { id }');
    expect(update.__typename).toBe('NotFoundError');
    const remove = await mutateResult(t, stranger.token, 'deleteTask', { id: task.id }, 'deletedId');
    expect(remove.__typename).toBe('NotFoundError');
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: task.id }, stranger.token);
    expect(node.node).toBeNull();
    const board = await t.gql('{ tasks { totalCount } }', {}, stranger.token);
    expect(board.tasks.totalCount).toBe(0);
  });

  it('deletes a task', async () => {
    const task = await createTask({ title: 'to delete' });
    const result = await mutate(t, owner.token, 'deleteTask', { id: task.id }, 'deletedId');
    expect(result.deletedId).toBe(task.id);
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: task.id }, owner.token);
    expect(node.node).toBeNull();
  });

  it('filters the board by status, team role, assignee, campaign, due window and overdue', async () => {
    const other = await signUpOrg(t);
    const org = { token: other.token };
    const make = (title: string, input: Record<string, unknown>) => createTask({ title, ...input }, org.token);
    const theirHost = await addMember(t, other, 'HOST');
    const theirCampaign = await createCampaign(other.token, 'filters');
    await make('late', { dueAt: at(-2 * HOUR), teamRole: 'PRODUCT_MANAGER' });
    await make('late but done', { dueAt: at(-2 * HOUR), status: 'DONE' });
    await make('soon', { dueAt: at(2 * HOUR), assigneeId: theirHost.memberId, teamRole: 'HOST' });
    await make('later', { dueAt: at(48 * HOUR), campaignId: theirCampaign, status: 'BLOCKED' });
    await make('whenever', {});
    const titles = async (filter: Record<string, unknown>) =>
      (
        await t.gql('query($filter: TaskFilter) { tasks(first: 100, filter: $filter) { edges { node { title } } } }', { filter }, org.token)
      ).tasks.edges.map((edge: any) => edge.node.title);

    expect(await titles({ overdue: true })).toEqual(['late']);
    expect(await titles({ overdue: false })).toEqual(['late but done', 'soon', 'later', 'whenever']);
    expect(await titles({ status: ['DONE', 'BLOCKED'] })).toEqual(['late but done', 'later']);
    expect(await titles({ teamRole: ['HOST', 'PRODUCT_MANAGER'] })).toEqual(['late', 'soon']);
    expect(await titles({ assigneeId: theirHost.memberId })).toEqual(['soon']);
    expect(await titles({ campaignId: theirCampaign })).toEqual(['later']);
    expect(await titles({ dueAfter: at(-HOUR), dueBefore: at(24 * HOUR) })).toEqual(['soon']);
    // Ids of other organizations match nothing.
    expect(await titles({ campaignId })).toEqual([]);
  });

  it('orders and pages the board', async () => {
    const other = await signUpOrg(t);
    for (const [title, hours] of [['b', 3], ['c', 1], ['a', 2]] as const) {
      await createTask({ title, dueAt: at(hours * HOUR) }, other.token);
    }
    const query = `query($after: String, $field: TaskOrderField!) { tasks(first: 2, after: $after, orderBy: { field: $field, direction: DESC }) {
      totalCount edges { node { title } } pageInfo { hasNextPage endCursor } } }`;
    const first = await t.gql(query, { field: 'DUE_AT' }, other.token);
    expect(first.tasks.totalCount).toBe(3);
    expect(first.tasks.edges.map((edge: any) => edge.node.title)).toEqual(['b', 'a']);
    const second = await t.gql(query, { field: 'DUE_AT', after: first.tasks.pageInfo.endCursor }, other.token);
    expect(second.tasks.edges.map((edge: any) => edge.node.title)).toEqual(['c']);
    expect(second.tasks.pageInfo.hasNextPage).toBe(false);
    const byTitle = await t.gql(query, { field: 'TITLE' }, other.token);
    expect(byTitle.tasks.edges.map((edge: any) => edge.node.title)).toEqual(['c', 'b']);
  });

  it('pages each campaign’s tasks in a fixed number of statements, however many campaigns are listed', async () => {
    const other = await signUpOrg(t);
    const campaigns: string[] = [];
    for (const [index, name] of ['one', 'two', 'three'].entries()) {
      const id = await createCampaign(other.token, name);
      campaigns.push(id);
      for (let n = 0; n <= index; n += 1) {
        await createTask({ title: `${name}-${n}`, dueAt: at((n + 1) * HOUR), campaignId: id, status: n === 1 ? 'DONE' : 'TODO' }, other.token);
      }
    }
    await createTask({ title: 'no campaign' }, other.token);
    const query = (first: number, tasks: string) => `{ campaigns(first: ${first}, orderBy: { field: CREATED_AT }) { edges { node { id
      tasks${tasks} { totalCount edges { node { title campaign { id } } } pageInfo { hasNextPage hasPreviousPage } } } } } }`;

    t.sql.reset();
    await t.gql(query(1, '(first: 2)'), {}, other.token);
    const oneCampaign = t.sql.statements.length;
    t.sql.reset();
    const all = await t.gql(query(3, '(first: 2)'), {}, other.token);
    expect(t.sql.statements.length).toBe(oneCampaign);

    const pages = all.campaigns.edges.map((edge: any) => edge.node.tasks);
    expect(pages.map((page: any) => page.totalCount)).toEqual([1, 2, 3]);
    expect(pages.map((page: any) => page.edges.map((edge: any) => edge.node.title))).toEqual([['one-0'], ['two-0', 'two-1'], ['three-0', 'three-1']]);
    expect(pages.map((page: any) => page.pageInfo.hasNextPage)).toEqual([false, false, true]);
    expect(pages[2].edges.every((edge: any) => edge.node.campaign.id === campaigns[2])).toBe(true);

    const last = await t.gql(query(3, '(last: 1, filter: { status: [TODO] }, orderBy: { field: TITLE })'), {}, other.token);
    expect(last.campaigns.edges.map((edge: any) => edge.node.tasks.edges.map((e: any) => e.node.title))).toEqual([['one-0'], ['two-0'], ['three-2']]);
    expect(last.campaigns.edges.map((edge: any) => edge.node.tasks.pageInfo.hasPreviousPage)).toEqual([false, false, true]);
  });
});
