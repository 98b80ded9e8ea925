import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // `build/handler.js` is mounted in the API's HTTP server (services/api/src/web-handler.ts), so
    // one process and one port serve the app, GraphQL and the overlays.
    adapter: adapter({ out: 'build', precompress: true }),
  },
};
