import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Component tests of the widgets in `web/`: compiled by Svelte, mounted in jsdom.
export default defineConfig({
  plugins: [svelte({ configFile: false })],
  // Without the browser condition `svelte` resolves to its server build, where `mount` throws.
  resolve: { conditions: ['browser'] },
  test: {
    // CI sums every package's JSON report into one "N passed, M failed" line.
    reporters: process.env.TEST_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/lottery-web-${process.env.TEST_REPORT_SUFFIX ?? 'embedded'}.json` }]]
      : ['default'],
    environment: 'jsdom',
    include: ['web/**/*.test.ts'],
  },
});
