import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, signUpOrg, type SignedIn } from '../support/seed.js';
import { drainDeliveries, ingestAccepted, seedScheduledSession } from '../support/ingest.js';
import { seedCampaign, seedSession } from '../support/sessions-seed.js';

/**
 * Conditions and exclusions are evaluated for every entrant when entries close. Each giveaway
 * below takes any comment, asks for more winners than there are entrants, and is drawn: its
 * winners are exactly its eligible entrants.
 */
describe('lottery conditions, exclusions and weights', () => {
  let t: TestApp;
  let owner: SignedIn;
  let eventCount = 0;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpOrg(t);
  });
  afterAll(() => t?.close());

  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const event = (kind: string, viewer: string, fields: Record<string, unknown> = {}) => ({ id: `e${++eventCount}`, kind, occurredAt: minutesAgo(0), viewer, ...fields });
  const comment = (viewer: string, fields: Record<string, unknown> = {}) => event('COMMENT', viewer, { text: '参与', ...fields });

  const ingest = (sessionId: string, events: Record<string, unknown>[]) => ingestAccepted(t, owner.token, sessionId, events);

  const deliver = () => drainDeliveries(t);

  async function openGiveaway(sessionId: string, input: Record<string, unknown>): Promise<string> {
    const { giveaway } = await mutate(t, owner.token, 'createLotteryGiveaway', { sessionId, title: '福袋', mode: 'UNIFORM', winnerCount: 50, ...input }, 'giveaway { id }');
    await mutate(t, owner.token, 'openLotteryGiveaway', { giveawayId: giveaway.id }, 'giveaway { id }');
    return giveaway.id;
  }

  interface Drawn {
    entrantCount: number;
    eligibleCount: number;
    ineligibleCounts: { reason: string; count: number }[];
    /** The winners' platform ids, sorted. */
    winners: string[];
    viewers: { id: string; platformUserId: string }[];
    listUrl: string;
  }

  /** Closes and draws; every eligible entrant wins. */
  async function closeAndDraw(giveawayId: string): Promise<Drawn> {
    const { giveaway: closed } = await mutate(t, owner.token, 'closeLotteryGiveaway', { giveawayId }, 'giveaway { entrantCount eligibleCount ineligibleCounts { reason count } }');
    const { giveaway: drawn } = await mutate(
      t,
      owner.token,
      'drawLotteryGiveaway',
      { giveawayId, salt: `salt ${giveawayId}` },
      'giveaway { winners { viewer { id platformUserId } } draws { entrantListUrl } }',
    );
    const winners = (drawn.winners as { viewer: { id: string; platformUserId: string } }[]).map((winner) => winner.viewer);
    return { ...closed, winners: winners.map((viewer) => viewer.platformUserId).sort(), viewers: winners, listUrl: drawn.draws[0].entrantListUrl as string };
  }

  const counts = (entries: { reason: string; count: number }[]) => Object.fromEntries(entries.map((entry) => [entry.reason, entry.count]));

  it('evaluates follower, fan club, watch time, purchase, region, staff and blocked at close', async () => {
    const sessionId = await seedScheduledSession(t, owner.token);
    await mutate(t, owner.token, 'createHost', { name: '主播', platformAccounts: [{ platform: 'DOUYIN', handle: 'staff', followers: 10 }] }, 'host { id }');
    const giveaways = {
      follower: await openGiveaway(sessionId, { conditions: { requireFollower: true } }),
      fanClub: await openGiveaway(sessionId, { conditions: { requireFanClub: true } }),
      watched: await openGiveaway(sessionId, { conditions: { minWatchMinutes: 5 } }),
      purchase: await openGiveaway(sessionId, { conditions: { requirePurchase: true } }),
      region: await openGiveaway(sessionId, { conditions: { regions: ['zhejiang', '上海'] } }),
      defaults: await openGiveaway(sessionId, {}),
      nobodyOut: await openGiveaway(sessionId, { exclusions: { excludeStaff: false, excludeBlocked: false } }),
    };
    const everyone = ['plain', 'follower', 'late-follower', 'fan', 'watcher', 'glimpse', 'buyer', 'refunded', 'zj', 'staff', 'blocked'];
    await ingest(sessionId, [
      event('FOLLOW', 'follower'),
      event('FAN_CLUB_JOIN', 'fan'),
      event('VIEWER_JOINED', 'watcher', { occurredAt: minutesAgo(10) }),
      event('VIEWER_LEFT', 'watcher', { occurredAt: minutesAgo(1) }),
      event('VIEWER_JOINED', 'glimpse', { occurredAt: minutesAgo(2) }),
      event('VIEWER_LEFT', 'glimpse', { occurredAt: minutesAgo(1) }),
      event('ORDER_CREATED', 'buyer', { orderId: 'o-1', amount: 9900 }),
      event('ORDER_PAID', 'buyer', { orderId: 'o-1' }),
      event('ORDER_CREATED', 'refunded', { orderId: 'o-2', amount: 9900 }),
      event('ORDER_PAID', 'refunded', { orderId: 'o-2' }),
      // A refund without an amount refunds the whole order.
      event('ORDER_REFUNDED', 'refunded', { orderId: 'o-2' }),
      ...everyone.map((viewer) => comment(viewer, viewer === 'zj' ? { region: 'Zhejiang' } : {})),
    ]);
    // Following after entering still counts: conditions are read when entries close.
    await ingest(sessionId, [event('FOLLOW', 'late-follower')]);
    // An operator blocks a viewer (moderation); the giveaway leaves them out at close.
    const [blockedRow] = await t.app.orm.em.fork().getConnection().execute<{ id: string }[]>(`select id from viewers where platform_user_id = 'blocked'`);
    const blocked = await mutate(t, owner.token, 'setViewerBlocked', { viewerId: Buffer.from(`Viewer:${blockedRow!.id}`).toString('base64'), blocked: true }, 'viewer { platformUserId blocked }');
    expect(blocked.viewer).toEqual({ platformUserId: 'blocked', blocked: true });
    await deliver();

    const follower = await closeAndDraw(giveaways.follower);
    expect(follower.winners).toEqual(['follower', 'late-follower']);
    expect(counts(follower.ineligibleCounts)).toEqual({ STAFF: 1, BLOCKED: 1, NOT_FOLLOWER: 7 });
    expect(follower).toMatchObject({ entrantCount: 11, eligibleCount: 2 });

    expect((await closeAndDraw(giveaways.fanClub)).winners).toEqual(['fan']);
    const watched = await closeAndDraw(giveaways.watched);
    expect(watched.winners).toEqual(['watcher']);
    expect(counts(watched.ineligibleCounts).WATCH_TIME_TOO_SHORT).toBe(8);
    expect((await closeAndDraw(giveaways.purchase)).winners).toEqual(['buyer']);
    const region = await closeAndDraw(giveaways.region);
    expect(region.winners).toEqual(['zj']);
    expect(counts(region.ineligibleCounts).REGION).toBe(8);

    const defaults = await closeAndDraw(giveaways.defaults);
    expect(defaults.winners).toEqual(everyone.filter((viewer) => viewer !== 'staff' && viewer !== 'blocked').sort());
    expect(counts(defaults.ineligibleCounts)).toEqual({ STAFF: 1, BLOCKED: 1 });
    expect((await closeAndDraw(giveaways.nobodyOut)).winners).toEqual([...everyone].sort());
  });

  it('leaves out earlier winners of the session, or of the campaign', async () => {
    const campaignId = await seedCampaign(t, owner.token, 0, 72);
    const inCampaign = async () => {
      const id = await seedSession(t, owner.token, { campaignId });
      await mutate(t, owner.token, 'scheduleSession', { id }, 'session { id }');
      return id;
    };
    const first = await inCampaign();
    const second = await inCampaign();

    const earlier = await openGiveaway(first, { winnerCount: 1, conditions: { keyword: 'first' } });
    await ingest(first, [comment('alice', { text: 'first' })]);
    await deliver();
    expect((await closeAndDraw(earlier)).winners).toEqual(['alice']);

    const sameSession = await openGiveaway(first, { exclusions: { excludeEarlierWinners: 'SESSION' }, conditions: { keyword: 'again' } });
    const otherSession = await openGiveaway(second, { exclusions: { excludeEarlierWinners: 'SESSION' }, conditions: { keyword: 'again' } });
    const campaign = await openGiveaway(second, { exclusions: { excludeEarlierWinners: 'CAMPAIGN' }, conditions: { keyword: 'again' } });
    await ingest(first, [comment('alice', { text: 'again' }), comment('bob', { text: 'again' })]);
    await ingest(second, [comment('alice', { text: 'again' }), comment('bob', { text: 'again' })]);
    await deliver();

    const session = await closeAndDraw(sameSession);
    expect(session.winners).toEqual(['bob']);
    expect(counts(session.ineligibleCounts)).toEqual({ EARLIER_WINNER: 1 });
    expect((await closeAndDraw(otherSession)).winners).toEqual(['alice', 'bob']);
    // bob has meanwhile won in the first session too.
    const byCampaign = await closeAndDraw(campaign);
    expect(byCampaign.winners).toEqual([]);
    expect(counts(byCampaign.ineligibleCounts)).toEqual({ EARLIER_WINNER: 2 });
  });

  it('weights fan-club members and followers in a weighted draw, and lists every entrant with its weight', async () => {
    const sessionId = await seedScheduledSession(t, owner.token);
    const giveawayId = await openGiveaway(sessionId, { mode: 'WEIGHTED', weights: { fanClubMember: 3, follower: 2 } });
    await ingest(sessionId, [
      event('FAN_CLUB_JOIN', 'w-fan'),
      event('FOLLOW', 'w-follower'),
      event('FAN_CLUB_JOIN', 'w-both'),
      event('FOLLOW', 'w-both'),
      ...['w-plain', 'w-fan', 'w-follower', 'w-both'].map((viewer) => comment(viewer)),
    ]);
    await deliver();
    const drawn = await closeAndDraw(giveawayId);
    const list = await (await fetch(`${t.url}${drawn.listUrl}`)).text();
    const weights = Object.fromEntries(list.trim().split('\n').map((line) => line.split('\t') as [string, string]));
    const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
    expect(Object.fromEntries(drawn.viewers.map((viewer) => [viewer.platformUserId, weights[rawId(viewer.id)]]))).toEqual({
      'w-plain': '1',
      'w-fan': '3',
      'w-follower': '2',
      'w-both': '6',
    });
  });
});
