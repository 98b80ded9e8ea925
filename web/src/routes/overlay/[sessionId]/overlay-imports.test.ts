// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The overlay runs in OBS with its own token from the URL. If any module it loads imported the
// member session (lib/auth), a studio PC's signed-in token would sit one import away from a page
// anyone with the overlay link can open: this walks the overlay's imports and says which one does.

const SRC = fileURLToPath(new URL('../../..', import.meta.url));
const LIB = join(SRC, 'lib');

function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith('$lib/') ? join(LIB, specifier.slice(5)) : specifier.startsWith('.') ? resolve(dirname(from), specifier) : null;
  if (!base) return null;
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), `${base}.ts`]) if (existsSync(candidate) && candidate !== dirname(candidate)) return candidate;
  return null;
}

/** Every source file the module at `entry` reaches through static and dynamic imports, with the chain that reached it. */
function importGraph(entry: string): Map<string, string[]> {
  const reached = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const target = resolveImport(file, match[1]!);
      if (!target || reached.has(target) || !/\.(ts|svelte)$/.test(target)) continue;
      reached.set(target, [...reached.get(file)!, target]);
      queue.push(target);
    }
  }
  return reached;
}

describe('overlay page imports', () => {
  const page = fileURLToPath(new URL('./+page.svelte', import.meta.url));
  const graph = importGraph(page);

  it('walks the overlay stage, the plugin slot and the GraphQL client', () => {
    const files = [...graph.keys()].map((file) => relative(SRC, file));
    expect(files).toEqual(expect.arrayContaining(['routes/overlay/[sessionId]/OverlayStage.svelte', 'lib/plugins/PluginSlot.svelte', 'lib/graphql/client.ts']));
  });

  it('never reaches the signed-in member’s session (lib/auth)', () => {
    const chains = [...graph.entries()].filter(([file]) => relative(SRC, file).startsWith('lib/auth/')).map(([, chain]) => chain.map((file) => relative(SRC, file)).join(' → '));
    expect(chains).toEqual([]);
  });
});
