/**
 * Lottery entry intake: how fast comments become giveaway entries, end to end (see
 * ../shared/docs/performance.md). Run with `npm run bench:lottery` (also part of `npm run bench`).
 *
 *   intake    BENCH_COMMENTS (60,000) comments from BENCH_VIEWERS (20,000) viewers, 60% with the
 *             giveaway's keyword (口令), sent through `ingestEvents` in batches of 1,000 by 4 concurrent
 *             senders; timed from the first batch until the giveaway's entrant count reaches every
 *             matching viewer (ingestion, the outbox, the durable bus and the lottery's batch handler)
 *   baseline  the same entries written straight into `lottery_entries` with multi-row inserts of 500
 *             (what the database alone does), in the same run
 *   draw      closing the giveaway (freezing and checking every entrant) and drawing 10 winners
 *
 * Uses DATABASE_URL's server (in a scratch database) when set, else an embedded PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createApp, DEFAULT_LIMITS, DEMO_EMAIL, DEMO_PASSWORD, installedPlugins, seedDemo } from '@broadcart/api';
import { appClient, openBenchDatabase } from './bench-support.js';

const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 60_000);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 20_000);
const BATCH = 1_000;
const SENDERS = 4;
const KEYWORD = '福袋';

const database = await openBenchDatabase('lottery');
const app = await createApp({ ...DEFAULT_LIMITS, databaseUrl: database.url, poolSize: 20, plugins: installedPlugins });
await app.migrate();
await seedDemo(app);

const { gql, mutation } = appClient(app);

const token = (await mutation('signIn', { email: DEMO_EMAIL, password: DEMO_PASSWORD }, 'token', '')).token as string;
const start = new Date(Date.now() + 3_600_000);
const session = await mutation(
  'createSession',
  { title: '福袋 intake benchmark', platform: 'DOUYIN', scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 7_200_000).toISOString() },
  'session { id }',
  token,
);
const sessionId = session.session.id as string;
await mutation('scheduleSession', { id: sessionId }, 'session { id }', token);
const created = await mutation(
  'createLotteryGiveaway',
  { sessionId, title: '整点福袋', mode: 'UNIFORM', prizes: [{ name: '口红', quantity: 10, valueAmount: 19_900 }], conditions: { keyword: KEYWORD }, publicValueSource: 'SALT' },
  'giveaway { id }',
  token,
);
const giveawayId = created.giveaway.id as string;
await mutation('openLotteryGiveaway', { giveawayId }, 'giveaway { status }', token);

// The comment stream: each viewer comments several times; a viewer enters when any of their comments carries the keyword.
const matching = new Set<string>();
const events = Array.from({ length: COMMENTS }, (_, index) => {
  const viewer = `viewer-${index % VIEWERS}`;
  const withKeyword = (index * 7) % 10 < 6;
  if (withKeyword) matching.add(viewer);
  return { id: `c-${index}`, kind: 'COMMENT', occurredAt: new Date().toISOString(), viewer, text: withKeyword ? `我要${KEYWORD}!` : '主播好' };
});
const batches: (typeof events)[] = [];
for (let index = 0; index < events.length; index += BATCH) batches.push(events.slice(index, index + BATCH));

async function entrantCount(): Promise<number> {
  const data = await gql<{ node: { entrantCount: number } }>('query($id: ID!) { node(id: $id) { ... on LotteryGiveaway { entrantCount } } }', { id: giveawayId }, token);
  return data.node.entrantCount;
}

console.log(`lottery intake: ${COMMENTS} comments, ${VIEWERS} viewers, ${matching.size} of them with the keyword`);
const began = performance.now();
let next = 0;
let sentAt = 0;
await Promise.all(
  Array.from({ length: SENDERS }, async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      await gql('mutation($input: IngestEventsInput!) { ingestEvents(input: $input) { __typename } }', { input: { sessionId, events: batch } }, token);
    }
    sentAt = performance.now();
  }),
);
let entrants = 0;
let lastReport = performance.now();
while ((entrants = await entrantCount()) < matching.size) {
  if (performance.now() - lastReport > 1000) {
    console.log(`  … ${entrants} / ${matching.size} entrants`);
    lastReport = performance.now();
  }
  if (performance.now() - began > 600_000) throw new Error(`only ${entrants} of ${matching.size} entrants after 10 minutes`);
  await new Promise((resolve) => setTimeout(resolve, 25));
}
const intakeMs = performance.now() - began;
const ingestMs = sentAt - began;

// Baseline: the same number of entries written straight into the table, 500 rows per statement.
const connection = app.orm.em.fork().getConnection();
const [giveawayRow] = await connection.execute<{ organization_id: string }[]>('select organization_id from lottery_giveaways limit 1');
const organizationId = giveawayRow!.organization_id;
const [baselineRow] = await connection.execute<{ id: string }[]>(
  `insert into lottery_giveaways select (jsonb_populate_record(null::lottery_giveaways, to_jsonb(g) || jsonb_build_object('id', ?::uuid, 'entrant_count', 0))).* from lottery_giveaways g limit 1 returning id`,
  [randomUUID()],
);
const baselineGiveaway = baselineRow!.id;
const viewerIds = Array.from({ length: matching.size }, () => randomUUID());
const baselineBegan = performance.now();
for (let index = 0; index < viewerIds.length; index += 500) {
  const rows = viewerIds.slice(index, index + 500).map((viewerId, offset) => ({ giveaway_id: baselineGiveaway, viewer_id: viewerId, organization_id: organizationId, entered_at: new Date().toISOString(), comment_seq: index + offset }));
  await connection.execute(
    `insert into lottery_entries (giveaway_id, viewer_id, organization_id, entered_at, comment_seq)
     select giveaway_id, viewer_id, organization_id, entered_at, comment_seq from jsonb_to_recordset(?::jsonb) as r(giveaway_id uuid, viewer_id uuid, organization_id uuid, entered_at timestamptz, comment_seq bigint)
     on conflict do nothing`,
    [JSON.stringify(rows)],
  );
}
const baselineMs = performance.now() - baselineBegan;

// Closing freezes the list (conditions checked for every entrant); then a draw.
const closeBegan = performance.now();
await mutation('closeLotteryGiveaway', { giveawayId }, 'giveaway { status eligibleCount }', token);
const closeMs = performance.now() - closeBegan;
const drawBegan = performance.now();
const drawn = await mutation('drawLotteryGiveaway', { giveawayId, salt: 'bench-salt' }, 'giveaway { winners { rank } }', token);
const drawMs = performance.now() - drawBegan;

const result = {
  comments: COMMENTS,
  entrants: matching.size,
  ingestSeconds: ingestMs / 1000,
  /** From the last ingested batch to the last entry: how far the bus and the handler trail ingestion. */
  lagAfterIngestMs: Math.round(intakeMs - ingestMs),
  intakeSeconds: intakeMs / 1000,
  commentsPerSecond: Math.round(COMMENTS / (intakeMs / 1000)),
  entriesPerSecond: Math.round(matching.size / (intakeMs / 1000)),
  baselineEntriesPerSecond: Math.round(matching.size / (baselineMs / 1000)),
  shareOfBaseline: Number((matching.size / (intakeMs / 1000) / (matching.size / (baselineMs / 1000))).toFixed(3)),
  closeMs: Math.round(closeMs),
  drawMs: Math.round(drawMs),
  winners: drawn.giveaway.winners.length,
};
console.table({
  'comments → entries (end to end)': { rate: `${result.commentsPerSecond} comments/s`, entries: `${result.entriesPerSecond} entries/s`, seconds: result.intakeSeconds.toFixed(2) },
  'baseline: multi-row inserts': { rate: '', entries: `${result.baselineEntriesPerSecond} entries/s`, seconds: (baselineMs / 1000).toFixed(2) },
  [`close (${matching.size} entrants checked) and draw`]: { rate: '', entries: '', seconds: `${(closeMs / 1000).toFixed(2)} + ${(drawMs / 1000).toFixed(2)}` },
});
console.log(
  `ingestion of the comments took ${result.ingestSeconds.toFixed(2)} s; the last entry landed ${result.lagAfterIngestMs} ms after the last batch; ` +
    `entries arrive at ${(result.shareOfBaseline * 100).toFixed(1)}% of the bare insert rate (bounded by ingesting 1 matching viewer per ${(COMMENTS / matching.size).toFixed(1)} comments)`,
);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/lottery-intake.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);

await app.close();
await database.close();
