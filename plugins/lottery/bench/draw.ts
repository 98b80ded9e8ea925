/**
 * The fair-draw engine on large entrant lists. Run with `npm run bench -w @broadcart/plugin-lottery`.
 *
 * For each size (BENCH_SIZES, default 1,000,000 and 5,000,000 sorted uuid-like ids) every case runs
 * in its own child process, so its peak RSS is its own (input included):
 *
 *   read ids      one pass summing the ids' lengths: the floor for touching every entrant
 *   build text    one pass building the list text in chunks, no hashing: the floor for serializing
 *   uniform       runDraw UNIFORM, k = 10, weights 1, alreadySorted (validate + serialize + hash + draw)
 *   weighted      runDraw WEIGHTED, k = 10, 20% of entrants weight 2, alreadySorted
 *   verify        the standalone verify-draw.mjs on the weighted draw's proof and list bytes
 *
 * Each case runs BENCH_REPEAT (3) times; the table shows the median. Targets: runDraw within 2 s
 * for 1M and 10 s for 5M, peak RSS within 1 GiB. Results go to test/bench/results/lottery-draw.json.
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { verifyDraw as verifyStandalone } from '../bin/verify-draw.mjs';
import { runDraw } from '../src/fair-draw/draw.js';
import type { Entrant } from '../src/fair-draw/types.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000000,5000000').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const CASES = ['read ids', 'build text', 'uniform', 'weighted', 'verify'] as const;
type CaseName = (typeof CASES)[number];
const TARGET_MS: Record<number, number> = { 1_000_000: 2_000, 5_000_000: 10_000 };
const TARGET_RSS_MIB = 1024;
const SERVER_SEED = Buffer.alloc(32, 0x42);
const PUBLIC_VALUE = 'bench public value';

interface CaseResult {
  case: CaseName;
  n: number;
  medianMs: number;
  runsMs: number[];
  /** RSS once the entrants exist, before the measured work. */
  inputRssMiB: number;
  peakRssMiB: number;
}

/**
 * Sorted, flat uuid-like ids: the first 8 hex digits grow with i, the rest are pseudo-random.
 * Each id is sliced from a byte buffer so it is one flat string, as ids read from a database are
 * (template literals would leave rope strings that the first reader pays to flatten).
 */
function syntheticEntrants(n: number, weighted: boolean): Entrant[] {
  const step = Math.floor(2 ** 32 / n);
  const bytes = Buffer.from('00000000-0000-4000-8000-000000000000', 'latin1');
  const hex = '0123456789abcdef';
  let state = 0x9e3779b9;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const put = (at: number, digits: number, value: number) => {
    for (let d = digits - 1; d >= 0; d--) {
      bytes[at + d] = hex.charCodeAt(value & 15);
      value >>>= 4;
    }
  };
  const entrants: Entrant[] = new Array(n);
  for (let i = 0; i < n; i++) {
    put(0, 8, i * step);
    put(9, 4, random());
    put(15, 3, random());
    put(20, 4, 0x8000 | (random() & 0x3fff));
    put(25, 4, random());
    put(29, 7, random());
    const r = random();
    entrants[i] = { id: bytes.toString('latin1'), weight: weighted && r % 5 === 0 ? 2 : 1 };
  }
  return entrants;
}

function runCase(name: CaseName, entrants: Entrant[]): () => unknown {
  switch (name) {
    case 'read ids':
      return () => {
        let length = 0;
        for (const entrant of entrants) length += entrant.id.length;
        return length;
      };
    case 'build text':
      return () => {
        let chunk = '';
        let chunks = 0;
        for (const { id, weight } of entrants) {
          chunk += `${id}\t${weight}\n`;
          if (chunk.length >= 1 << 21) {
            chunks++;
            chunk = '';
          }
        }
        return chunks + chunk.length;
      };
    case 'uniform':
    case 'weighted': {
      const mode = name === 'uniform' ? 'UNIFORM' : 'WEIGHTED';
      return () => runDraw({ serverSeed: SERVER_SEED, publicValue: PUBLIC_VALUE, entrants, winnerCount: 10, mode, alreadySorted: true }).proof;
    }
    case 'verify': {
      const run = runDraw({ serverSeed: SERVER_SEED, publicValue: PUBLIC_VALUE, entrants, winnerCount: 10, mode: 'WEIGHTED', alreadySorted: true });
      const proof = JSON.parse(JSON.stringify(run.proof)) as unknown;
      const listBytes = Buffer.concat(Array.from(run.listChunks(), (chunk) => Buffer.from(chunk, 'utf8')));
      return () => {
        const result = verifyStandalone(proof, listBytes);
        if (!result.ok) throw new Error(result.reason);
        return result;
      };
    }
  }
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

async function child(name: CaseName, n: number): Promise<CaseResult> {
  const entrants = syntheticEntrants(n, name === 'weighted' || name === 'verify');
  const work = runCase(name, entrants);
  const inputRssMiB = mib(process.memoryUsage.rss());
  const runsMs: number[] = [];
  for (let run = 0; run < REPEAT; run++) {
    const start = performance.now();
    work();
    runsMs.push(Math.round(performance.now() - start));
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { case: name, n, medianMs: sorted[Math.floor(sorted.length / 2)]!, runsMs, inputRssMiB, peakRssMiB: mib(process.resourceUsage().maxRSS * 1024) };
}

function inChild(name: CaseName, n: number): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const worker = fork(fileURLToPath(import.meta.url), ['--case', name, '--n', String(n)]);
    worker.once('message', (message) => resolve(message as CaseResult));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${name} (n = ${n}) exited with ${code}`));
    });
  });
}

const caseArgument = process.argv.indexOf('--case');
if (caseArgument >= 0) {
  const result = await child(process.argv[caseArgument + 1] as CaseName, Number(process.argv[process.argv.indexOf('--n') + 1]));
  process.send!(result);
  process.disconnect();
} else {
  const results: (CaseResult & { xReadIds: number; xBuildText: number; withinTarget: boolean | null })[] = [];
  for (const n of SIZES) {
    const sized: CaseResult[] = [];
    for (const name of CASES) sized.push(await inChild(name, n));
    const readIds = Math.max(1, sized.find((result) => result.case === 'read ids')!.medianMs);
    const buildText = Math.max(1, sized.find((result) => result.case === 'build text')!.medianMs);
    for (const result of sized) {
      const isDraw = result.case === 'uniform' || result.case === 'weighted';
      const target = TARGET_MS[n];
      results.push({
        ...result,
        xReadIds: Math.round((result.medianMs / readIds) * 10) / 10,
        xBuildText: Math.round((result.medianMs / buildText) * 100) / 100,
        withinTarget: isDraw && target !== undefined ? result.medianMs <= target && result.peakRssMiB <= TARGET_RSS_MIB : null,
      });
    }
  }
  console.table(
    results.map((result) => ({
      n: result.n.toLocaleString('en'),
      case: result.case,
      'median ms': result.medianMs,
      'runs ms': result.runsMs.join(' '),
      '× read ids': result.xReadIds,
      '× build text': result.xBuildText,
      'input RSS MiB': result.inputRssMiB,
      'peak RSS MiB': result.peakRssMiB,
      target: result.withinTarget === null ? '' : result.withinTarget ? 'met' : 'MISSED',
    })),
  );
  const environment = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, repeat: REPEAT };
  const resultsDir = new URL('../../../test/bench/results/', import.meta.url);
  await mkdir(resultsDir, { recursive: true });
  await writeFile(new URL('lottery-draw.json', resultsDir), JSON.stringify({ environment, targets: { ms: TARGET_MS, rssMiB: TARGET_RSS_MIB }, results, at: new Date().toISOString() }, null, 2));
  console.log(`${environment.cpu} × ${environment.cores}, Node ${environment.node}; written to test/bench/results/lottery-draw.json`);
  if (results.some((result) => result.withinTarget === false)) process.exitCode = 1;
}
