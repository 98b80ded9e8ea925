// Prints, as JSON, the installed plugins that ship widgets: [{ name, namespace, widgets }], each
// widget with the absolute path of its component file when the package's `./web` entry re-exports
// it as `export { default as X } from './X.svelte'` (the form the widget contract test checks).
// The web build imports widgets through these (see vite.config.ts): a file of its own per widget
// keeps an overlay from downloading the plugin's control-room code. It reads the same
// configuration as the server: PLUGINS_CONFIG when set, else services/api/src/plugins.config.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInstallations } from '@broadcart/api';

function componentFiles(packageName: string): Map<string, string> {
  const files = new Map<string, string>();
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve(`${packageName}/web`));
  } catch {
    return files;
  }
  for (const match of readFileSync(entry, 'utf8').matchAll(/export \{ default as (\w+) \} from '(\.\/[^']+\.svelte)'/g)) {
    files.set(match[1]!, path.resolve(path.dirname(entry), match[2]!));
  }
  return files;
}

const installations = await loadInstallations(process.env.PLUGINS_CONFIG || null);
const packages = installations
  .map(({ plugin }) => {
    const files = componentFiles(plugin.manifest.name);
    return {
      name: plugin.manifest.name,
      namespace: plugin.manifest.namespace,
      widgets: (plugin.widgets ?? []).map(({ slot, component, title }) => ({ slot, component, title, file: files.get(component) ?? null })),
    };
  })
  .filter((entry) => entry.widgets.length > 0);
process.stdout.write(JSON.stringify(packages));
process.exit(0);
