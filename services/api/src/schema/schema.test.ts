import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { installedSdl, SDL_PATH } from '../generate-schema.js';

describe('printed schema', () => {
  it('matches the committed schema/schema.graphql (run `npm run generate` after changing the schema)', async () => {
    const committed = await readFile(SDL_PATH, 'utf8');
    expect(committed === (await installedSdl()), 'schema/schema.graphql is stale: run `npm run generate` and commit it').toBe(true);
  });

  it('follows the mutation convention, core and plugins alike: one input argument and a result union of payload and typed errors', async () => {
    const sdl = await installedSdl();
    const mutations = /type Mutation \{([\s\S]*?)\n\}/.exec(sdl)![1]!.trim().split('\n').filter((line) => /^\s+\w+\(/.test(line));
    expect(mutations.length).toBeGreaterThan(5);
    for (const line of mutations) {
      const [, name, args, result] = /^\s+(\w+)\((.*)\): (\w+)!$/.exec(line) ?? [];
      const type = `${name!.charAt(0).toUpperCase()}${name!.slice(1)}`;
      expect(args, line).toBe(`input: ${type}Input!`);
      expect(result, line).toBe(`${type}Result`);
      expect(sdl).toMatch(new RegExp(`union ${type}Result = .*\\b${type}Payload\\b.*\\bValidationError\\b`));
    }
  });
});
