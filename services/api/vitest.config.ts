import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM builds; Node (and every dependency) loads the CJS one, so source
    // files must too, or schema objects would come from two realms.
    alias: [
      { find: /^graphql$/, replacement: require.resolve('graphql') },
      // Workspace packages run from source, like the core itself.
      { find: /^@broadcart\/plugin-sdk$/, replacement: fileURLToPath(new URL('../../plugins/sdk/src/index.ts', import.meta.url)) },
      { find: /^@broadcart\/plugin-lottery$/, replacement: fileURLToPath(new URL('../../plugins/lottery/src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    // CI sums every package's JSON report into one "N passed, M failed" line.
    reporters: process.env.TEST_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/api-unit-${process.env.TEST_REPORT_SUFFIX ?? 'embedded'}.json` }]]
      : ['default'],
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
