import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Libraries that must exist once in the process: two copies of any of them break plugins subtly. */
export const SHARED_PEERS = ['graphql', '@pothos/core', '@mikro-orm/core', '@broadcart/plugin-sdk'] as const;

/** The directory of the package.json that owns `file`. */
export function packageRootOf(file: string): string | null {
  let directory = path.dirname(file);
  for (;;) {
    if (existsSync(path.join(directory, 'package.json'))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/**
 * The real directory of package `name` as Node would find it from `fromDirectory`: the first
 * `node_modules/<name>` walking up. (Resolving an entry point would depend on the package's
 * exports and on whether it is built; the folder is what identifies the copy.)
 */
function resolvePackageDirectory(name: string, fromDirectory: string): string | null {
  let directory = fromDirectory;
  for (;;) {
    const candidate = path.join(directory, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = path.dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

let hostCopies: Map<string, string | null> | undefined;

function hostCopyOf(name: string): string | null {
  hostCopies ??= new Map();
  if (!hostCopies.has(name)) hostCopies.set(name, resolvePackageDirectory(name, path.dirname(fileURLToPath(import.meta.url))));
  return hostCopies.get(name)!;
}

/**
 * Problems with how a plugin package declares and resolves the shared libraries: each must be a
 * peer dependency (not a dependency, which would install a second copy) and, from the plugin's
 * package, resolve to the very copy the host uses. Empty when all is well or when the plugin gave
 * no `packageUrl`.
 */
export function peerDependencyProblems(packageUrl: string | undefined, hostDirectoryOf: (name: string) => string | null = hostCopyOf): string[] {
  if (!packageUrl) return [];
  const root = packageRootOf(fileURLToPath(packageUrl));
  if (!root) return [`no package.json found above ${packageUrl}`];
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const problems: string[] = [];
  for (const name of SHARED_PEERS) {
    if (manifest.dependencies?.[name]) problems.push(`${name} is a dependency; declare it in peerDependencies so the host's copy is used`);
    else if (!manifest.peerDependencies?.[name]) problems.push(`${name} is not declared in peerDependencies`);
    const own = resolvePackageDirectory(name, root);
    const host = hostDirectoryOf(name);
    if (!own) {
      if (manifest.peerDependencies?.[name]) problems.push(`${name} does not resolve from ${root}`);
      continue;
    }
    if (host && own !== host) problems.push(`${name} resolves to ${own}, not to the host's copy at ${host}`);
  }
  return problems;
}
