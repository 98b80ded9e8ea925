import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlRoomDocuments, sessionStatusDocuments } from '../../plugins/lottery/web/control-room-documents.js';
import { overlayDocuments } from '../../plugins/lottery/web/overlay-documents.js';
import { subscribe } from '../support/realtime-clients.js';
import { signUpOrg, type SignedIn } from '../support/seed.js';
import { seedSession } from '../support/sessions-seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The lottery widgets' GraphQL documents, sent to the real server as the web app sends them: they
 * must pass validation, including the depth and cost limits (a widget whose query is refused shows
 * only "reconnecting" to the operator).
 */
let t: TestApp;
let owner: SignedIn;
let sessionId: string;

beforeAll(async () => {
  t = await startTestApp();
  owner = await signUpOrg(t);
  sessionId = await seedSession(t, owner.token);
});
afterAll(() => t.close());

const noGiveaways = () => ({ lotteryGiveaways: { edges: [] } });
describe.each([
  ['control room', controlRoomDocuments, noGiveaways],
  ['control room session status', sessionStatusDocuments, () => ({ node: { id: sessionId, status: 'DRAFT', version: 1 } })],
  ['overlay', overlayDocuments, noGiveaways],
])('the lottery %s widget documents', (_name, documents, expected) => {
  it('its query passes the server limits and answers', async () => {
    const result = await t.request<Record<string, unknown>>(documents.query, { sessionId }, owner.token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual(expected());
  });

  it('its subscription is accepted over graphql-ws', async () => {
    const subscription = subscribe(t.url, owner.token, documents.subscription, { sessionId });
    try {
      // A refused subscription errors at once; an accepted one stays open with nothing to send.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(subscription.error).toBeUndefined();
      expect(subscription.results.filter((result) => result.errors?.length)).toEqual([]);
    } finally {
      await subscription.dispose();
    }
  });
});
