import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Organization } from '../organizations/organization.entity.js';

/**
 * An organization's choice for one installed plugin. Without a row the plugin's manifest default
 * (`enabledByDefault`, true unless said otherwise) applies. Keyed by namespace, not by a plugin
 * table: the core never references plugin tables.
 */
export const PluginSetting = defineEntity({
  name: 'PluginSetting',
  tableName: 'plugin_settings',
  properties: {
    organization: () => p.manyToOne(Organization).mapToPk().primary().deleteRule('cascade'),
    namespace: p.string().length(20).primary(),
    enabled: p.boolean(),
    updatedAt: p.datetime(),
    /** The member who switched it (null after that member was removed). */
    updatedBy: p.uuid().nullable(),
  },
});
export type PluginSetting = InferEntity<typeof PluginSetting>;
