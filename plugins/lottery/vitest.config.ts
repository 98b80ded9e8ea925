import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The SDK runs from source, like every workspace package in tests.
    alias: [{ find: /^@broadcart\/plugin-sdk$/, replacement: fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)) }],
  },
  test: {
    // CI sums every package's JSON report into one "N passed, M failed" line.
    reporters: process.env.TEST_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/lottery-unit-${process.env.TEST_REPORT_SUFFIX ?? 'embedded'}.json` }]]
      : ['default'],
    include: ['src/**/*.test.ts', 'bin/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
