// Prints, as JSON, the installed plugins that ship widgets: [{ name, namespace, widgets }].
// The web build imports their `<package>/web` entries (see vite.config.ts). It reads the same
// configuration as the server: PLUGINS_CONFIG when set, else services/api/src/plugins.config.ts.
import { loadInstallations } from '@broadcart/api';

const installations = await loadInstallations(process.env.PLUGINS_CONFIG || null);
const packages = installations
  .map(({ plugin }) => ({
    name: plugin.manifest.name,
    namespace: plugin.manifest.namespace,
    widgets: (plugin.widgets ?? []).map(({ slot, component, title }) => ({ slot, component, title })),
  }))
  .filter((entry) => entry.widgets.length > 0);
process.stdout.write(JSON.stringify(packages));
process.exit(0);
