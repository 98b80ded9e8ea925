import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMember, mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { hoursFrom, issuePaths, seedCampaign, seedHost, seedSession } from '../support/sessions-seed.js';

const SESSION = 'id title platform roomUrl scheduledStart scheduledEnd durationMinutes status actualStart actualEnd cancelReason version campaign { id }';

describe('sessions', () => {
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

  describe('creating', () => {
    it('creates a DRAFT session with its schedule, room and campaign', async () => {
      const campaignId = await seedCampaign(t, owner.token, 0, 24 * 30);
      const { session } = await mutate(t, owner.token, 'createSession', {
        title: '  年货节专场  ', platform: 'DOUYIN', scheduledStart: hoursFrom(20), scheduledEnd: hoursFrom(22.5),
        campaignId, roomUrl: 'https://live.douyin.com/123',
      }, `session { ${SESSION} }`);
      expect(session).toMatchObject({
        title: '年货节专场', platform: 'DOUYIN', roomUrl: 'https://live.douyin.com/123', status: 'DRAFT', durationMinutes: 150,
        scheduledStart: hoursFrom(20), scheduledEnd: hoursFrom(22.5), version: 1, campaign: { id: campaignId }, actualStart: null,
      });
    });

    it('takes a null room as no room yet', async () => {
      const { session } = await mutate(t, owner.token, 'createSession', {
        title: 'no room yet', platform: 'KUAISHOU', scheduledStart: hoursFrom(30), scheduledEnd: hoursFrom(31), roomUrl: null,
      }, 'session { roomUrl status }');
      expect(session).toEqual({ roomUrl: null, status: 'DRAFT' });
    });

    it('reports an end before the start, an over-long session and a non-http room with their paths', async () => {
      const backwards = await mutateResult(t, owner.token, 'createSession', {
        title: '', platform: 'DOUYIN', scheduledStart: hoursFrom(22), scheduledEnd: hoursFrom(21), roomUrl: 'ftp://x.example/room',
      }, 'session { id }');
      expect(backwards.__typename).toBe('ValidationError');
      expect(issuePaths(backwards)).toEqual(expect.arrayContaining(['input.title', 'input.scheduledEnd', 'input.roomUrl']));

      const long = await mutateResult(t, owner.token, 'createSession', {
        title: 'marathon', platform: 'DOUYIN', scheduledStart: hoursFrom(0), scheduledEnd: hoursFrom(24.5),
      }, 'session { id }');
      expect(long.__typename).toBe('ValidationError');
      expect(long.issues).toEqual([{ path: ['input', 'scheduledEnd'], message: expect.stringMatching(/24 hours/) }]);
    });

    it('reports a session outside its campaign window on scheduledStart', async () => {
      const campaignId = await seedCampaign(t, owner.token, 0, 48);
      const result = await mutateResult(t, owner.token, 'createSession', {
        title: 'late', platform: 'DOUYIN', scheduledStart: hoursFrom(47), scheduledEnd: hoursFrom(49), campaignId,
      }, 'session { id }');
      expect(result.__typename).toBe('ValidationError');
      expect(result.issues).toEqual([{ path: ['input', 'scheduledStart'], message: expect.stringMatching(/must fall within campaign/) }]);
    });

    it('treats another organization’s campaign as unknown', async () => {
      const foreign = await seedCampaign(t, stranger.token, 0, 48);
      const result = await mutateResult(t, owner.token, 'createSession', {
        title: 'x', platform: 'DOUYIN', scheduledStart: hoursFrom(1), scheduledEnd: hoursFrom(2), campaignId: foreign,
      }, 'session { id }');
      expect(result).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    });

    it('refuses an analyst', async () => {
      const result = await mutateResult(t, analyst.token, 'createSession', {
        title: 'x', platform: 'DOUYIN', scheduledStart: hoursFrom(1), scheduledEnd: hoursFrom(2),
      }, 'session { id }');
      expect(result.__typename).toBe('ForbiddenError');
    });
  });

  describe('updating', () => {
    it('changes only the given fields and bumps the version', async () => {
      const id = await seedSession(t, owner.token, { title: 'before', startHour: 100 });
      const { session } = await mutate(t, owner.token, 'updateSession', { id, title: 'after', roomUrl: 'http://room.example/1' }, `session { ${SESSION} }`);
      expect(session).toMatchObject({ title: 'after', roomUrl: 'http://room.example/1', scheduledStart: hoursFrom(100), version: 2 });
      const cleared = await mutate(t, owner.token, 'updateSession', { id, roomUrl: '' }, 'session { roomUrl }');
      expect(cleared.session.roomUrl).toBeNull();
    });

    it('checks the merged schedule and reports it on scheduledEnd', async () => {
      const id = await seedSession(t, owner.token, { startHour: 110, hours: 2 });
      const result = await mutateResult(t, owner.token, 'updateSession', { id, scheduledStart: hoursFrom(113) }, 'session { id }');
      expect(result.__typename).toBe('ValidationError');
      expect(issuePaths(result)).toEqual(['input.scheduledEnd']);
    });

    it('links and unlinks a campaign, checking its window', async () => {
      const id = await seedSession(t, owner.token, { startHour: 120 });
      const campaignId = await seedCampaign(t, owner.token, 100, 200);
      const linked = await mutate(t, owner.token, 'updateSession', { id, campaignId }, 'session { campaign { id } }');
      expect(linked.session.campaign.id).toBe(campaignId);
      const outside = await mutateResult(t, owner.token, 'updateSession', { id, scheduledStart: hoursFrom(99) }, 'session { id }');
      expect(outside.__typename).toBe('ValidationError');
      expect(issuePaths(outside)).toEqual(['input.scheduledStart']);
      const unlinked = await mutate(t, owner.token, 'updateSession', { id, campaignId: null }, 'session { campaign { id } }');
      expect(unlinked.session.campaign).toBeNull();
    });

    it('refuses an analyst and another organization', async () => {
      const id = await seedSession(t, owner.token, { startHour: 130 });
      expect((await mutateResult(t, analyst.token, 'updateSession', { id, title: 'x' }, 'session { id }')).__typename).toBe('ForbiddenError');
      expect((await mutateResult(t, stranger.token, 'updateSession', { id, title: 'x' }, 'session { id }')).__typename).toBe('NotFoundError');
      const foreignCampaign = await seedCampaign(t, stranger.token, 0, 1000);
      expect((await mutateResult(t, owner.token, 'updateSession', { id, campaignId: foreignCampaign }, 'session { id }')).__typename).toBe('NotFoundError');
    });

    it('freezes the schedule once the session is live', async () => {
      const id = await seedSession(t, owner.token, { startHour: 140 });
      await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
      await mutate(t, owner.token, 'startSession', { id }, 'session { id }');
      const moved = await mutateResult(t, owner.token, 'updateSession', { id, scheduledEnd: hoursFrom(143) }, 'session { id }');
      expect(moved).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/schedule while the session is LIVE/) });
      const renamed = await mutate(t, owner.token, 'updateSession', { id, title: 'renamed live' }, 'session { title }');
      expect(renamed.session.title).toBe('renamed live');
    });
  });

  describe('deleting', () => {
    it('deletes a draft', async () => {
      const id = await seedSession(t, owner.token, { startHour: 150 });
      const { deletedId } = await mutate(t, owner.token, 'deleteSession', { id }, 'deletedId');
      expect(deletedId).toBe(id);
      const node = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id }, owner.token);
      expect(node.node).toBeNull();
    });

    it('refuses a scheduled session, an analyst and another organization', async () => {
      const id = await seedSession(t, owner.token, { startHour: 151 });
      expect((await mutateResult(t, analyst.token, 'deleteSession', { id }, 'deletedId')).__typename).toBe('ForbiddenError');
      expect((await mutateResult(t, stranger.token, 'deleteSession', { id }, 'deletedId')).__typename).toBe('NotFoundError');
      await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
      const result = await mutateResult(t, owner.token, 'deleteSession', { id }, 'deletedId');
      expect(result).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/Only DRAFT.*SCHEDULED.*cancel/) });
    });
  });

  describe('status', () => {
    it('goes draft → scheduled → live → ended → reviewed, recording actual times and bumping the version', async () => {
      const id = await seedSession(t, owner.token, { startHour: 160 });
      const scheduled = await mutate(t, owner.token, 'scheduleSession', { id }, `session { ${SESSION} }`);
      expect(scheduled.session).toMatchObject({ status: 'SCHEDULED', version: 2 });
      const started = await mutate(t, owner.token, 'startSession', { id }, `session { ${SESSION} }`);
      expect(started.session).toMatchObject({ status: 'LIVE', version: 3 });
      expect(Date.parse(started.session.actualStart)).toBeLessThanOrEqual(Date.now());
      const ended = await mutate(t, owner.token, 'endSession', { id }, `session { ${SESSION} }`);
      expect(ended.session).toMatchObject({ status: 'ENDED', version: 4, actualStart: started.session.actualStart });
      expect(Date.parse(ended.session.actualEnd)).toBeGreaterThanOrEqual(Date.parse(started.session.actualStart));
      const reviewed = await mutate(t, owner.token, 'markSessionReviewed', { id }, `session { ${SESSION} }`);
      expect(reviewed.session).toMatchObject({ status: 'REVIEWED', version: 5 });
    });

    it('refuses an illegal change naming the current and requested status', async () => {
      const id = await seedSession(t, owner.token, { startHour: 170 });
      const start = await mutateResult(t, owner.token, 'startSession', { id }, 'session { id }');
      expect(start).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/DRAFT session to LIVE/), conflictingIds: [id] });
      await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
      const again = await mutateResult(t, owner.token, 'scheduleSession', { id }, 'session { id }');
      expect(again.message).toMatch(/SCHEDULED session to SCHEDULED/);
      const review = await mutateResult(t, owner.token, 'markSessionReviewed', { id }, 'session { id }');
      expect(review.message).toMatch(/SCHEDULED session to REVIEWED/);
    });

    it('cancels a scheduled session with a reason but not a live one', async () => {
      const id = await seedSession(t, owner.token, { startHour: 180 });
      await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
      const blank = await mutateResult(t, owner.token, 'cancelSession', { id, reason: '  ' }, 'session { id }');
      expect(issuePaths(blank)).toEqual(['input.reason']);
      const { session } = await mutate(t, owner.token, 'cancelSession', { id, reason: '主播生病' }, `session { ${SESSION} }`);
      expect(session).toMatchObject({ status: 'CANCELLED', cancelReason: '主播生病' });
      const again = await mutateResult(t, owner.token, 'scheduleSession', { id }, 'session { id }');
      expect(again.message).toMatch(/CANCELLED session to SCHEDULED.*final/);

      const live = await seedSession(t, owner.token, { startHour: 181 });
      await mutate(t, owner.token, 'scheduleSession', { id: live }, 'session { id }');
      await mutate(t, owner.token, 'startSession', { id: live }, 'session { id }');
      const refused = await mutateResult(t, owner.token, 'cancelSession', { id: live, reason: 'too late' }, 'session { id }');
      expect(refused.message).toMatch(/LIVE session to CANCELLED/);
    });

    it('refuses status changes from an analyst and for another organization’s session', async () => {
      const id = await seedSession(t, owner.token, { startHour: 190 });
      for (const name of ['scheduleSession', 'startSession', 'endSession', 'markSessionReviewed']) {
        expect((await mutateResult(t, analyst.token, name, { id }, 'session { id }')).__typename).toBe('ForbiddenError');
        expect((await mutateResult(t, stranger.token, name, { id }, 'session { id }')).__typename).toBe('NotFoundError');
      }
      expect((await mutateResult(t, analyst.token, 'cancelSession', { id, reason: 'x' }, 'session { id }')).__typename).toBe('ForbiddenError');
      expect((await mutateResult(t, stranger.token, 'cancelSession', { id, reason: 'x' }, 'session { id }')).__typename).toBe('NotFoundError');
      const status = await t.gql('query($id: ID!) { node(id: $id) { ... on LiveSession { status version } } }', { id }, owner.token);
      expect(status.node).toEqual({ status: 'DRAFT', version: 1 });
    });
  });

  describe('domain events', () => {
    it('emits scheduled, rescheduled and statusChanged inside the transaction of the change', async () => {
      const seen: string[] = [];
      const events = t.app.services.events;
      const id = await seedSession(t, owner.token, { startHour: 400 });
      const raw = Buffer.from(id, 'base64').toString().split(':')[1];
      events.on('session.scheduled', (payload) => {
        if (payload.sessionId === raw) seen.push(`scheduled ${payload.scheduledStart.toISOString()}`);
      });
      events.on('session.rescheduled', (payload) => {
        if (payload.sessionId === raw) seen.push(`rescheduled ${payload.scheduledStart.toISOString()} ${payload.scheduledEnd.toISOString()}`);
      });
      events.on('session.statusChanged', (payload) => {
        if (payload.sessionId === raw) seen.push(`${payload.from} → ${payload.to}`);
      });

      await mutate(t, owner.token, 'updateSession', { id, scheduledStart: hoursFrom(401) }, 'session { id }');
      await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
      await mutate(t, owner.token, 'updateSession', { id, scheduledStart: hoursFrom(400), scheduledEnd: hoursFrom(403) }, 'session { id }');
      await mutate(t, owner.token, 'updateSession', { id, title: 'no schedule change' }, 'session { id }');
      await mutate(t, owner.token, 'cancelSession', { id, reason: '改期' }, 'session { id }');
      expect(seen).toEqual([
        `scheduled ${hoursFrom(401)}`,
        'DRAFT → SCHEDULED',
        `rescheduled ${hoursFrom(400)} ${hoursFrom(403)}`,
        'SCHEDULED → CANCELLED',
      ]);
    });

    it('rolls the change back when a handler fails', async () => {
      const id = await seedSession(t, owner.token, { startHour: 410, title: 'handler fails' });
      const raw = Buffer.from(id, 'base64').toString().split(':')[1];
      t.app.services.events.on('session.scheduled', (payload) => {
        if (payload.sessionId === raw) throw new Error('checklist could not be created');
      });
      const result = await t.request(`mutation($id: ID!) { scheduleSession(input: { id: $id }) { __typename } }`, { id }, owner.token);
      expect(result.errors?.length).toBe(1);
      const after = await t.gql('query($id: ID!) { node(id: $id) { ... on LiveSession { status version } } }', { id }, owner.token);
      expect(after.node).toEqual({ status: 'DRAFT', version: 1 });
    });
  });

  describe('listing', () => {
    let lister: SignedIn;
    let hostId: string;
    let campaignId: string;

    beforeAll(async () => {
      lister = await signUpOrg(t);
      campaignId = await seedCampaign(t, lister.token, 0, 24 * 10);
      hostId = await seedHost(t, lister.token);
      const morning = await seedSession(t, lister.token, { title: 'B 早场', startHour: 10, platform: 'TAOBAO_LIVE', campaignId });
      await seedSession(t, lister.token, { title: 'A 晚场', startHour: 44 });
      const night = await seedSession(t, lister.token, { title: 'C 夜场', startHour: 70 });
      await mutate(t, lister.token, 'scheduleSession', { id: night }, 'session { id }');
      await mutate(t, lister.token, 'assignSessionHost', { sessionId: morning, hostId, role: 'MAIN' }, 'session { id }');
    });

    const titles = async (token: string, args: string) => {
      const data = await t.gql(`{ liveSessions${args} { totalCount edges { node { title } } } }`, {}, token);
      return data.liveSessions.edges.map((edge: any) => edge.node.title);
    };

    it('orders by scheduled start by default and by title on request', async () => {
      expect(await titles(lister.token, '')).toEqual(['B 早场', 'A 晚场', 'C 夜场']);
      expect(await titles(lister.token, '(orderBy: { field: TITLE, direction: DESC })')).toEqual(['C 夜场', 'B 早场', 'A 晚场']);
    });

    it('filters by status, platform, campaign, host, time and title', async () => {
      expect(await titles(lister.token, '(filter: { status: [SCHEDULED] })')).toEqual(['C 夜场']);
      expect(await titles(lister.token, '(filter: { platform: TAOBAO_LIVE })')).toEqual(['B 早场']);
      expect(await titles(lister.token, `(filter: { campaignId: "${campaignId}" })`)).toEqual(['B 早场']);
      expect(await titles(lister.token, `(filter: { hostId: "${hostId}" })`)).toEqual(['B 早场']);
      expect(await titles(lister.token, `(filter: { startsAfter: "${hoursFrom(11)}", startsBefore: "${hoursFrom(70)}" })`)).toEqual(['A 晚场']);
      expect(await titles(lister.token, '(filter: { search: "夜" })')).toEqual(['C 夜场']);
    });

    it('lists a host’s and a campaign’s sessions', async () => {
      const data = await t.gql(
        `query($host: ID!, $campaign: ID!) {
          host: node(id: $host) { ... on Host { sessions { totalCount edges { node { title } } } } }
          campaign: node(id: $campaign) { ... on Campaign { sessions(filter: { status: [DRAFT] }) { totalCount edges { node { title } } } } }
        }`,
        { host: hostId, campaign: campaignId },
        lister.token,
      );
      expect(data.host.sessions.edges.map((edge: any) => edge.node.title)).toEqual(['B 早场']);
      expect(data.campaign.sessions.totalCount).toBe(1);
    });

    it('lets hosts and analysts read sessions but shows nothing of other organizations', async () => {
      const host = await addMember(t, lister, 'HOST');
      expect(await titles(host.token, '')).toHaveLength(3);
      const reader = await addMember(t, lister, 'ANALYST');
      expect(await titles(reader.token, '')).toHaveLength(3);
      expect(await titles(stranger.token, '')).toEqual([]);
    });
  });
});
