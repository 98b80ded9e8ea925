import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const CHECKLIST_TASK = 'id title teamRole dueAt status fromTemplate completedAt session { id }';
const DEFAULT_OFFSETS = [-10080, -4320, -2880, -1440, -180, 1440];

/** A start well in the future, on a whole minute, so due dates compare exactly. */
const futureStart = (days: number) => new Date(Math.ceil((Date.now() + days * DAY) / MINUTE) * MINUTE);
const plus = (date: Date, minutes: number) => new Date(date.getTime() + minutes * MINUTE).toISOString();

describe('the session checklist', () => {
  let t: TestApp;
  let owner: SignedIn;

  const createSession = async (start: Date, token = owner.token, title = '秋冬上新专场') =>
    (
      await mutate(
        t,
        token,
        'createSession',
        { title, platform: 'DOUYIN', scheduledStart: start.toISOString(), scheduledEnd: plus(start, 180) },
        'session { id }',
      )
    ).session.id as string;
  const schedule = (id: string, token = owner.token) => mutate(t, token, 'scheduleSession', { id }, 'session { id }');
  const checklist = async (id: string, token = owner.token) =>
    (await t.gql(`query($id: ID!) { node(id: $id) { ... on LiveSession { checklist { ${CHECKLIST_TASK} } } } }`, { id }, token)).node.checklist as any[];

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('creates one task per template line when a session is scheduled, due relative to its start', async () => {
    const start = futureStart(10);
    const id = await createSession(start);
    expect(await checklist(id)).toEqual([]);
    await schedule(id);
    const tasks = await checklist(id);
    expect(tasks.map((task) => [task.title, task.teamRole])).toEqual([
      ['确定主题和排品', 'OPERATOR'],
      ['确认库存、价格和发货', 'PRODUCT_MANAGER'],
      ['视觉物料', 'DESIGNER'],
      ['预热发布', 'OPERATOR'],
      ['彩排', 'HOST'],
      ['复盘', 'OPERATOR'],
    ]);
    expect(tasks.map((task) => task.dueAt)).toEqual(DEFAULT_OFFSETS.map((offset) => plus(start, offset)));
    expect(tasks.every((task) => task.status === 'TODO' && task.fromTemplate && task.session.id === id)).toBe(true);
    const board = await t.gql('query($id: ID!) { tasks(filter: { sessionId: $id }) { totalCount } }', { id }, owner.token);
    expect(board.tasks.totalCount).toBe(6);
  });

  it('builds checklists from the organization’s edited template', async () => {
    const org = await signUpOrg(t);
    const template = (await t.gql('{ checklistTemplate { id title } }', {}, org.token)).checklistTemplate;
    await mutate(t, org.token, 'deleteChecklistTemplateItem', { id: template[2].id }, 'deletedId');
    await mutate(t, org.token, 'updateChecklistTemplateItem', { id: template[4].id, offsetMinutes: -60 }, 'checklistTemplateItem { id }');
    await mutate(t, org.token, 'createChecklistTemplateItem', { title: '开播前客服排班', offsetMinutes: -30, teamRole: 'CUSTOMER_SERVICE' }, 'checklistTemplateItem { id }');
    const start = futureStart(9);
    const id = await createSession(start, org.token);
    await schedule(id, org.token);
    const tasks = await checklist(id, org.token);
    expect(tasks.map((task) => [task.title, task.dueAt])).toEqual([
      ['确定主题和排品', plus(start, -10080)],
      ['确认库存、价格和发货', plus(start, -4320)],
      ['预热发布', plus(start, -1440)],
      ['彩排', plus(start, -60)],
      ['开播前客服排班', plus(start, -30)],
      ['复盘', plus(start, 1440)],
    ]);
  });

  it('never duplicates the checklist when a session is scheduled again', async () => {
    const start = futureStart(11);
    const id = await createSession(start);
    await schedule(id);
    const first = await checklist(id);
    const again = await mutateResult(t, owner.token, 'scheduleSession', { id }, 'session { id }');
    expect(again.__typename).toBe('ConflictError');
    // The API cannot schedule twice, so replay the event the way a second scheduling would emit it.
    const later = futureStart(12);
    await t.app.orm.em.fork().transactional((em) =>
      t.app.services.events.emit(
        'session.scheduled',
        { organizationId: decodeGlobalID(owner.organizationId).id, sessionId: decodeGlobalID(id).id, scheduledStart: later },
        { em },
      ),
    );
    const second = await checklist(id);
    expect(second.map((task) => task.id)).toEqual(first.map((task) => task.id));
    expect(second.map((task) => task.dueAt)).toEqual(DEFAULT_OFFSETS.map((offset) => plus(later, offset)));
  });

  it('moves unfinished checklist tasks with a rescheduled session and keeps manual due-date edits', async () => {
    const start = futureStart(14);
    const id = await createSession(start);
    await schedule(id);
    const [theme, stock, visuals] = await checklist(id);
    await mutate(t, owner.token, 'updateTask', { id: theme.id, status: 'DONE' }, 'task { id }');
    // The designer gets two extra hours: the task stays 2 hours later than the template says.
    await mutate(t, owner.token, 'updateTask', { id: visuals.id, dueAt: plus(start, -2880 + 120) }, 'task { id }');
    const { task: handMade } = await mutate(
      t,
      owner.token,
      'createTask',
      { title: '样品寄给主播', teamRole: 'PRODUCT_MANAGER', sessionId: id, dueAt: plus(start, -5000) },
      'task { id }',
    );

    const moved = new Date(start.getTime() + DAY + 30 * MINUTE);
    await mutate(t, owner.token, 'updateSession', { id, scheduledStart: moved.toISOString(), scheduledEnd: plus(moved, 180) }, 'session { id }');

    const dueAt = new Map((await checklist(id)).map((task) => [task.id, task.dueAt]));
    expect(dueAt.get(theme.id)).toBe(theme.dueAt);
    expect(dueAt.get(stock.id)).toBe(plus(moved, -4320));
    expect(dueAt.get(visuals.id)).toBe(plus(moved, -2880 + 120));
    expect(dueAt.get(handMade.id)).toBe(plus(start, -5000));
  });

  it('cancels the open tasks and planned warm-up posts of a cancelled session, and nothing else', async () => {
    const start = futureStart(15);
    const id = await createSession(start);
    await schedule(id);
    const [done, blocked, inProgress] = await checklist(id);
    await mutate(t, owner.token, 'updateTask', { id: done.id, status: 'DONE' }, 'task { id }');
    await mutate(t, owner.token, 'updateTask', { id: blocked.id, status: 'BLOCKED' }, 'task { id }');
    await mutate(t, owner.token, 'updateTask', { id: inProgress.id, status: 'IN_PROGRESS' }, 'task { id }');
    await mutate(t, owner.token, 'createTask', { title: 'hand-made', teamRole: 'OPERATOR', sessionId: id }, 'task { id }');
    const post = async (input: Record<string, unknown>) =>
      (await mutate(t, owner.token, 'createWarmUpPost', { sessionId: id, channel: 'WEIBO', plannedAt: plus(start, -600), ...input }, 'warmUpPost { id }')).warmUpPost.id;
    const planned = await post({});
    const published = await post({ link: 'https://weibo.com/1/abc' });
    await mutate(t, owner.token, 'updateWarmUpPost', { id: published, status: 'PUBLISHED' }, 'warmUpPost { id }');
    const other = await createSession(futureStart(16));
    await schedule(other);

    await mutate(t, owner.token, 'cancelSession', { id, reason: '主播生病' }, 'session { id }');

    const statuses = new Map((await checklist(id)).map((task) => [task.title, task.status]));
    expect(statuses.get(done.title)).toBe('DONE');
    expect([...statuses].filter(([title]) => title !== done.title).every(([, status]) => status === 'CANCELLED')).toBe(true);
    expect(statuses.size).toBe(7);
    const posts = await t.gql(
      'query($id: ID!) { node(id: $id) { ... on LiveSession { warmUpPosts { id status } } } }',
      { id },
      owner.token,
    );
    expect(new Map(posts.node.warmUpPosts.map((p: any) => [p.id, p.status]))).toEqual(new Map([[planned, 'CANCELLED'], [published, 'PUBLISHED']]));
    expect((await checklist(other)).every((task) => task.status === 'TODO')).toBe(true);
  });

  it('links tasks only to sessions of the organization', async () => {
    const id = await createSession(futureStart(17));
    const { task } = await mutate(t, owner.token, 'createTask', { title: '直播间布景', teamRole: 'DESIGNER', sessionId: id }, 'task { fromTemplate session { id } }');
    expect(task).toEqual({ fromTemplate: false, session: { id } });
    const stranger = await signUpOrg(t);
    const theirs = await createSession(futureStart(17), stranger.token);
    const refused = await mutateResult(t, owner.token, 'createTask', { title: 'x', teamRole: 'DESIGNER', sessionId: theirs }, 'task { id }');
    expect(refused).toMatchObject({ __typename: 'NotFoundError' });
    const { task: mine } = await mutate(t, owner.token, 'createTask', { title: 'movable', teamRole: 'DESIGNER' }, 'task { id }');
    const moved = await mutateResult(t, owner.token, 'updateTask', { id: mine.id, sessionId: theirs }, 'task { id }');
    expect(moved.__typename).toBe('NotFoundError');
    expect((await checklist(theirs, stranger.token)).length).toBe(0);
  });

  it('loads the checklists and warm-up posts of many sessions in a fixed number of statements', async () => {
    const org = await signUpOrg(t);
    for (const days of [20, 21, 22]) {
      const start = futureStart(days);
      const id = await createSession(start, org.token, `session ${days}`);
      await schedule(id, org.token);
      await mutate(t, org.token, 'createWarmUpPost', { sessionId: id, channel: 'DOUYIN', plannedAt: plus(start, -60) }, 'warmUpPost { id }');
    }
    const query = (first: number) => `{ liveSessions(first: ${first}) { edges { node { id
      checklist { title assignee { id } session { id } } warmUpPosts { channel session { id } } } } } }`;
    t.sql.reset();
    await t.gql(query(1), {}, org.token);
    const forOne = t.sql.statements.length;
    t.sql.reset();
    const all = await t.gql(query(3), {}, org.token);
    expect(t.sql.statements.length).toBe(forOne);
    for (const { node } of all.liveSessions.edges) {
      expect(node.checklist).toHaveLength(6);
      expect(node.checklist.every((task: any) => task.session.id === node.id)).toBe(true);
      expect(node.warmUpPosts).toEqual([{ channel: 'DOUYIN', session: { id: node.id } }]);
    }
  });
});
