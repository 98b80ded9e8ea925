import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const POST = 'id channel plannedAt status link content session { id }';

const futureStart = (days: number) => new Date(Math.ceil((Date.now() + days * DAY) / MINUTE) * MINUTE);
const plus = (date: Date, minutes: number) => new Date(date.getTime() + minutes * MINUTE).toISOString();

describe('warm-up posts', () => {
  let t: TestApp;
  let owner: SignedIn;
  let start: Date;
  let sessionId: string;

  const createSession = async (token: string, at: Date) =>
    (
      await mutate(
        t,
        token,
        'createSession',
        { title: '年货节', platform: 'DOUYIN', scheduledStart: at.toISOString(), scheduledEnd: plus(at, 120) },
        'session { id }',
      )
    ).session.id as string;
  const createPost = async (input: Record<string, unknown>, token = owner.token) =>
    (await mutate(t, token, 'createWarmUpPost', { sessionId, channel: 'WEIBO', plannedAt: plus(start, -1440), ...input }, `warmUpPost { ${POST} }`)).warmUpPost;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
    start = futureStart(7);
    sessionId = await createSession(owner.token, start);
  });
  afterAll(() => t.close());

  it('plans a warm-up post for a session', async () => {
    const post = await createPost({ channel: 'XIAOHONGSHU', content: '明晚8点，年货节直播间见', plannedAt: plus(start, -120) });
    expect(post).toMatchObject({ channel: 'XIAOHONGSHU', plannedAt: plus(start, -120), status: 'PLANNED', link: null, content: '明晚8点，年货节直播间见', session: { id: sessionId } });
  });

  it('refuses a post planned after the session ends, on input.plannedAt', async () => {
    const late = await mutateResult(t, owner.token, 'createWarmUpPost', { sessionId, channel: 'WEIBO', plannedAt: plus(start, 120) }, 'warmUpPost { id }');
    expect(late.__typename).toBe('ValidationError');
    expect(late.issues).toEqual([{ path: ['input', 'plannedAt'], message: expect.stringContaining('before the session ends') }]);
    const during = await createPost({ plannedAt: plus(start, 119) });
    const moved = await mutateResult(t, owner.token, 'updateWarmUpPost', { id: during.id, plannedAt: plus(start, 300) }, 'warmUpPost { id }');
    expect(moved.__typename).toBe('ValidationError');
    expect(moved.issues[0].path).toEqual(['input', 'plannedAt']);
  });

  it('reports invalid links and content with their field paths', async () => {
    const result = await mutateResult(
      t,
      owner.token,
      'createWarmUpPost',
      { sessionId, channel: 'WECHAT', plannedAt: plus(start, -60), link: 'javascript:alert(1)', content: 'x'.repeat(5001) },
      'warmUpPost { id }',
    );
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues.map((issue: any) => issue.path.join('.')).sort()).toEqual(['input.content', 'input.link']);
  });

  it('publishes a post only with an http(s) link', async () => {
    const post = await createPost({});
    const withoutLink = await mutateResult(t, owner.token, 'updateWarmUpPost', { id: post.id, status: 'PUBLISHED' }, 'warmUpPost { id }');
    expect(withoutLink.__typename).toBe('ValidationError');
    expect(withoutLink.issues[0].path).toEqual(['input', 'link']);
    const badLink = await mutateResult(t, owner.token, 'updateWarmUpPost', { id: post.id, status: 'PUBLISHED', link: 'ftp://weibo.com/x' }, 'warmUpPost { id }');
    expect(badLink.__typename).toBe('ValidationError');
    expect(badLink.issues[0].path).toEqual(['input', 'link']);
    const published = await mutate(t, owner.token, 'updateWarmUpPost', { id: post.id, status: 'PUBLISHED', link: 'https://weibo.com/123/Abc' }, `warmUpPost { ${POST} }`);
    expect(published.warmUpPost).toMatchObject({ status: 'PUBLISHED', link: 'https://weibo.com/123/Abc' });
    const unlinked = await mutateResult(t, owner.token, 'updateWarmUpPost', { id: post.id, link: null }, 'warmUpPost { id }');
    expect(unlinked.__typename).toBe('ValidationError');
    expect(unlinked.issues[0].path).toEqual(['input', 'link']);
  });

  it('updates only the given fields', async () => {
    const post = await createPost({ content: 'keep', link: 'https://www.douyin.com/video/1' });
    const { warmUpPost } = await mutate(t, owner.token, 'updateWarmUpPost', { id: post.id, channel: 'DOUYIN' }, `warmUpPost { ${POST} }`);
    expect(warmUpPost).toMatchObject({ channel: 'DOUYIN', content: 'keep', link: 'https://www.douyin.com/video/1', plannedAt: post.plannedAt, status: 'PLANNED' });
  });

  it('deletes a post', async () => {
    const post = await createPost({});
    const result = await mutate(t, owner.token, 'deleteWarmUpPost', { id: post.id }, 'deletedId');
    expect(result.deletedId).toBe(post.id);
    const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: post.id }, owner.token);
    expect(node.node).toBeNull();
  });

  it('lets analysts and hosts read warm-up posts but not plan them', async () => {
    const post = await createPost({ content: 'visible' });
    for (const role of ['ANALYST', 'HOST'] as const) {
      const member = await addMember(t, owner, role);
      const attempts = [
        await mutateResult(t, member.token, 'createWarmUpPost', { sessionId, channel: 'WEIBO', plannedAt: plus(start, -60) }, 'warmUpPost { id }'),
        await mutateResult(t, member.token, 'updateWarmUpPost', { id: post.id, content: 'changed' }, 'warmUpPost { id }'),
        await mutateResult(t, member.token, 'deleteWarmUpPost', { id: post.id }, 'deletedId'),
      ];
      expect(attempts.map((result) => result.__typename), role).toEqual(['ForbiddenError', 'ForbiddenError', 'ForbiddenError']);
      const list = await t.gql('{ warmUpPosts(first: 100) { edges { node { id content } } } }', {}, member.token);
      expect(list.warmUpPosts.edges.map((edge: any) => edge.node)).toContainEqual({ id: post.id, content: 'visible' });
    }
  });

  it('treats another organization’s sessions and posts as unknown', async () => {
    const stranger = await signUpOrg(t);
    const theirSession = await createSession(stranger.token, futureStart(8));
    const onTheirs = await mutateResult(t, owner.token, 'createWarmUpPost', { sessionId: theirSession, channel: 'WEIBO', plannedAt: plus(start, -60) }, 'warmUpPost { id }');
    expect(onTheirs).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const post = await createPost({});
    const update = await mutateResult(t, stranger.token, 'updateWarmUpPost', { id: post.id, content: 'stolen' }, 'warmUpPost { id }');
    expect(update.__typename).toBe('NotFoundError');
    const remove = await mutateResult(t, stranger.token, 'deleteWarmUpPost', { id: post.id }, 'deletedId');
    expect(remove.__typename).toBe('NotFoundError');
    const list = await t.gql('query($id: ID!) { warmUpPosts(filter: { sessionId: $id }) { totalCount } }', { id: sessionId }, stranger.token);
    expect(list.warmUpPosts.totalCount).toBe(0);
  });

  it('filters and orders warm-up posts', async () => {
    const org = await signUpOrg(t);
    const first = futureStart(5);
    const second = futureStart(6);
    const [a, b] = [await createSession(org.token, first), await createSession(org.token, second)];
    const make = async (session: string, channel: string, plannedAt: string, link?: string) =>
      (await mutate(t, org.token, 'createWarmUpPost', { sessionId: session, channel, plannedAt, ...(link ? { link } : {}) }, 'warmUpPost { id }')).warmUpPost.id;
    const weiboA = await make(a, 'WEIBO', plus(first, -1440));
    const douyinA = await make(a, 'DOUYIN', plus(first, -60), 'https://www.douyin.com/video/2');
    const weiboB = await make(b, 'WEIBO', plus(second, -30));
    await mutate(t, org.token, 'updateWarmUpPost', { id: douyinA, status: 'PUBLISHED' }, 'warmUpPost { id }');
    const ids = async (args: string, variables: Record<string, string> = {}) => {
      const declared = Object.keys(variables).map((name) => `$${name}: ${name === 'session' ? 'ID' : 'DateTime'}`);
      const query = `query${declared.length ? `(${declared.join(', ')})` : ''} { warmUpPosts(${args}) { edges { node { id } } } }`;
      return (await t.gql(query, variables, org.token)).warmUpPosts.edges.map((edge: any) => edge.node.id);
    };

    expect(await ids('first: 10')).toEqual([weiboA, douyinA, weiboB]);
    expect(await ids('orderBy: { field: PLANNED_AT, direction: DESC }')).toEqual([weiboB, douyinA, weiboA]);
    expect(await ids('filter: { sessionId: $session }', { session: a })).toEqual([weiboA, douyinA]);
    expect(await ids('filter: { channel: WEIBO }')).toEqual([weiboA, weiboB]);
    expect(await ids('filter: { status: PUBLISHED }')).toEqual([douyinA]);
    expect(await ids('filter: { plannedAfter: $after, plannedBefore: $before }', { after: plus(first, -60), before: plus(second, -30) })).toEqual([douyinA]);

    const session = await t.gql('query($id: ID!) { node(id: $id) { ... on LiveSession { warmUpPosts { id } } } }', { id: a }, org.token);
    expect(session.node.warmUpPosts.map((post: any) => post.id)).toEqual([weiboA, douyinA]);
  });
});
