import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { printSdl } from './schema/index.js';

/** `npm run generate`: writes the printed SDL to schema/schema.graphql. */
export const SDL_PATH = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(SDL_PATH, printSdl());
  console.log(`wrote ${SDL_PATH}`);
}
