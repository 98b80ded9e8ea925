import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { installedPlugins } from './plugins.config.js';
import { loadPlugins } from './plugins/plugin-host.js';
import { printSdl } from './schema/index.js';

/** `npm run generate`: writes the printed SDL (core and installed plugins) to schema/schema.graphql. */
export const SDL_PATH = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));

/** The SDL of the core with the plugins of the configuration module. */
export async function installedSdl(): Promise<string> {
  return printSdl(await loadPlugins(installedPlugins, { logger: pino({ level: 'silent' }) }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(SDL_PATH, await installedSdl());
  console.log(`wrote ${SDL_PATH}`);
}
