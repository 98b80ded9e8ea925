import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// End-to-end tests: the built web app served by the API in-process, driven in Debian's Chromium
// through playwright-core. One file at a time: each drives a whole browser.
export default defineConfig({
  resolve: base.resolve,
  test: {
    reporters: process.env.TEST_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/e2e-${process.env.TEST_REPORT_SUFFIX ?? 'embedded'}.json` }]]
      : ['default'],
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['./support/global-setup.ts', './e2e/support/web-build.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
