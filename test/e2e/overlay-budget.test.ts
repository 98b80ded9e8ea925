import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WEB_DIR } from './support/web-build.js';

// The size of what an OBS browser source downloads is deterministic for a build, so its budget is
// a test (its speed is a benchmark: test/bench/overlay.ts).
describe('the overlay route’s JavaScript', () => {
  it('stays within 60 kB gzip, page and installed overlay widgets together', () => {
    const run = spawnSync(process.execPath, ['scripts/overlay-size.mjs', '--json'], { cwd: WEB_DIR, encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { gzipBytes: number; initialGzipBytes: number; overlayWidgetsGzipBytes: number; budgetBytes: number; files: { file: string }[] };
    expect(report.budgetBytes).toBe(60 * 1024);
    // Something was measured: the page's own chunks and the lottery's overlay widget.
    expect(report.files.length).toBeGreaterThan(3);
    expect(report.overlayWidgetsGzipBytes).toBeGreaterThan(0);
    expect(report.gzipBytes).toBe(report.initialGzipBytes + report.overlayWidgetsGzipBytes);
    expect(report.gzipBytes, `overlay JavaScript ${(report.gzipBytes / 1024).toFixed(1)} kB gzip`).toBeLessThanOrEqual(report.budgetBytes);
    expect(run.status).toBe(0);
  });
});
