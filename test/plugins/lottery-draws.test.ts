import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import lottery from '@broadcart/plugin-lottery';
import { installPlugin } from '@broadcart/plugin-sdk';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { mutate, mutateResult, signUpOrg, type SignedIn } from '../support/seed.js';
import { drainDeliveries, ingestAccepted, seedScheduledSession } from '../support/ingest.js';
import { waitUntil } from '../support/realtime-clients.js';

const VERIFIER = fileURLToPath(new URL('../../plugins/lottery/bin/verify-draw.mjs', import.meta.url));
const sha256 = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');

const DRAW = 'id round drawnAt seedCommitment serverSeed publicValue publicValueSource beaconRound listHash entrantCount winnerCount nextSeedCommitment proof proofUrl entrantListUrl';
const WINNER = 'id rank drawRank round status claimDeadline claimedAt contactStatus addressStatus replacedInRound viewer { platformUserId } prize { name }';
const GIVEAWAY = `id status closedAt seedCommitment nextSeedCommitment listHash eligibleCount winners { ${WINNER} } draws { ${DRAW} }`;

/** The pieces every draw test needs, on one app. */
function lotteryTestKit(getApp: () => TestApp, getOwner: () => SignedIn, now: () => Date) {
  let eventCount = 0;
  const kit = {
    deliver: () => drainDeliveries(getApp()),
    /** A CLOSED giveaway with `viewers` as entrants. */
    async closedGiveaway(input: Record<string, unknown>, viewers: string[]) {
      const t = getApp();
      const owner = getOwner();
      const sessionId = await seedScheduledSession(t, owner.token);
      const { giveaway } = await mutate(t, owner.token, 'createLotteryGiveaway', { sessionId, title: '福袋', mode: 'UNIFORM', ...input }, `giveaway { ${GIVEAWAY} }`);
      await mutate(t, owner.token, 'openLotteryGiveaway', { giveawayId: giveaway.id }, 'giveaway { id }');
      const events = viewers.map((viewer) => ({ id: `e${++eventCount}`, kind: 'COMMENT', occurredAt: now().toISOString(), viewer, text: '抽奖' }));
      await ingestAccepted(t, owner.token, sessionId, events);
      await kit.deliver();
      await mutate(t, owner.token, 'closeLotteryGiveaway', { giveawayId: giveaway.id }, 'giveaway { id }');
      return giveaway as { id: string; seedCommitment: string };
    },
    draw: async (giveawayId: string, salt?: string) => (await mutate(getApp(), getOwner().token, 'drawLotteryGiveaway', { giveawayId, salt }, `giveaway { ${GIVEAWAY} }`)).giveaway,
    redraw: async (giveawayId: string, salt?: string) => (await mutate(getApp(), getOwner().token, 'redrawLotteryGiveaway', { giveawayId, salt }, `giveaway { ${GIVEAWAY} }`)).giveaway,
    read: async (giveawayId: string, includeReplaced = false) =>
      (
        await getApp().gql<{ node: any }>(
          `query($id: ID!, $all: Boolean) { node(id: $id) { ... on LotteryGiveaway { ${GIVEAWAY.replace('winners {', 'winners(includeReplaced: $all) {')} } } }`,
          { id: giveawayId, all: includeReplaced },
          getOwner().token,
        )
      ).node,
    updateWinner: (winnerId: string, changes: Record<string, unknown>) => mutateResult(getApp(), getOwner().token, 'updateLotteryWinner', { winnerId, ...changes }, `winner { ${WINNER} }`),
    /** Downloads a draw's files (without a token) and runs the standalone verifier on them. */
    async verify(draw: { proofUrl: string; entrantListUrl: string }, tamper: (list: string) => string = (list) => list) {
      const t = getApp();
      const proof = await fetch(`${t.url}${draw.proofUrl}`);
      const list = await fetch(`${t.url}${draw.entrantListUrl}`);
      expect([proof.status, list.status]).toEqual([200, 200]);
      const dir = await mkdtemp(path.join(tmpdir(), 'lottery-verify-'));
      const proofFile = path.join(dir, 'proof.json');
      const listFile = path.join(dir, 'entrants.txt');
      const listText = await list.text();
      await writeFile(proofFile, await proof.text());
      await writeFile(listFile, tamper(listText));
      const result = await promisify(execFile)(process.execPath, [VERIFIER, proofFile, listFile]).then(
        (output) => ({ code: 0, stdout: output.stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: `${error.stdout}${error.stderr}` }),
      );
      return { ...result, listText };
    },
  };
  return kit;
}

describe('lottery draws with a salt', () => {
  let t: TestApp;
  let owner: SignedIn;
  let aheadMs = 0;
  const now = () => new Date(Date.now() + aheadMs);
  const kit = lotteryTestKit(
    () => t,
    () => owner,
    now,
  );
  const viewers = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

  beforeAll(async () => {
    t = await startTestApp({ clock: now });
    owner = await signUpOrg(t);
  });
  afterAll(() => t?.close());

  it('publishes a commitment at creation that the seed revealed by the draw matches, and keeps the seed secret until then', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 2 }, viewers('c', 6));
    const before = await kit.read(created.id);
    expect(before).toMatchObject({ status: 'CLOSED', draws: [], winners: [], eligibleCount: 6, nextSeedCommitment: created.seedCommitment });
    const type = await t.gql<{ __type: { fields: { name: string }[] } }>('{ __type(name: "LotteryGiveaway") { fields { name } } }', {}, owner.token);
    expect(type.__type.fields.map((field) => field.name).filter((name) => /seed/i.test(name)).sort()).toEqual(['nextSeedCommitment', 'seedCommitment']);

    const drawn = await kit.draw(created.id, '2030-01-07 直播间 #42');
    const [draw] = drawn.draws;
    expect(drawn.status).toBe('DRAWN');
    expect(draw).toMatchObject({ round: 1, seedCommitment: created.seedCommitment, publicValue: '2030-01-07 直播间 #42', publicValueSource: 'SALT', beaconRound: null, listHash: before.listHash, entrantCount: 6, winnerCount: 2 });
    expect(sha256(draw.serverSeed)).toBe(created.seedCommitment);
    expect(draw.proof).toMatchObject({ algorithm: 'broadcart-draw-v1', serverSeed: draw.serverSeed, seedCommitment: created.seedCommitment, listHash: before.listHash });
    // The next draw's seed is committed now, and differs from the revealed one.
    expect(drawn.nextSeedCommitment).toBe(draw.nextSeedCommitment);
    expect(draw.nextSeedCommitment).not.toBe(created.seedCommitment);
    expect(drawn.winners.map((winner: any) => [winner.rank, winner.round, winner.status])).toEqual([
      [1, 1, 'PENDING_CLAIM'],
      [2, 1, 'PENDING_CLAIM'],
    ]);
    expect(new Date(drawn.winners[0].claimDeadline).getTime() - now().getTime()).toBeGreaterThan(86_000_000);

    const again = await mutateResult(t, owner.token, 'drawLotteryGiveaway', { giveawayId: created.id, salt: 'another' }, 'giveaway { id }');
    expect(again).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('redrawLotteryGiveaway') });
  });

  it('serves the proof and entrant list to anyone, and the standalone verifier reproduces the winners', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 3, mode: 'WEIGHTED' }, viewers('v', 12));
    const { draws } = await kit.draw(created.id, 'salt for verification');
    const verified = await kit.verify(draws[0]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('OK: winners reproduced');
    expect(verified.listText.trim().split('\n')).toHaveLength(12);
    expect(createHash('sha256').update(verified.listText).digest('hex')).toBe(draws[0].listHash);

    const tampered = await kit.verify(draws[0], (list) => list.split('\n').slice(1).join('\n'));
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/entrant list/);

    const missing = await fetch(`${t.url}/plugins/lottery/draws/01a00000-0000-7000-8000-000000000000/proof.json`);
    expect(missing.status).toBe(404);
  });

  it('streams an entrant list of several pages that still hashes to the list hash', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 5, mode: 'WEIGHTED' }, []);
    // 25,000 entrants (the download reads 10,000 rows at a time), written straight into the
    // table of a closed giveaway as the close would have left them.
    const rawId = Buffer.from(created.id, 'base64').toString().split(':')[1]!;
    const connection = t.app.orm.em.fork().getConnection();
    await connection.execute(
      `insert into lottery_entries (giveaway_id, viewer_id, organization_id, entered_at, eligible, weight)
       select g.id, gen_random_uuid(), g.organization_id, now(), true, 1 + n % 3 from lottery_giveaways g, generate_series(1, 25000) n where g.id = ?`,
      [rawId],
    );
    const list = await connection.execute<{ viewer_id: string; weight: number }[]>('select viewer_id, weight from lottery_entries where giveaway_id = ? order by viewer_id', [rawId]);
    const text = list.map((row) => `${row.viewer_id}\t${row.weight}\n`).join('');
    await connection.execute('update lottery_giveaways set list_hash = ?, eligible_count = 25000 where id = ?', [createHash('sha256').update(text).digest('hex'), rawId]);
    // The synthetic entrants are no viewers of the core, so the winners' viewers are left out.
    const { giveaway } = await mutate(t, owner.token, 'drawLotteryGiveaway', { giveawayId: created.id, salt: 'a long list' }, `giveaway { draws { ${DRAW} } }`);
    const verified = await kit.verify(giveaway.draws[0]);
    expect(verified.listText).toBe(text);
    expect(verified.code).toBe(0);
  });

  it('requires a salt for a SALT draw, and validates it', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 1 }, viewers('s', 2));
    const missing = await mutateResult(t, owner.token, 'drawLotteryGiveaway', { giveawayId: created.id }, 'giveaway { id }');
    expect(missing.issues).toEqual([{ path: ['input', 'salt'], message: expect.stringContaining('is required') }]);
    const long = await mutateResult(t, owner.token, 'drawLotteryGiveaway', { giveawayId: created.id, salt: '抽'.repeat(171) }, 'giveaway { id }');
    expect(long.issues).toEqual([{ path: ['input', 'salt'], message: expect.stringContaining('512 bytes') }]);
  });

  it('redraws a forfeited rank with the seed committed by the first draw, excluding every earlier winner, as its own verifiable draw', async () => {
    const entrants = viewers('r', 8);
    const created = await kit.closedGiveaway(
      {
        prizes: [
          { name: '手机', quantity: 1, valueAmount: 599_900 },
          { name: '耳机', quantity: 2, valueAmount: 29_900 },
        ],
      },
      entrants,
    );
    const first = await kit.draw(created.id, 'first salt');
    expect(first.winners.map((winner: any) => winner.prize.name)).toEqual(['手机', '耳机', '耳机']);
    const firstWinners = first.winners.map((winner: any) => winner.viewer.platformUserId);

    expect((await mutateResult(t, owner.token, 'redrawLotteryGiveaway', { giveawayId: created.id, salt: 'x' }, 'giveaway { id }')).__typename).toBe('ConflictError');
    const forfeited = await kit.updateWinner(first.winners[1].id, { status: 'FORFEITED' });
    expect(forfeited.winner.status).toBe('FORFEITED');
    const noSalt = await mutateResult(t, owner.token, 'redrawLotteryGiveaway', { giveawayId: created.id }, 'giveaway { id }');
    expect(noSalt.__typename).toBe('ValidationError');

    const redrawn = await kit.redraw(created.id, 'second salt');
    const [, second] = redrawn.draws;
    expect(second).toMatchObject({ round: 2, seedCommitment: first.draws[0].nextSeedCommitment, entrantCount: 5, winnerCount: 1, publicValue: 'second salt' });
    expect(sha256(second.serverSeed)).toBe(first.draws[0].nextSeedCommitment);
    expect(redrawn.winners.map((winner: any) => [winner.rank, winner.round, winner.drawRank, winner.prize.name])).toEqual([
      [1, 1, 1, '手机'],
      [2, 2, 1, '耳机'],
      [3, 1, 3, '耳机'],
    ]);
    const newcomer = redrawn.winners[1].viewer.platformUserId;
    expect(firstWinners).not.toContain(newcomer);
    expect(entrants).toContain(newcomer);
    const all = await kit.read(created.id, true);
    expect(all.winners.map((winner: any) => [winner.rank, winner.round, winner.status, winner.replacedInRound])).toEqual([
      [1, 1, 'PENDING_CLAIM', null],
      [2, 1, 'FORFEITED', 2],
      [2, 2, 'PENDING_CLAIM', null],
      [3, 1, 'PENDING_CLAIM', null],
    ]);

    const verified = await kit.verify(second);
    expect(verified.code).toBe(0);
    for (const earlier of first.draws[0].proof.winners) expect(verified.listText).not.toContain(earlier.id);
    expect((await kit.verify(first.draws[0])).code).toBe(0);
    const nothing = await mutateResult(t, owner.token, 'redrawLotteryGiveaway', { giveawayId: created.id, salt: 'third' }, 'giveaway { id }');
    expect(nothing).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('nothing to redraw') });
  });

  // Ingestion checks event times against the wall clock, so tests that move the app's clock
  // forward put it back when they are done.
  afterEach(() => void (aheadMs = 0));

  it('expires winners who do not claim by the deadline, and their ranks can be redrawn', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 3, claimWindowSeconds: 3600 }, viewers('x', 6));
    const { winners } = await kit.draw(created.id, 'claims');
    expect((await kit.updateWinner(winners[0].id, { status: 'CLAIMED', contactStatus: 'CONFIRMED' })).winner).toMatchObject({ status: 'CLAIMED', contactStatus: 'CONFIRMED' });
    expect((await kit.updateWinner(winners[0].id, { status: 'FULFILLED', addressStatus: 'DELIVERED' })).winner).toMatchObject({ status: 'FULFILLED', addressStatus: 'DELIVERED' });
    const claimed = (await kit.updateWinner(winners[1].id, { status: 'CLAIMED' })).winner;
    expect(claimed.claimedAt).not.toBeNull();
    const skip = await kit.updateWinner(winners[2].id, { status: 'FULFILLED' });
    expect(skip).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('PENDING_CLAIM winner cannot become FULFILLED') });

    await t.app.services.scheduler.runNow('lottery:expireClaims');
    expect((await kit.read(created.id)).winners.map((winner: any) => winner.status)).toEqual(['FULFILLED', 'CLAIMED', 'PENDING_CLAIM']);
    aheadMs += 3601_000;
    // A giveaway locked by a tick already running (the scheduler's own, begun before the clock
    // moved) is left for the next tick by design: run ticks until one has taken it.
    let expired = await kit.read(created.id);
    for (let tick = 0; tick < 50 && expired.winners[2].status === 'PENDING_CLAIM'; tick++) {
      await t.app.services.scheduler.runNow('lottery:expireClaims');
      expired = await kit.read(created.id);
      if (expired.winners[2].status === 'PENDING_CLAIM') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(expired.winners.map((winner: any) => winner.status)).toEqual(['FULFILLED', 'CLAIMED', 'EXPIRED']);
    expect((await kit.updateWinner(winners[2].id, { status: 'CLAIMED' })).__typename).toBe('ConflictError');

    const redrawn = await kit.redraw(created.id, 'after expiry');
    expect(redrawn.winners.map((winner: any) => [winner.rank, winner.round, winner.status])).toEqual([
      [1, 1, 'FULFILLED'],
      [2, 1, 'CLAIMED'],
      [3, 2, 'PENDING_CLAIM'],
    ]);
    expect(new Date(redrawn.winners[2].claimDeadline).getTime() - new Date(redrawn.draws[1].drawnAt).getTime()).toBe(3600_000);
  });

  it('keeps expired prizes forfeited under the FORFEIT policy', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 1, claimWindowSeconds: 60, unclaimedPolicy: 'FORFEIT' }, viewers('f', 3));
    await kit.draw(created.id, 'forfeit');
    aheadMs += 61_000;
    await t.app.services.scheduler.runNow('lottery:expireClaims');
    expect((await kit.read(created.id)).winners[0].status).toBe('EXPIRED');
    const refused = await mutateResult(t, owner.token, 'redrawLotteryGiveaway', { giveawayId: created.id, salt: 'no' }, 'giveaway { id }');
    expect(refused).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('FORFEIT') });
  });

  const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.app.orm.em.fork().getConnection().execute<T[]>(text, params);

  it('refuses to draw on entries changed after the close, naming the mismatch, and stores no draw', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 1, mode: 'WEIGHTED' }, viewers('h', 4));
    const frozen = await kit.read(created.id);
    await sql('update lottery_entries set weight = weight + 1 where giveaway_id = ? and viewer_id = (select viewer_id from lottery_entries where giveaway_id = ? and eligible order by viewer_id limit 1)', [rawId(created.id), rawId(created.id)]);
    const refused = await mutateResult(t, owner.token, 'drawLotteryGiveaway', { giveawayId: created.id, salt: 'tampered' }, 'giveaway { id }');
    expect(refused).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining(`no longer matches the list hash frozen at close (${frozen.listHash}`) });
    expect(await kit.read(created.id)).toMatchObject({ status: 'CLOSED', draws: [], winners: [], listHash: frozen.listHash });
    const [row] = await sql<{ draws: string }>('select count(*) as draws from lottery_draws where giveaway_id = ?', [rawId(created.id)]);
    expect(Number(row!.draws)).toBe(0);
  });

  it('locks a winner’s giveaway before the winner when updating it, as draws and the claim timer do', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 1 }, viewers('l', 2));
    const { winners } = await kit.draw(created.id, 'lock order');
    const winnerId = rawId(winners[0].id);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = t.app.orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute('select 1 from lottery_giveaways where id = ? for update', [rawId(created.id)], 'all', tx.getTransactionContext());
      locked();
      await released;
    });
    await isLocked;
    let updating: Promise<any> | undefined;
    try {
      updating = kit.updateWinner(winners[0].id, { status: 'CLAIMED' });
      await waitUntil(async () => {
        const [row] = await sql<{ waiting: string }>(`select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        return Number(row?.waiting) > 0;
      }, 'the update waits for the giveaway');
      // Waiting for the giveaway, the update holds no lock on the winner yet.
      const free = await t.app.orm.em
        .fork()
        .transactional((tx) => tx.getConnection().execute('select 1 from lottery_winners where id = ? for update nowait', [winnerId], 'all', tx.getTransactionContext()))
        .then(
          () => true,
          () => false,
        );
      expect(free).toBe(true);
    } finally {
      release();
      await holder;
    }
    expect((await updating)?.winner.status).toBe('CLAIMED');
  });

  it('leaves the claims of an organization that switched the lottery off unexpired until it is switched on again', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 1, claimWindowSeconds: 60 }, viewers('z', 2));
    const { winners } = await kit.draw(created.id, 'switched off');
    await mutate(t, owner.token, 'setPluginEnabled', { namespace: 'lottery', enabled: false }, 'plugin { enabled }');
    try {
      aheadMs += 61_000;
      await t.app.services.scheduler.runNow('lottery:expireClaims');
      const [row] = await sql<{ status: string }>('select status from lottery_winners where id = ?', [rawId(winners[0].id)]);
      expect(row?.status).toBe('PENDING_CLAIM');
    } finally {
      await mutate(t, owner.token, 'setPluginEnabled', { namespace: 'lottery', enabled: true }, 'plugin { enabled }');
    }
    await t.app.services.scheduler.runNow('lottery:expireClaims');
    expect((await kit.read(created.id)).winners[0].status).toBe('EXPIRED');
  });

  it('lets no other organization see or change a winner', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 1 }, viewers('o', 2));
    const { winners, draws } = await kit.draw(created.id, 'tenancy');
    const stranger = await signUpOrg(t);
    const change = await mutateResult(t, stranger.token, 'updateLotteryWinner', { winnerId: winners[0].id, status: 'FORFEITED' }, 'winner { id }');
    expect(change.__typename).toBe('NotFoundError');
    const seen = await t.gql<{ winner: unknown; draw: unknown }>('query($w: ID!, $d: ID!) { winner: node(id: $w) { id } draw: node(id: $d) { id } }', { w: winners[0].id, d: draws[0].id }, stranger.token);
    expect(seen).toEqual({ winner: null, draw: null });
  });
});

describe('lottery draws on a public randomness beacon', () => {
  let t: TestApp;
  let owner: SignedIn;
  let beacon: Server;
  const requested: number[] = [];
  let aheadMs = 0;
  const now = () => new Date(Date.now() + aheadMs);
  const kit = lotteryTestKit(
    () => t,
    () => owner,
    now,
  );
  const PERIOD = 30;
  const genesisTime = Math.floor(Date.now() / 1000) - 10 * PERIOD;
  const randomness = (round: number) => createHash('sha256').update(`test beacon round ${round}`).digest('hex');
  const roundAfter = (at: Date) => Math.floor((at.getTime() / 1000 - genesisTime) / PERIOD) + 2;
  const roundTime = (round: number) => (genesisTime + (round - 1) * PERIOD) * 1000;

  beforeAll(async () => {
    // A drand-like beacon: round r exists once its time has come on the app's clock.
    beacon = createServer((request, response) => {
      const round = Number(/^\/public\/(\d+)$/.exec(request.url ?? '')?.[1]);
      requested.push(round);
      if (!(round >= 1) || roundTime(round) > now().getTime()) {
        response.writeHead(404).end('{}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ round, randomness: randomness(round), signature: 'ab' }));
    });
    await new Promise<void>((resolve) => beacon.listen(0, '127.0.0.1', resolve));
    const urlTemplate = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}/public/{round}`;
    t = await startTestApp({ clock: now, plugins: [installPlugin(lottery, { beacon: { urlTemplate, genesisTime, periodSeconds: PERIOD } })] });
    owner = await signUpOrg(t);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => beacon.close(() => resolve()));
  });

  it('draws on the first beacon round after entries closed, once it is out, and redraws expired ranks by itself', async () => {
    const created = await kit.closedGiveaway({ winnerCount: 2, claimWindowSeconds: 600 }, ['b-1', 'b-2', 'b-3', 'b-4', 'b-5']);
    const closed = await kit.read(created.id);
    expect(closed.status).toBe('CLOSED');
    const closedAt = new Date(closed.closedAt);
    const early = await mutateResult(t, owner.token, 'drawLotteryGiveaway', { giveawayId: created.id }, 'giveaway { id }');
    expect(early).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/published at/) });
    const salted = await mutateResult(t, owner.token, 'drawLotteryGiveaway', { giveawayId: created.id, salt: 'mine' }, 'giveaway { id }');
    expect(salted.issues).toEqual([{ path: ['input', 'salt'], message: expect.stringContaining('beacon') }]);
    // A round that is not due is not even asked for.
    expect(requested).toEqual([]);

    aheadMs += PERIOD * 1000;
    const drawn = await kit.draw(created.id);
    const [draw] = drawn.draws;
    const round = roundAfter(closedAt);
    expect(draw).toMatchObject({ publicValueSource: 'BEACON', beaconRound: round, publicValue: randomness(round) });
    expect(roundTime(round)).toBeGreaterThan(closedAt.getTime());
    expect(roundTime(round - 1)).toBeLessThanOrEqual(closedAt.getTime());
    expect((await kit.verify(draw)).code).toBe(0);

    // Nobody claims: both ranks fall vacant at the deadline; the timer redraws them on the first round after that.
    aheadMs += 601_000;
    const expiring = now();
    await t.app.services.scheduler.runNow('lottery:expireClaims');
    const expired = now();
    await t.app.services.scheduler.runNow('lottery:redrawDue');
    expect((await kit.read(created.id)).draws).toHaveLength(1);
    aheadMs += PERIOD * 1000;
    await t.app.services.scheduler.runNow('lottery:redrawDue');
    const redrawn = await kit.read(created.id);
    expect(redrawn.draws).toHaveLength(2);
    const redrawRound = redrawn.draws[1].beaconRound;
    expect([roundAfter(expiring), roundAfter(expired)]).toContain(redrawRound);
    expect(redrawn.draws[1]).toMatchObject({ round: 2, publicValue: randomness(redrawRound), seedCommitment: draw.nextSeedCommitment, entrantCount: 3, winnerCount: 2 });
    expect(redrawn.winners.map((winner: any) => [winner.rank, winner.round])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect((await kit.verify(redrawn.draws[1])).code).toBe(0);
    await t.app.services.scheduler.runNow('lottery:redrawDue');
    expect((await kit.read(created.id)).draws).toHaveLength(2);
  });
});
