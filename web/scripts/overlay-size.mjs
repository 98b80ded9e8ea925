// Prints how much JavaScript an OBS overlay page downloads, gzip-compressed, from the last build
// (`npm run build -w @broadcart/web`): the client entry, the layouts above the overlay route and
// its page, with every chunk they import statically (what the browser source fetches before
// anything is on stream), plus the installed plugins' `overlay` widgets, which it loads next. The
// budget applies to that sum. Other slots' widget chunks are reachable but never loaded there.
//
//   node scripts/overlay-size.mjs [--json] [--budget <kB>]
//
// Exits with 1 when the total is over the budget (default 60 kB).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROUTE_ID = '/overlay/[sessionId]';
const args = process.argv.slice(2);
const json = args.includes('--json');
const budgetIndex = args.indexOf('--budget');
const budgetKb = budgetIndex >= 0 ? Number(args[budgetIndex + 1]) : 60;
if (!Number.isFinite(budgetKb) || budgetKb <= 0) fail(`--budget takes a size in kB, got "${args[budgetIndex + 1]}"`);

const output = new URL('../.svelte-kit/output/', import.meta.url);
const serverManifest = new URL('server/manifest-full.js', output);
const clientManifest = new URL('client/.vite/manifest.json', output);
if (!existsSync(serverManifest) || !existsSync(clientManifest)) fail(`no build output in ${output.pathname}: run \`npm run build -w @broadcart/web\` first`);

const { manifest } = await import(serverManifest.href);
const route = manifest._.routes.find((candidate) => candidate.id === ROUTE_ID);
if (!route?.page) fail(`the build has no page route ${ROUTE_ID}`);

// The client entry (start + app) and each node's static imports, as SvelteKit preloads them.
const initial = new Set(manifest._.client.imports);
for (const index of [...route.page.layouts, route.page.leaf].filter((node) => node !== undefined)) {
  const node = await import(new URL(`server/nodes/${index}.js`, output).href);
  for (const file of node.imports) initial.add(file);
}

/** @type {Record<string, { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; src?: string; name?: string }>} */
const chunks = JSON.parse(readFileSync(clientManifest, 'utf8'));
const byFile = new Map(Object.entries(chunks).map(([key, chunk]) => [chunk.file, { key, ...chunk }]));
const gzipBytes = (file) => gzipSync(readFileSync(new URL(`client/${file}`, output)), { level: 9 }).length;

function closure(key, seen = new Set()) {
  const chunk = chunks[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const child of chunk.imports ?? []) closure(child, seen);
  return seen;
}

// The app entry's dynamic imports are the other pages' nodes; any other chunk's are lazy parts of this page.
const lazy = [];
for (const file of initial) {
  const chunk = byFile.get(file);
  if (!chunk || chunk.isEntry) continue;
  for (const key of chunk.dynamicImports ?? []) {
    if (lazy.some((entry) => entry.key === key)) continue;
    const files = [...closure(key)].filter((item) => !initial.has(item));
    lazy.push({ key, from: chunk.name ?? chunk.key, files, gzip: files.reduce((sum, item) => sum + gzipBytes(item), 0) });
  }
}

// The overlay slot's widget files, from the same plugin configuration the build used.
const webDir = fileURLToPath(new URL('../', import.meta.url));
const listed = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/widget-packages.ts'], { cwd: webDir, encoding: 'utf8' });
if (listed.status !== 0) fail(`could not list the installed widgets: ${listed.stderr}`);
const overlayFiles = new Set(JSON.parse(listed.stdout).flatMap((entry) => entry.widgets.filter((widget) => widget.slot === 'overlay' && widget.file).map((widget) => widget.file)));
for (const entry of lazy) entry.overlay = overlayFiles.has(path.resolve(webDir, entry.key));

const files = [...initial].map((file) => ({ file, gzip: gzipBytes(file) })).sort((a, b) => b.gzip - a.gzip);
const initialTotal = files.reduce((sum, entry) => sum + entry.gzip, 0);
const widgetsTotal = lazy.filter((entry) => entry.overlay).reduce((sum, entry) => sum + entry.gzip, 0);
const total = initialTotal + widgetsTotal;
const over = total > budgetKb * 1024;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

if (json) {
  console.log(JSON.stringify({ route: ROUTE_ID, gzipBytes: total, initialGzipBytes: initialTotal, overlayWidgetsGzipBytes: widgetsTotal, budgetBytes: budgetKb * 1024, files, lazy }, null, 2));
} else {
  console.log(`JavaScript of ${ROUTE_ID} before anything is on stream (gzip -9):`);
  for (const entry of files) console.log(`  ${entry.file.padEnd(52)} ${kb(entry.gzip).padStart(9)}`);
  console.log(`  ${'before the first paint'.padEnd(52)} ${kb(initialTotal).padStart(9)}`);
  console.log('Overlay widgets of the installed plugins, loaded next:');
  for (const entry of lazy.filter((item) => item.overlay)) console.log(`  ${entry.key.padEnd(52)} ${kb(entry.gzip).padStart(9)}   (${entry.files.length} files)`);
  console.log(`  ${'total'.padEnd(52)} ${kb(total).padStart(9)}   budget ${budgetKb} kB${over ? '  OVER BUDGET' : ''}`);
  const others = lazy.filter((item) => !item.overlay);
  if (others.length) console.log(`Not loaded on overlays: ${others.map((entry) => `${entry.key} (${kb(entry.gzip)})`).join(', ')}`);
}
process.exit(over ? 1 : 0);

function fail(message) {
  console.error(`overlay-size: ${message}`);
  process.exit(2);
}
