/// <reference types="vitest/config" />
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

const API_ORIGIN = process.env.BROADCART_API_ORIGIN ?? `http://127.0.0.1:${process.env.API_PORT ?? 4000}`;
const WIDGETS_ID = 'virtual:broadcart/widgets';

interface WidgetPackage {
  name: string;
  namespace: string;
  widgets: { slot: string; component: string; title: { en: string; zh: string }; file: string | null }[];
}

/**
 * `virtual:broadcart/widgets`: every widget of the server's plugin configuration (the same
 * PLUGINS_CONFIG the API reads) with a loader each. Loaders are dynamic imports, so a page pulls in
 * only the plugin code it mounts; changing the plugin list means rebuilding the web app.
 */
function broadcartWidgets(): Plugin {
  let packages: WidgetPackage[] | null = null;
  return {
    name: 'broadcart-widgets',
    resolveId: (id) => (id === WIDGETS_ID ? `\0${WIDGETS_ID}` : null),
    load(id) {
      if (id !== `\0${WIDGETS_ID}`) return null;
      packages ??= JSON.parse(
        execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', fileURLToPath(new URL('./scripts/widget-packages.ts', import.meta.url))], {
          encoding: 'utf8',
          env: { ...process.env, LOG_LEVEL: 'silent' },
        }),
      ) as WidgetPackage[];
      const entries = packages.flatMap(({ name, namespace, widgets }) =>
        widgets.map(
          ({ slot, component, title, file }) =>
            `{ namespace: ${JSON.stringify(namespace)}, slot: ${JSON.stringify(slot)}, component: ${JSON.stringify(component)}, title: ${JSON.stringify(title)}, ` +
            (file
              ? `load: () => import(${JSON.stringify(file)}).then((module) => module.default) }`
              : `load: () => import(${JSON.stringify(`${name}/web`)}).then((module) => module.${component}) }`),
        ),
      );
      return `export const widgets = [\n  ${entries.join(',\n  ')}\n];\n`;
    },
  };
}

export default defineConfig({
  plugins: [broadcartWidgets(), sveltekit()],
  server: {
    // `npm run dev`: the API runs beside Vite (services/api `dev`); Vite forwards its paths.
    proxy: {
      '/graphql': { target: API_ORIGIN, ws: true },
      '/plugins': API_ORIGIN,
      '/export': API_ORIGIN,
      '/ingest': API_ORIGIN,
      '/healthz': API_ORIGIN,
      '/readyz': API_ORIGIN,
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.svelte.ts'],
    reporters: process.env.TEST_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/web-${process.env.TEST_REPORT_SUFFIX ?? 'embedded'}.json` }]]
      : ['default'],
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
});
