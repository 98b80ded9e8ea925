import semver from 'semver';
import type { BroadcartPlugin, PluginDefinition, PluginInstallation } from './contract.js';

/** Version of this SDK (the plugin contract). */
export const SDK_VERSION = '0.1.0';

export const NAMESPACE_PATTERN = /^[a-z][a-z0-9]{1,19}$/;

/** A plugin definition that breaks the contract (found by `definePlugin` or at boot). */
export class PluginDefinitionError extends Error {
  constructor(
    readonly plugin: string,
    message: string,
  ) {
    super(`plugin ${plugin}: ${message}`);
    this.name = 'PluginDefinitionError';
  }
}

/** PascalCase prefix of a namespace's GraphQL types: `lottery` → `Lottery`. */
export function typePrefix(namespace: string): string {
  return namespace.charAt(0).toUpperCase() + namespace.slice(1);
}

/**
 * Checks what can be checked without the host and returns the plugin. Everything that needs the
 * host (core range, dependencies, config, peer dependencies, the schema it adds) is checked at boot.
 */
export function definePlugin<Config = unknown>(definition: PluginDefinition<Config>): BroadcartPlugin<Config> {
  const { manifest } = definition;
  const name = manifest?.name || manifest?.namespace || '(unnamed)';
  const fail = (message: string): never => {
    throw new PluginDefinitionError(name, message);
  };
  if (!manifest?.name) fail('manifest.name is required');
  if (!NAMESPACE_PATTERN.test(manifest.namespace ?? '')) {
    fail(`manifest.namespace ${JSON.stringify(manifest.namespace)} must be 2-20 characters a-z0-9 starting with a letter`);
  }
  if (manifest.namespace === 'core') fail('the namespace "core" belongs to the core');
  if (!semver.valid(manifest.version)) fail(`manifest.version ${JSON.stringify(manifest.version)} is not a semver version`);
  if (!semver.validRange(manifest.coreRange)) fail(`manifest.coreRange ${JSON.stringify(manifest.coreRange)} is not a semver range`);
  for (const [dependency, range] of Object.entries(manifest.dependsOn ?? {})) {
    if (!semver.validRange(range)) fail(`manifest.dependsOn.${dependency}: ${JSON.stringify(range)} is not a semver range`);
  }
  const ns = manifest.namespace;
  for (const event of definition.events ?? []) {
    if (!event.startsWith(`${ns}.`)) fail(`event ${JSON.stringify(event)} must start with "${ns}."`);
  }
  const migrationNames = (definition.migrations ?? []).map((migration) => migration.name);
  if (new Set(migrationNames).size !== migrationNames.length) fail('two migrations share a name');
  for (const key of Object.keys(definition.permissions ?? {})) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(key)) fail(`permission key ${JSON.stringify(key)} must be camelCase`);
  }
  for (const key of [...Object.keys(definition.timers ?? {}), ...Object.keys(definition.jobs ?? {})]) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) fail(`timer or job name ${JSON.stringify(key)} must be an identifier`);
  }
  for (const [key, timer] of Object.entries(definition.timers ?? {})) {
    if (!(timer.everyMs >= 100)) fail(`timer ${key}: everyMs must be at least 100`);
  }
  return Object.freeze({ ...definition, kind: 'broadcart-plugin' as const, sdkVersion: SDK_VERSION });
}

/** Shorthand for one configuration entry with typed options. */
export function installPlugin<Config>(plugin: BroadcartPlugin<Config>, options?: unknown, settings: { optional?: boolean } = {}): PluginInstallation<Config> {
  return { plugin, options, optional: settings.optional ?? false };
}
