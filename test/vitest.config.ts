import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Tests run the core from source, so no build is needed before `npm test`.
    alias: [
      { find: '@broadcart/api', replacement: fileURLToPath(new URL('../services/api/src/index.ts', import.meta.url)) },
      { find: /^@broadcart\/plugin-sdk$/, replacement: fileURLToPath(new URL('../plugins/sdk/src/index.ts', import.meta.url)) },
      { find: /^@broadcart\/plugin-sdk\/testing$/, replacement: fileURLToPath(new URL('../plugins/sdk/src/testing.ts', import.meta.url)) },
      { find: /^@broadcart\/plugin-lottery$/, replacement: fileURLToPath(new URL('../plugins/lottery/src/index.ts', import.meta.url)) },
      // graphql 16 ships CJS and ESM builds; dependencies load the CJS one, so source files must too.
      { find: /^graphql$/, replacement: require.resolve('graphql') },
    ],
  },
  test: {
    // CI sums every package's JSON report into one "N passed, M failed" line.
    reporters: process.env.TEST_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/integration-${process.env.TEST_REPORT_SUFFIX ?? 'embedded'}.json` }]]
      : ['default'],
    include: ['**/*.test.ts'],
    // End-to-end browser tests have their own configuration (vitest.e2e.config.ts).
    exclude: ['node_modules/**', 'bench/**', 'e2e/**'],
    globalSetup: ['./support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files run in parallel; each gets its own database on the shared server.
    pool: 'forks',
  },
});
