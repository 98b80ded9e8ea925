import type { EntityManager } from '@mikro-orm/core';
import type { PluginContext } from '@broadcart/plugin-sdk';
import type { LotteryConfig } from './config.js';
import { query } from './db.js';

/**
 * Timers work across organizations while the plugin is switched per organization: of the
 * organizations `sql` lists (as `organization_id`, e.g. those with due work), the ones that have
 * the lottery on, each asked once. Timers then select their due rows among these only, so rows
 * of switched-off organizations neither get worked on nor take the places of others' rows.
 */
export async function enabledOrganizations(em: EntityManager, plugin: PluginContext<LotteryConfig>, sql: string, params: readonly unknown[]): Promise<string[]> {
  const rows = await query<{ organization_id: string }>(em, sql, params);
  const enabled: string[] = [];
  for (const organizationId of new Set(rows.map((row) => row.organization_id))) {
    if (await plugin.isEnabled(em, organizationId)) enabled.push(organizationId);
  }
  return enabled;
}
