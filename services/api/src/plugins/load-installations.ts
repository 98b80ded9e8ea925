import { pathToFileURL } from 'node:url';
import type { PluginInstallation } from '@broadcart/plugin-sdk';
import { ConfigError } from '../config.js';

/**
 * The plugin list to run: `installedPlugins` of the module at `PLUGINS_CONFIG` when set, else the
 * core's configuration module. A module that cannot be loaded or exports no list is a ConfigError.
 */
export async function loadInstallations(pluginsConfig: string | null): Promise<readonly PluginInstallation[]> {
  // The core's list is imported only when used, so another configuration never loads its plugins.
  if (!pluginsConfig) return (await import('../plugins.config.js')).installedPlugins;
  let loaded: { installedPlugins?: unknown };
  try {
    loaded = (await import(pathToFileURL(pluginsConfig).href)) as { installedPlugins?: unknown };
  } catch (error) {
    throw new ConfigError(`PLUGINS_CONFIG=${JSON.stringify(pluginsConfig)} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(loaded.installedPlugins)) throw new ConfigError(`PLUGINS_CONFIG=${JSON.stringify(pluginsConfig)} must export an array named installedPlugins`);
  return loaded.installedPlugins as PluginInstallation[];
}
