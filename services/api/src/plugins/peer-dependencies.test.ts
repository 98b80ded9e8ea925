import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { peerDependencyProblems } from './peer-dependencies.js';

/** A plugin package on disk, with `copies` of shared libraries installed inside it. */
async function pluginPackage(manifest: Record<string, unknown>, copies: string[] = []): Promise<string> {
  // Inside the repository, so the host's copies resolve from it as they would for a real plugin.
  const scratch = path.resolve(import.meta.dirname, '../../../../node_modules/.cache/broadcart-peer-tests');
  await mkdir(scratch, { recursive: true });
  const root = await mkdtemp(path.join(scratch, 'plugin-'));
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'some-plugin', type: 'module', ...manifest }));
  await mkdir(path.join(root, 'src'));
  await writeFile(path.join(root, 'src', 'index.js'), 'export default {};');
  for (const name of copies) {
    const directory = path.join(root, 'node_modules', name);
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, 'package.json'), JSON.stringify({ name, version: '16.0.0', main: 'index.js' }));
    await writeFile(path.join(directory, 'index.js'), 'module.exports = {};');
  }
  return pathToFileURL(path.join(root, 'src', 'index.js')).href;
}

describe('peer dependency check', () => {
  it('names a shared library that resolves to a second copy inside the plugin', async () => {
    const url = await pluginPackage({ peerDependencies: { graphql: '16.15.0', '@pothos/core': '*', '@mikro-orm/core': '*', '@broadcart/plugin-sdk': '*' } }, ['graphql']);
    const problems = peerDependencyProblems(url);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^graphql resolves to .*node_modules\/graphql, not to the host's copy at /);
  });

  it('asks for every shared library to be declared as a peer', async () => {
    const url = await pluginPackage({ peerDependencies: { graphql: '16.15.0' } });
    expect(peerDependencyProblems(url)).toEqual([
      '@pothos/core is not declared in peerDependencies',
      '@mikro-orm/core is not declared in peerDependencies',
      '@broadcart/plugin-sdk is not declared in peerDependencies',
    ]);
  });

  it('asks for peerDependencies when a shared library is a plain dependency', async () => {
    const url = await pluginPackage({ dependencies: { '@pothos/core': '4.15.1' } });
    expect(peerDependencyProblems(url)).toContain("@pothos/core is a dependency; declare it in peerDependencies so the host's copy is used");
  });

  it('finds nothing wrong with the workspace plugins, which resolve the host’s copies', () => {
    const lottery = pathToFileURL(path.resolve(import.meta.dirname, '../../../../plugins/lottery/src/index.ts')).href;
    const poll = pathToFileURL(path.resolve(import.meta.dirname, '../../../../test/fixtures/plugin-poll/src/index.ts')).href;
    expect(peerDependencyProblems(lottery)).toEqual([]);
    expect(peerDependencyProblems(poll)).toEqual([]);
  });
});
