import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { createApp, DEFAULT_LIMITS, DEMO_EMAIL, DEMO_PASSWORD, installedPlugins, seedDemo } from '@broadcart/api';
import { mutate, mutateResult, signUpOrg } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const STATUS = `query($id: ID!) { node(id: $id) { ... on LiveSession {
  status
  simulation { running startedAt endedAt stopReason viewers durationSeconds elapsedSeconds online eventsSent accepted duplicates rejected }
  liveMetrics { version uv likes }
} } }`;

const SIMULATION_FIELDS = 'simulation { running viewers durationSeconds stopReason } session { id }';

describe('demo audience simulation from the API', () => {
  let t: TestApp;
  let token: string;
  let sessions: { id: string; title: string; status: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.app, new Date('2026-12-01T04:00:00Z'));
    token = (await mutate(t, null, 'signIn', { email: DEMO_EMAIL, password: DEMO_PASSWORD }, 'token')).token;
    const data = await t.gql('{ liveSessions(orderBy: { field: SCHEDULED_START }) { edges { node { id title status } } } }', {}, token);
    sessions = data.liveSessions.edges.map((edge: any) => edge.node);
  });
  afterAll(() => t.close());

  const status = async (id: string) => (await t.gql(STATUS, { id }, token)).node;

  it('runs on a LIVE demo session, moves its live metrics, refuses a second run and stops on request', async () => {
    const show = sessions.find((session) => session.status === 'SCHEDULED')!;
    await mutate(t, token, 'startSession', { id: show.id }, 'session { id }');
    expect((await status(show.id)).simulation).toBeNull();

    const started = await mutate(t, token, 'startSimulation', { sessionId: show.id, viewers: 40, durationSeconds: 600 }, SIMULATION_FIELDS);
    expect(started.simulation).toEqual({ running: true, viewers: 40, durationSeconds: 600, stopReason: null });
    expect(started.session.id).toBe(show.id);

    await expect.poll(async () => (await status(show.id)).liveMetrics.uv, { timeout: 15_000 }).toBeGreaterThan(0);
    const running = await status(show.id);
    expect(running.simulation.running).toBe(true);
    expect(running.simulation.eventsSent).toBeGreaterThan(0);
    expect(running.simulation.rejected).toBe(0);
    expect(running.liveMetrics.version).toBeGreaterThan(0);

    const again = await mutateResult(t, token, 'startSimulation', { sessionId: show.id, viewers: 10, durationSeconds: 60 }, SIMULATION_FIELDS);
    expect(again.__typename).toBe('ConflictError');

    const stopped = await mutate(t, token, 'stopSimulation', { sessionId: show.id }, SIMULATION_FIELDS);
    expect(stopped.simulation).toMatchObject({ running: false, stopReason: 'STOPPED' });
    const after = (await status(show.id)).simulation;
    expect(after.endedAt).not.toBeNull();
    expect(after.online).toBe(0);

    const none = await mutateResult(t, token, 'stopSimulation', { sessionId: show.id }, SIMULATION_FIELDS);
    expect(none.__typename).toBe('ConflictError');
  });

  it('stops by itself when the session ends', async () => {
    const show = sessions.find((session) => session.status === 'SCHEDULED')!;
    await mutate(t, token, 'startSimulation', { sessionId: show.id, viewers: 20, durationSeconds: 600 }, SIMULATION_FIELDS);
    await expect.poll(async () => (await status(show.id)).simulation.eventsSent, { timeout: 15_000 }).toBeGreaterThan(0);
    await mutate(t, token, 'endSession', { id: show.id }, 'session { id }');
    await expect.poll(async () => (await status(show.id)).simulation.stopReason, { timeout: 15_000 }).toBe('SESSION_ENDED');
    expect((await status(show.id)).simulation.running).toBe(false);
  });

  it('refuses sessions that are not LIVE', async () => {
    const draft = sessions.find((session) => session.status === 'DRAFT')!;
    const result = await mutateResult(t, token, 'startSimulation', { sessionId: draft.id, viewers: 10, durationSeconds: 60 }, SIMULATION_FIELDS);
    expect(result.__typename).toBe('ConflictError');
    expect(result.message).toMatch(/LIVE/);
  });

  it('checks its input with field paths', async () => {
    const show = sessions.find((session) => session.status === 'DRAFT')!;
    const result = await mutateResult(t, token, 'startSimulation', { sessionId: show.id, viewers: 0, durationSeconds: 1 }, SIMULATION_FIELDS);
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues.map((issue: { path: string[] }) => issue.path.join('.')).sort()).toEqual(['input.durationSeconds', 'input.viewers']);
  });

  it('is refused to every organization but the demo one', async () => {
    const other = await signUpOrg(t);
    const id = await seedSession(t, other.token);
    await mutate(t, other.token, 'scheduleSession', { id }, 'session { id }');
    await mutate(t, other.token, 'startSession', { id }, 'session { id }');
    const started = await mutateResult(t, other.token, 'startSimulation', { sessionId: id, viewers: 10, durationSeconds: 60 }, SIMULATION_FIELDS);
    expect(started.__typename).toBe('ForbiddenError');
    expect(started.message).toMatch(/demo organization/);
    const stopped = await mutateResult(t, other.token, 'stopSimulation', { sessionId: id }, SIMULATION_FIELDS);
    expect(stopped.__typename).toBe('ForbiddenError');
  });

  it('is refused to demo members who cannot edit sessions', async () => {
    const analyst = await t.gql(
      `mutation { inviteMember(input: { email: "analyst2@broadcart.dev", displayName: "A", role: ANALYST }) { ... on InviteMemberPayload { invitationToken } } }`,
      {},
      token,
    );
    const { token: analystToken } = await mutate(t, null, 'acceptInvitation', { invitationToken: analyst.inviteMember.invitationToken, password: 'analyst-password' }, 'token');
    const show = sessions.find((session) => session.status === 'SCHEDULED')!;
    const result = await mutateResult(t, analystToken, 'startSimulation', { sessionId: show.id, viewers: 10, durationSeconds: 60 }, SIMULATION_FIELDS);
    expect(result.__typename).toBe('ForbiddenError');
  });

  it('is stopped when the app closes', async () => {
    const id = await seedSession(t, token, { title: 'Closing test' });
    await mutate(t, token, 'scheduleSession', { id }, 'session { id }');
    await mutate(t, token, 'startSession', { id }, 'session { id }');
    // A second app on the same database, so closing it leaves this file's app running.
    const second = await createApp({ ...DEFAULT_LIMITS, databaseUrl: t.databaseUrl, role: 'api', plugins: installedPlugins });
    const result = await second.graphql<any>(
      'mutation($input: StartSimulationInput!) { startSimulation(input: $input) { __typename } }',
      { input: { sessionId: id, viewers: 10, durationSeconds: 3600 } },
      token,
    );
    expect(result.data.startSimulation.__typename).toBe('StartSimulationPayload');
    const actor = await second.services.organizations.authenticate(second.orm.em.fork(), token);
    const simulation = second.services.simulations.status(actor!, decodeGlobalID(id).id)!;
    expect(simulation.running).toBe(true);
    await second.close();
    expect(simulation.running).toBe(false);
    expect(simulation.stopReason).toBe('STOPPED');
  });
});
