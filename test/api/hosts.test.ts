import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';

const HOST = `id name avatarUrl totalFollowers styleTags audienceTags languages costPerHour { amount currency }
  platformAccounts { platform handle followers } availability { weekday startMinute endMinute startTime endTime }
  member { id } averageTrainingScore lastTrainedOn trainingRecords { id topic date trainer score notes }`;
const RECORD = 'id topic date trainer score notes host { id averageTrainingScore lastTrainedOn }';

const paths = (result: { issues: { path: string[] }[] }) => result.issues.map((issue) => issue.path.join('.'));

async function createHost(t: TestApp, token: string, input: Record<string, unknown>): Promise<{ id: string }> {
  return (await mutate(t, token, 'createHost', input, 'host { id }')).host;
}

async function addRecord(t: TestApp, token: string, hostId: string, input: Record<string, unknown> = {}): Promise<{ id: string }> {
  const payload = await mutate(t, token, 'addTrainingRecord', { hostId, topic: 'PRODUCT_KNOWLEDGE', date: '2026-11-01', trainer: '王老师', ...input }, 'trainingRecord { id }');
  return payload.trainingRecord;
}

describe('hosts', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t.close());

  it('creates a host with accounts, tags, languages, cost, availability and a member account', async () => {
    const member = await addMember(t, owner, 'HOST');
    const { host } = await mutate(t, owner.token, 'createHost', {
      name: ' 小美 ',
      avatarUrl: 'https://cdn.example.com/xiaomei.png',
      platformAccounts: [
        { platform: 'DOUYIN', handle: 'xiaomei', followers: 120_000 },
        { platform: 'XIAOHONGSHU', handle: 'xiaomei', followers: 30_000 },
      ],
      styleTags: ['专业测评', ' 亲和 '],
      audienceTags: ['年轻女性', '学生党'],
      languages: ['zh-cn', 'en'],
      costPerHourAmount: 80_000,
      availability: [
        { weekday: 5, startMinute: 1200, endMinute: 1440 },
        { weekday: 1, startMinute: 1140, endMinute: 1380 },
      ],
      memberId: member.memberId,
    }, `host { ${HOST} }`);
    expect(host).toMatchObject({
      name: '小美',
      avatarUrl: 'https://cdn.example.com/xiaomei.png',
      totalFollowers: 150_000,
      styleTags: ['专业测评', '亲和'],
      languages: ['zh-CN', 'en'],
      costPerHour: { amount: 80_000, currency: 'CNY' },
      member: { id: member.memberId },
      averageTrainingScore: null,
      lastTrainedOn: null,
      trainingRecords: [],
    });
    expect(host.availability).toEqual([
      { weekday: 1, startMinute: 1140, endMinute: 1380, startTime: '19:00', endTime: '23:00' },
      { weekday: 5, startMinute: 1200, endMinute: 1440, startTime: '20:00', endTime: '24:00' },
    ]);
  });

  it('reports each invalid host field with its path and keeps nothing', async () => {
    const result = await mutateResult(t, owner.token, 'createHost', {
      name: 'Invalid host',
      avatarUrl: 'ftp://example.com/a.png',
      platformAccounts: [
        { platform: 'DOUYIN', handle: 'dup', followers: 10 },
        { platform: 'KUAISHOU', handle: '  ', followers: -5 },
        { platform: 'DOUYIN', handle: 'DUP', followers: 1 },
      ],
      styleTags: ['ok', ''],
      audienceTags: ['x'.repeat(41)],
      languages: ['zh-CN', 'not a language'],
      costPerHourAmount: -1,
      availability: [
        { weekday: 1, startMinute: 600, endMinute: 720 },
        { weekday: 8, startMinute: 0, endMinute: 60 },
        { weekday: 2, startMinute: 700, endMinute: 700 },
        { weekday: 1, startMinute: 700, endMinute: 800 },
        { weekday: 3, startMinute: 0, endMinute: 1441 },
      ],
    }, 'host { id }');
    expect(result.__typename).toBe('ValidationError');
    expect(paths(result)).toEqual(expect.arrayContaining([
      'input.avatarUrl',
      'input.platformAccounts.1.handle',
      'input.platformAccounts.1.followers',
      'input.platformAccounts.2.handle',
      'input.styleTags.1',
      'input.audienceTags.0',
      'input.languages.1',
      'input.costPerHourAmount',
      'input.availability.1.weekday',
      'input.availability.2.endMinute',
      'input.availability.3.startMinute',
      'input.availability.4.endMinute',
    ]));
    expect(paths(result)).not.toContain('input.platformAccounts.0.handle');
    const list = await t.gql('{ hosts(filter: { search: "Invalid host" }) { totalCount } }', {}, owner.token);
    expect(list.hosts.totalCount).toBe(0);
  });

  it('refuses a member of another organization and a member already linked to a host', async () => {
    const stranger = await signUpOrg(t);
    const foreign = await mutateResult(t, owner.token, 'createHost', { name: 'x', memberId: stranger.memberId }, 'host { id }');
    expect(foreign.__typename).toBe('NotFoundError');

    const member = await addMember(t, owner, 'HOST');
    const first = await createHost(t, owner.token, { name: 'First', memberId: member.memberId });
    const second = await mutateResult(t, owner.token, 'createHost', { name: 'Second', memberId: member.memberId }, 'host { id }');
    expect(second).toMatchObject({ __typename: 'ConflictError', conflictingIds: [first.id] });
    // Re-linking the same host to its own member is not a conflict.
    await mutate(t, owner.token, 'updateHost', { id: first.id, memberId: member.memberId }, 'host { id }');
  });

  it('updates only the given fields; null removes the avatar and the member link', async () => {
    const member = await addMember(t, owner, 'HOST');
    const host = await createHost(t, owner.token, {
      name: 'Before', avatarUrl: 'https://example.com/a.png', styleTags: ['幽默'], costPerHourAmount: 100,
      platformAccounts: [{ platform: 'DOUYIN', handle: 'before', followers: 5 }], memberId: member.memberId,
    });
    const renamed = await mutate(t, owner.token, 'updateHost', { id: host.id, name: 'After' }, `host { ${HOST} }`);
    expect(renamed.host).toMatchObject({ name: 'After', avatarUrl: 'https://example.com/a.png', styleTags: ['幽默'], costPerHour: { amount: 100 }, member: { id: member.memberId } });

    const cleared = await mutate(t, owner.token, 'updateHost', {
      id: host.id, avatarUrl: null, memberId: null, platformAccounts: [{ platform: 'TAOBAO_LIVE', handle: 'after', followers: 7 }],
    }, `host { ${HOST} }`);
    expect(cleared.host).toMatchObject({ name: 'After', avatarUrl: null, member: null, totalFollowers: 7, platformAccounts: [{ platform: 'TAOBAO_LIVE', handle: 'after', followers: 7 }] });
  });

  it('validates updates with paths and refuses null for a required field', async () => {
    const host = await createHost(t, owner.token, { name: 'Strict', availability: [{ weekday: 2, startMinute: 60, endMinute: 120 }] });
    const result = await mutateResult(t, owner.token, 'updateHost', {
      id: host.id, name: null, availability: [{ weekday: 2, startMinute: 60, endMinute: 120 }, { weekday: 2, startMinute: 90, endMinute: 150 }],
    }, 'host { id }');
    expect(result.__typename).toBe('ValidationError');
    expect(paths(result)).toEqual(expect.arrayContaining(['input.name', 'input.availability.1.startMinute']));
    const node = await t.gql('query($id: ID!) { node(id: $id) { ... on Host { name availability { startMinute } } } }', { id: host.id }, owner.token);
    expect(node.node).toEqual({ name: 'Strict', availability: [{ startMinute: 60 }] });
  });

  it('deletes a host with its training records', async () => {
    const host = await createHost(t, owner.token, { name: 'Leaving' });
    const record = await addRecord(t, owner.token, host.id);
    const { deletedId } = await mutate(t, owner.token, 'deleteHost', { id: host.id }, 'deletedId');
    expect(deletedId).toBe(host.id);
    const nodes = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [host.id, record.id] }, owner.token);
    expect(nodes.nodes).toEqual([null, null]);
  });

  it('refuses to delete a host who is on an upcoming session, but not one only on cancelled sessions', async () => {
    const host = await createHost(t, owner.token, { name: 'Booked' });
    const session = async (title: string) =>
      (await mutate(t, owner.token, 'createSession', {
        title, platform: 'DOUYIN', scheduledStart: '2026-12-07T20:00:00+08:00', scheduledEnd: '2026-12-07T22:00:00+08:00',
      }, 'session { id }')).session.id as string;
    const upcoming = await session('Upcoming');
    await mutate(t, owner.token, 'assignSessionHost', { sessionId: upcoming, hostId: host.id, role: 'MAIN' }, 'sessionHost { id }');

    const refused = await mutateResult(t, owner.token, 'deleteHost', { id: host.id }, 'deletedId');
    expect(refused.__typename).toBe('ConflictError');
    expect(refused.conflictingIds).toEqual([upcoming]);
    expect(refused.message).toMatch(/Booked is on 1 upcoming or live session/);

    await mutate(t, owner.token, 'cancelSession', { id: upcoming, reason: 'moved' }, 'session { id }');
    await mutate(t, owner.token, 'deleteHost', { id: host.id }, 'deletedId');
  });

  describe('training records', () => {
    it('adds records, lists them newest first and aggregates scores and the last date', async () => {
      const host = await createHost(t, owner.token, { name: 'Trainee' });
      const added = await mutate(t, owner.token, 'addTrainingRecord', {
        hostId: host.id, topic: 'SALES_TECHNIQUE', date: '2026-10-01', trainer: ' 李老师 ', score: 70, notes: '话术练习',
      }, `trainingRecord { ${RECORD} }`);
      expect(added.trainingRecord).toMatchObject({ topic: 'SALES_TECHNIQUE', date: '2026-10-01', trainer: '李老师', score: 70, notes: '话术练习', host: { id: host.id } });
      await addRecord(t, owner.token, host.id, { topic: 'RUN_OF_SHOW', date: '2026-11-10', score: 90 });
      await addRecord(t, owner.token, host.id, { topic: 'OTHER', date: '2026-10-20' });

      const node = await t.gql('query($id: ID!) { node(id: $id) { ... on Host { averageTrainingScore lastTrainedOn trainingRecords { date score } } } }', { id: host.id }, owner.token);
      expect(node.node.trainingRecords.map((record: { date: string }) => record.date)).toEqual(['2026-11-10', '2026-10-20', '2026-10-01']);
      // The unscored record does not count towards the average.
      expect(node.node.averageTrainingScore).toBe(80);
      expect(node.node.lastTrainedOn).toBe('2026-11-10');
    });

    it('reports invalid training fields with their paths', async () => {
      const host = await createHost(t, owner.token, { name: 'Trainee 2' });
      const result = await mutateResult(t, owner.token, 'addTrainingRecord', { hostId: host.id, topic: 'OTHER', date: '2026-11-01', trainer: ' ', score: 101 }, 'trainingRecord { id }');
      expect(result.__typename).toBe('ValidationError');
      expect(paths(result).sort()).toEqual(['input.score', 'input.trainer']);
      const record = await addRecord(t, owner.token, host.id);
      const update = await mutateResult(t, owner.token, 'updateTrainingRecord', { id: record.id, score: -1 }, 'trainingRecord { id }');
      expect(paths(update)).toEqual(['input.score']);
    });

    it('updates only the given fields and removes the score with null', async () => {
      const host = await createHost(t, owner.token, { name: 'Trainee 3' });
      const record = await addRecord(t, owner.token, host.id, { score: 60, notes: 'first try' });
      const updated = await mutate(t, owner.token, 'updateTrainingRecord', { id: record.id, score: 85 }, `trainingRecord { ${RECORD} }`);
      expect(updated.trainingRecord).toMatchObject({ score: 85, notes: 'first try', trainer: '王老师', host: { averageTrainingScore: 85 } });
      const cleared = await mutate(t, owner.token, 'updateTrainingRecord', { id: record.id, score: null, date: '2026-11-20' }, `trainingRecord { ${RECORD} }`);
      expect(cleared.trainingRecord).toMatchObject({ score: null, date: '2026-11-20', host: { averageTrainingScore: null, lastTrainedOn: '2026-11-20' } });
    });

    it('deletes a record and returns its host', async () => {
      const host = await createHost(t, owner.token, { name: 'Trainee 4' });
      const record = await addRecord(t, owner.token, host.id, { score: 50 });
      const deleted = await mutate(t, owner.token, 'deleteTrainingRecord', { id: record.id }, 'deletedId host { id trainingRecords { id } averageTrainingScore }');
      expect(deleted).toMatchObject({ deletedId: record.id, host: { id: host.id, trainingRecords: [], averageTrainingScore: null } });
    });
  });

  describe('roles', () => {
    it('lets an analyst read hosts but change nothing', async () => {
      const analyst = await addMember(t, owner, 'ANALYST');
      const host = await createHost(t, owner.token, { name: 'Read only' });
      const record = await addRecord(t, owner.token, host.id);
      const attempts = [
        await mutateResult(t, analyst.token, 'createHost', { name: 'x' }, 'host { id }'),
        await mutateResult(t, analyst.token, 'updateHost', { id: host.id, name: 'x' }, 'host { id }'),
        await mutateResult(t, analyst.token, 'deleteHost', { id: host.id }, 'deletedId'),
        await mutateResult(t, analyst.token, 'addTrainingRecord', { hostId: host.id, topic: 'OTHER', date: '2026-11-01', trainer: 'x' }, 'trainingRecord { id }'),
        await mutateResult(t, analyst.token, 'updateTrainingRecord', { id: record.id, score: 1 }, 'trainingRecord { id }'),
        await mutateResult(t, analyst.token, 'deleteTrainingRecord', { id: record.id }, 'deletedId'),
      ];
      expect(attempts.map((attempt) => attempt.__typename)).toEqual(Array(6).fill('ForbiddenError'));
      const list = await t.gql('{ hosts(filter: { search: "Read only" }) { totalCount edges { node { name trainingRecords { score } } } } }', {}, analyst.token);
      expect(list.hosts).toMatchObject({ totalCount: 1, edges: [{ node: { name: 'Read only', trainingRecords: [{ score: null }] } }] });
    });

    it('lets a HOST member add and update the training records of their own host only, and never delete', async () => {
      const me = await addMember(t, owner, 'HOST');
      const mine = await createHost(t, owner.token, { name: 'Me', memberId: me.memberId });
      const other = await createHost(t, owner.token, { name: 'Someone else' });
      const otherRecord = await addRecord(t, owner.token, other.id);

      const added = await mutate(t, me.token, 'addTrainingRecord', { hostId: mine.id, topic: 'RUN_OF_SHOW', date: '2026-11-02', trainer: '自学', score: 75 }, 'trainingRecord { id score }');
      const updated = await mutate(t, me.token, 'updateTrainingRecord', { id: added.trainingRecord.id, score: 88 }, 'trainingRecord { score }');
      expect(updated.trainingRecord.score).toBe(88);

      const refused = [
        await mutateResult(t, me.token, 'addTrainingRecord', { hostId: other.id, topic: 'OTHER', date: '2026-11-01', trainer: 'x' }, 'trainingRecord { id }'),
        await mutateResult(t, me.token, 'updateTrainingRecord', { id: otherRecord.id, score: 1 }, 'trainingRecord { id }'),
        await mutateResult(t, me.token, 'deleteTrainingRecord', { id: added.trainingRecord.id }, 'deletedId'),
        await mutateResult(t, me.token, 'updateHost', { id: mine.id, name: 'Renamed' }, 'host { id }'),
        await mutateResult(t, me.token, 'createHost', { name: 'Another me' }, 'host { id }'),
        await mutateResult(t, me.token, 'deleteHost', { id: mine.id }, 'deletedId'),
      ];
      expect(refused.map((result) => result.__typename)).toEqual(Array(6).fill('ForbiddenError'));
      const record = await t.gql('query($id: ID!) { node(id: $id) { ... on TrainingRecord { score } } }', { id: otherRecord.id }, owner.token);
      expect(record.node.score).toBeNull();
    });

    it('lets an operator manage hosts and training records', async () => {
      const operator = await addMember(t, owner, 'OPERATOR');
      const host = await createHost(t, operator.token, { name: 'By operator' });
      const record = await addRecord(t, operator.token, host.id);
      await mutate(t, operator.token, 'updateTrainingRecord', { id: record.id, score: 10 }, 'trainingRecord { id }');
      await mutate(t, operator.token, 'deleteTrainingRecord', { id: record.id }, 'deletedId');
      await mutate(t, operator.token, 'deleteHost', { id: host.id }, 'deletedId');
    });
  });

  it('treats another organization’s host and training record ids as unknown', async () => {
    const host = await createHost(t, owner.token, { name: 'Mine' });
    const record = await addRecord(t, owner.token, host.id);
    const stranger = await signUpOrg(t);
    const attempts = [
      await mutateResult(t, stranger.token, 'updateHost', { id: host.id, name: 'stolen' }, 'host { id }'),
      await mutateResult(t, stranger.token, 'deleteHost', { id: host.id }, 'deletedId'),
      await mutateResult(t, stranger.token, 'addTrainingRecord', { hostId: host.id, topic: 'OTHER', date: '2026-11-01', trainer: 'x' }, 'trainingRecord { id }'),
      await mutateResult(t, stranger.token, 'updateTrainingRecord', { id: record.id, score: 1 }, 'trainingRecord { id }'),
      await mutateResult(t, stranger.token, 'deleteTrainingRecord', { id: record.id }, 'deletedId'),
      // Unknown and malformed ids behave the same.
      await mutateResult(t, stranger.token, 'updateHost', { id: 'not-an-id', name: 'x' }, 'host { id }'),
    ];
    expect(attempts.map((attempt) => attempt.__typename)).toEqual(Array(6).fill('NotFoundError'));
    const nodes = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [host.id, record.id] }, stranger.token);
    expect(nodes.nodes).toEqual([null, null]);
    const list = await t.gql('{ hosts { totalCount } }', {}, stranger.token);
    expect(list.hosts.totalCount).toBe(0);
  });

  describe('the hosts list', () => {
    let org: SignedIn;

    beforeAll(async () => {
      org = await signUpOrg(t);
      const hosts = [
        { name: 'Ann', styleTags: ['幽默'], audienceTags: ['学生党'], languages: ['zh-CN'], costPerHourAmount: 300,
          platformAccounts: [{ platform: 'DOUYIN', handle: 'ann_live', followers: 100 }, { platform: 'KUAISHOU', handle: 'ann_ks', followers: 5000 }] },
        { name: 'Bo', styleTags: ['专业测评'], audienceTags: ['宝妈'], languages: ['zh-TW', 'en'], costPerHourAmount: 100,
          platformAccounts: [{ platform: 'DOUYIN', handle: 'bo', followers: 2000 }] },
        { name: 'Cai', styleTags: ['幽默', '专业测评'], audienceTags: ['年轻女性'], languages: ['en'], costPerHourAmount: 200,
          platformAccounts: [{ platform: 'XIAOHONGSHU', handle: 'cai', followers: 3000 }] },
      ];
      for (const host of hosts) await createHost(t, org.token, host);
    });

    const names = async (args: string) => {
      const data = await t.gql(`{ hosts${args} { totalCount edges { node { name } } } }`, {}, org.token);
      return data.hosts.edges.map((edge: { node: { name: string } }) => edge.node.name);
    };

    it('sorts by name by default and by cost, followers and creation on request', async () => {
      expect(await names('')).toEqual(['Ann', 'Bo', 'Cai']);
      expect(await names('(orderBy: { field: COST_PER_HOUR })')).toEqual(['Bo', 'Cai', 'Ann']);
      expect(await names('(orderBy: { field: FOLLOWERS, direction: DESC })')).toEqual(['Ann', 'Cai', 'Bo']);
      expect(await names('(orderBy: { field: CREATED_AT, direction: DESC })')).toEqual(['Cai', 'Bo', 'Ann']);
      // With a platform filter, followers on that platform decide.
      expect(await names('(filter: { platform: DOUYIN }, orderBy: { field: FOLLOWERS, direction: DESC })')).toEqual(['Bo', 'Ann']);
    });

    it('filters by search, tags, language, platform and followers', async () => {
      expect(await names('(filter: { search: "an" })')).toEqual(['Ann']);
      expect(await names('(filter: { search: "ANN_KS" })')).toEqual(['Ann']);
      expect(await names('(filter: { styleTags: ["幽默"] })')).toEqual(['Ann', 'Cai']);
      expect(await names('(filter: { audienceTags: ["宝妈", "年轻女性"] })')).toEqual(['Bo', 'Cai']);
      expect(await names('(filter: { language: "zh" })')).toEqual(['Ann', 'Bo']);
      expect(await names('(filter: { language: "zh-tw" })')).toEqual(['Bo']);
      expect(await names('(filter: { platform: XIAOHONGSHU })')).toEqual(['Cai']);
      expect(await names('(filter: { minFollowers: 2500 })')).toEqual(['Ann', 'Cai']);
      expect(await names('(filter: { platform: DOUYIN, minFollowers: 1000 })')).toEqual(['Bo']);
      expect(await names('(filter: { styleTags: ["专业测评"], language: "en", minFollowers: 2500 })')).toEqual(['Cai']);
    });

    it('pages with cursors and counts across pages', async () => {
      const query = `query($after: String) { hosts(first: 2, after: $after, orderBy: { field: NAME, direction: DESC }) {
        totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
      const first = await t.gql(query, {}, org.token);
      expect(first.hosts).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      expect(first.hosts.edges.map((edge: any) => edge.node.name)).toEqual(['Cai', 'Bo']);
      const second = await t.gql(query, { after: first.hosts.pageInfo.endCursor }, org.token);
      expect(second.hosts.edges.map((edge: any) => edge.node.name)).toEqual(['Ann']);
      expect(second.hosts.pageInfo.hasNextPage).toBe(false);
    });
  });

  it('lists 30 hosts with training records and members in as many SQL statements as 3', async () => {
    const query = `{ hosts(first: 50) { totalCount edges { node { name member { displayName } averageTrainingScore lastTrainedOn
      trainingRecords { date score host { name } } } } } }`;
    const statementsFor = async (count: number) => {
      const org = await signUpOrg(t);
      for (let index = 0; index < count; index++) {
        const member = await addMember(t, org, 'HOST');
        const host = await createHost(t, org.token, { name: `Host ${index}`, memberId: member.memberId });
        await addRecord(t, org.token, host.id, { score: 60 + index, date: '2026-10-01' });
        await addRecord(t, org.token, host.id, { score: 90, date: '2026-11-01' });
      }
      t.sql.reset();
      const data = await t.gql(query, {}, org.token);
      expect(data.hosts.totalCount).toBe(count);
      expect(data.hosts.edges.every((edge: any) => edge.node.trainingRecords.length === 2 && edge.node.member && edge.node.lastTrainedOn === '2026-11-01')).toBe(true);
      return t.sql.statements.length;
    };
    const few = await statementsFor(3);
    const many = await statementsFor(30);
    expect(many).toBe(few);
  });
});
