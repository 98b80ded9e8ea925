import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run the core from source, so no build is needed before `npm test`.
    alias: { '@broadcart/api': fileURLToPath(new URL('../services/api/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'bench/**'],
    globalSetup: ['./support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files run in parallel; each gets its own database on the shared server.
    pool: 'forks',
  },
});
