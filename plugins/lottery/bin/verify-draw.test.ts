import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runDraw } from '../src/fair-draw/draw.js';

const VERIFIER = fileURLToPath(new URL('./verify-draw.mjs', import.meta.url));
const DOC = readFileSync(new URL('../docs/fair-draw.md', import.meta.url), 'utf8');
const scratch = mkdtempSync(path.join(tmpdir(), 'verify-draw-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function docBlock(marker: string): string {
  return /```[a-z]*\n([\s\S]*?)```/.exec(DOC.slice(DOC.indexOf(`<!-- ${marker}`)))![1]!;
}

let files = 0;
function write(content: string): string {
  const file = path.join(scratch, `file-${files++}`);
  writeFileSync(file, content);
  return file;
}

function verifier(...args: string[]) {
  const result = spawnSync(process.execPath, [VERIFIER, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('verify-draw.mjs', () => {
  const entrants = Array.from({ length: 40 }, (_, i) => ({ id: `viewer-${String(i).padStart(2, '0')}`, weight: 1 + (i % 4) }));
  const serverSeed = Buffer.alloc(32, 9);

  it.each(['UNIFORM', 'WEIGHTED'] as const)('reproduces a %s draw, printing the winners as the proof has them', (mode) => {
    const { proof, listText } = runDraw({ serverSeed, publicValue: 'drand round 5', entrants, winnerCount: 4, mode });
    const { status, stdout, stderr } = verifier(write(JSON.stringify(proof, null, 2)), write(listText));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain(`winners: ${JSON.stringify(proof.winners)}\n`);
    expect(stdout.endsWith('OK: winners reproduced\n')).toBe(true);
  });

  it('prints what the document shows for the test vector', () => {
    const vector = JSON.parse(docBlock('test-vector')) as { listText: string };
    const { status, stdout } = verifier(write(docBlock('proof-example')), write(vector.listText));
    expect(status).toBe(0);
    expect(stdout).toBe(docBlock('cli-example'));
  });

  it('fails with the reason when the list was changed', () => {
    const { proof, listText } = runDraw({ serverSeed, publicValue: 'drand round 5', entrants, winnerCount: 2, mode: 'UNIFORM' });
    const { status, stdout, stderr } = verifier(write(JSON.stringify(proof)), write(listText.replace('viewer-03\t4\n', '')));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^FAILED: the entrant list does not match the committed hash: its SHA-256 is [0-9a-f]{64}, the proof says [0-9a-f]{64}\n$/);
  });

  it('fails and shows the recomputed winners when the proof names others', () => {
    const { proof, listText } = runDraw({ serverSeed, publicValue: 'drand round 5', entrants, winnerCount: 1, mode: 'WEIGHTED' });
    const forged = { ...proof, winners: [{ rank: 1, id: 'viewer-39', index: 39 }] };
    if (proof.winners[0]!.index === 39) forged.winners = [{ rank: 1, id: 'viewer-38', index: 38 }];
    const { status, stdout, stderr } = verifier(write(JSON.stringify(forged)), write(listText));
    expect(status).toBe(1);
    expect(stdout).toBe(`winners: ${JSON.stringify(proof.winners)}\n`);
    expect(stderr).toMatch(/^FAILED: the winners do not match the draw: rank 1 should be /);
  });

  it('reads the list as bytes, so a list with a byte-order mark fails', () => {
    const { proof, listText } = runDraw({ serverSeed, publicValue: 'p', entrants, winnerCount: 1, mode: 'UNIFORM' });
    const { status, stderr } = verifier(write(JSON.stringify(proof)), write(`\uFEFF${listText}`));
    expect(status).toBe(1);
    expect(stderr).toMatch(/does not match the committed hash/);
  });

  it('explains unreadable input and wrong arguments', () => {
    expect(verifier(path.join(scratch, 'missing.json'), path.join(scratch, 'missing.txt'))).toMatchObject({ status: 1, stderr: expect.stringMatching(/^FAILED: cannot read the proof .*missing\.json/) });
    expect(verifier(write('{ not json'), write(''))).toMatchObject({ status: 1, stderr: expect.stringMatching(/^FAILED: cannot read the proof/) });
    expect(verifier(write('[]'), write(''))).toMatchObject({ status: 1, stderr: 'FAILED: the proof is not a JSON object\n' });
    expect(verifier('only-one-argument')).toMatchObject({ status: 2, stderr: expect.stringContaining('Usage: node verify-draw.mjs <proof.json> <entrants.txt>') });
    const help = verifier('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('OK: winners reproduced');
  });
});
