// Event to painted overlay, in Debian's Chromium: an OBS overlay page (`/overlay/{id}?token=`) is
// open on a LIVE session; the benchmark switches the segment on air (`goToSegment`), which changes
// the product the overlay shows, and times from just before the mutation is sent until the frame
// after the overlay's DOM shows the new product (two animation frames after the change: painted).
// Baseline in the same run: a graphql-ws client in Node subscribed to the same `sessionUpdated`,
// timed from the same instant to its message. Also reports the overlay route's JavaScript:
// gzip sizes from the build (web/scripts/overlay-size.mjs) and the bytes Chromium downloaded.
//
//   npm run bench:overlay -w @broadcart/test     (BENCH_ROUNDS, default 200; DATABASE_URL optional)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'hdr-histogram-js';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { createApp, DEFAULT_LIMITS, installedPlugins, type WebHandler } from '@broadcart/api';
import { graphqlOverHttp, type TestApp } from '../support/test-app.js';
import { signUpOrg, mutate } from '../support/seed.js';
import { seedProduct, addProduct, seedHost, assignHost, hoursFrom } from '../support/sessions-seed.js';
import { launchChromium } from '../e2e/support/browser.js';
import { WEB_DIR, WEB_HANDLER, setup as buildWeb } from '../e2e/support/web-build.js';
import { openBenchDatabase } from './bench-support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const WARMUP = 10;

buildWeb();
const database = await openBenchDatabase('overlay');
const { handler } = (await import(WEB_HANDLER)) as { handler: WebHandler };
const app = await createApp({ ...DEFAULT_LIMITS, databaseUrl: database.url, logger: pino({ level: 'silent' }), plugins: installedPlugins, web: handler });
await app.migrate();
await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const t = graphqlOverHttp(origin) as TestApp;

// A live session whose two segments feature different products.
const owner = await signUpOrg(t, 'Overlay bench');
const productA = await seedProduct(t, owner.token, 100, '保湿精华 A');
const productB = await seedProduct(t, owner.token, 100, '防晒喷雾 B');
const { session } = await mutate(t, owner.token, 'createSession', { title: 'Overlay bench', platform: 'DOUYIN', scheduledStart: hoursFrom(20), scheduledEnd: hoursFrom(22) }, 'session { id }');
const sessionId: string = session.id;
for (const productId of [productA, productB]) await addProduct(t, owner.token, sessionId, productId);
await assignHost(t, owner.token, sessionId, await seedHost(t, owner.token), 'MAIN');
const segments: string[] = [];
for (const [index, productId] of [productA, productB].entries()) {
  const { segment } = await mutate(t, owner.token, 'createSegment', { sessionId, kind: 'PRODUCT_PITCH', title: `Segment ${index}`, plannedOffsetSeconds: index * 600, plannedDurationSeconds: 600, productIds: [productId] }, 'segment { id }');
  segments.push(segment.id);
}
await mutate(t, owner.token, 'scheduleSession', { id: sessionId }, 'session { id }');
await mutate(t, owner.token, 'startSession', { id: sessionId }, 'session { id }');
const { token: overlayToken } = await mutate(t, owner.token, 'createOverlayToken', { sessionId, label: 'bench' }, 'token');
const titles = ['保湿精华 A', '防晒喷雾 B'];

// Baseline: a plain graphql-ws client in Node on the same subscription.
const ws = createClient({ url: `${origin.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${overlayToken}` } });
let nodeWaiter: ((at: number) => void) | null = null;
ws.subscribe(
  { query: 'subscription($id: ID!) { sessionUpdated(id: $id) { id version currentSegment { id } } }', variables: { id: sessionId } },
  { next: () => nodeWaiter?.(performance.timeOrigin + performance.now()), error: (error) => console.error(error), complete: () => undefined },
);

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.goto(`${origin}/overlay/${encodeURIComponent(sessionId)}?token=${encodeURIComponent(overlayToken)}`);
await page.getByText(titles[0]!).first().waitFor({ timeout: 30_000 });
// Records when each product title first appears, two animation frames after the DOM change.
await page.evaluate(() => {
  const w = window as unknown as { __painted: Record<string, number> };
  w.__painted = {};
  new MutationObserver(() => {
    const text = document.body.innerText;
    for (const title of ['保湿精华 A', '防晒喷雾 B']) {
      if (text.includes(title) && !(title in w.__painted)) {
        requestAnimationFrame(() => requestAnimationFrame(() => (w.__painted[title] = performance.timeOrigin + performance.now())));
      }
    }
    for (const title of Object.keys(w.__painted)) if (!text.includes(title)) delete w.__painted[title];
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
});

const overlay = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000, numberOfSignificantValueDigits: 3 });
const baseline = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000, numberOfSignificantValueDigits: 3 });
for (let round = 0; round < ROUNDS + WARMUP; round++) {
  const target = (round + 1) % 2;
  const title = titles[target]!;
  const nodeReceived = new Promise<number>((resolve) => (nodeWaiter = resolve));
  const started = performance.timeOrigin + performance.now();
  await t.gql(`mutation($input: GoToSegmentInput!) { goToSegment(input: $input) { __typename } }`, { input: { sessionId, segmentId: segments[target] } }, owner.token);
  const painted = await page.waitForFunction((wanted) => (window as unknown as { __painted: Record<string, number> }).__painted[wanted], title, { timeout: 10_000, polling: 'raf' });
  const paintedAt = (await painted.jsonValue()) as number;
  const nodeAt = await nodeReceived;
  if (round >= WARMUP) {
    overlay.recordValue(Math.max(1, Math.round(paintedAt - started)));
    baseline.recordValue(Math.max(1, Math.round(nodeAt - started)));
  }
  // Let the card's entrance settle so rounds do not overlap.
  await new Promise((resolve) => setTimeout(resolve, 100));
}

// What the browser downloaded for the overlay (on-wire bytes as served: precompressed brotli or gzip).
const fresh = await browser.newPage({ viewport: { width: 720, height: 1280 } });
await fresh.goto(`${origin}/overlay/${encodeURIComponent(sessionId)}?token=${encodeURIComponent(overlayToken)}&layout=vertical`);
await fresh.getByText(titles[0]!).or(fresh.getByText(titles[1]!)).first().waitFor({ timeout: 30_000 });
await fresh.waitForTimeout(1000);
const downloaded = await fresh.evaluate(() =>
  (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((entry) => entry.name.endsWith('.js'))
    .reduce((sum, entry) => sum + entry.encodedBodySize, 0),
);
// The size script exits 1 when over budget; its JSON is what counts here.
const sizes = JSON.parse(spawnSync(process.execPath, ['scripts/overlay-size.mjs', '--json'], { cwd: WEB_DIR, encoding: 'utf8' }).stdout) as { gzipBytes: number; initialGzipBytes: number; overlayWidgetsGzipBytes: number };

const row = (name: string, histogram: typeof overlay) => ({
  path: name,
  p50: histogram.getValueAtPercentile(50),
  p95: histogram.getValueAtPercentile(95),
  p99: histogram.getValueAtPercentile(99),
  max: histogram.maxValue,
});
const results = {
  benchmark: 'overlay',
  rounds: ROUNDS,
  node: process.version,
  chromium: browser.version(),
  cpus: os.cpus().length,
  latencyMs: [row('event → painted overlay (Chromium)', overlay), row('event → graphql-ws client in Node (baseline)', baseline)],
  javascript: { buildGzipBytes: sizes.initialGzipBytes, overlayWidgetGzipBytes: sizes.overlayWidgetsGzipBytes, totalGzipBytes: sizes.gzipBytes, downloadedBytes: downloaded },
};
console.table(results.latencyMs);
console.log(`overlay JavaScript: ${(results.javascript.buildGzipBytes / 1024).toFixed(1)} kB gzip before the first paint + ${(results.javascript.overlayWidgetGzipBytes / 1024).toFixed(1)} kB of overlay widgets = ${(results.javascript.totalGzipBytes / 1024).toFixed(1)} kB (budget 60 kB); Chromium downloaded ${(downloaded / 1024).toFixed(1)} kB of JavaScript (as served: brotli or gzip)`);
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(`${resultsDir}/overlay.json`, `${JSON.stringify(results, null, 2)}\n`);

await browser.close();
await ws.dispose();
await app.close();
await database.close();
process.exit(0);
