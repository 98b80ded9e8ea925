import lottery from '@broadcart/plugin-lottery';
import { installPlugin, type PluginInstallation } from '@broadcart/plugin-sdk';

/**
 * The plugins this server runs, with their options: the one place to install, configure or
 * remove a plugin (then `npm run migrate`). Order does not matter: the host orders plugins by
 * their dependencies. `PLUGINS_CONFIG=<path to a module exporting installedPlugins>` replaces
 * this list without touching the core (see the plugin SDK's README).
 */
export const installedPlugins: PluginInstallation[] = [
  installPlugin(lottery, {
    // A public randomness beacon for draws (drand's default chain); without network access,
    // giveaways use an operator-supplied salt instead.
    // beacon: { urlTemplate: 'https://api.drand.sh/public/{round}', genesisTime: 1595431050, periodSeconds: 30 },
  }),
];
