import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));
export const WEB_HANDLER = fileURLToPath(new URL('../../../web/build/handler.js', import.meta.url));

/**
 * The end-to-end tests serve the production build of the web app. `npm test` builds it first
 * (turbo: the test task depends on the web build); a direct `vitest` run builds it when missing.
 */
export function setup(): void {
  if (existsSync(WEB_HANDLER) && !process.env.E2E_REBUILD) return;
  const built = spawnSync('npx', ['vite', 'build'], { cwd: WEB_DIR, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`building the web app for the end-to-end tests failed (exit ${built.status})`);
}
