import { PluginDefinitionError, type CoreRefs as PluginCoreRefs, type PluginBuilder } from '@broadcart/plugin-sdk';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { PluginHost, recordAdditions, type LoadedPlugin, type SchemaOwnership } from '../plugins/plugin-host.js';
import { builder } from './builder.js';
import { localId, Money, MUTATION_ERRORS } from './common.schema.js';
import { coreRefs, OrderRef } from './refs.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
// Each import registers its domain's types, queries, mutations and subscriptions on the builder.
import './common.schema.js';
import '../organizations/organization.schema.js';
import '../products/product.schema.js';
import '../hosts/host.schema.js';
import '../campaigns/campaign.schema.js';
import '../sessions/session.schema.js';
import '../live-metrics/live-metrics.schema.js';
import '../live-metrics/order.schema.js';
import '../sessions/lineup.schema.js';
import '../sessions/run-of-show.schema.js';
import '../tasks/task.schema.js';
import '../selection/selection.schema.js';
import '../events/event-delivery.schema.js';
import '../ingest/ingest.schema.js';
import '../overlays/overlay-token.schema.js';
import '../realtime/realtime.schema.js';
import '../simulator/simulation.schema.js';
import '../alerts/alert.schema.js';
import '../review/review.schema.js';
import '../plugins/plugin.schema.js';

let built: { schema: GraphQLSchema; key: string; ownership: SchemaOwnership } | undefined;

/** The core types plugins may extend or reference, as the SDK's `CoreRefs` describes them. */
function pluginRefs(): PluginCoreRefs {
  const refs = {
    Organization: coreRefs.Organization,
    LiveSession: coreRefs.LiveSession,
    Segment: coreRefs.Segment,
    Product: coreRefs.Product,
    Host: coreRefs.Host,
    Campaign: coreRefs.Campaign,
    Viewer: coreRefs.Viewer,
    Order: OrderRef,
    Money,
    mutationErrors: MUTATION_ERRORS,
    localId: (globalId: string, typename: string, path?: (string | number)[]) => {
      try {
        return localId(globalId, typename);
      } catch (error) {
        if (path && error instanceof NotFoundError) throw ValidationError.field(path, `is not a ${typename} id`);
        throw error;
      }
    },
  };
  // The core's refs carry the core's full context type; plugins see the SDK's narrower view of it.
  return refs as unknown as PluginCoreRefs;
}

/**
 * The executable schema, built once per process from the single builder: the core's types, then
 * each installed plugin's `schema()` in dependency order, then the plugin fields wrapped by the
 * host (see PluginHost.wrapSchema). A process serves one plugin set; asking for another is a bug.
 */
export function getSchema(plugins: readonly LoadedPlugin[] = []): GraphQLSchema {
  const key = plugins.map((loaded) => `${loaded.namespace}@${loaded.plugin.manifest.version}`).join(',');
  if (built) {
    if (built.key !== key) throw new Error(`this process already built its schema for plugins [${built.key}]; it cannot serve [${key}] too`);
    return built.schema;
  }
  const refs = pluginRefs();
  const ownership: SchemaOwnership = { types: new Map(), fields: new Map() };
  // Built once more after each plugin, so what every plugin added is known exactly (and checked).
  let schema = builder.toSchema({ sortSchema: true });
  for (const loaded of plugins) {
    const { schema: addSchema } = loaded.plugin;
    if (!addSchema) continue;
    try {
      addSchema(builder as unknown as PluginBuilder, refs, PluginHost.schemaHelpers(loaded));
    } catch (error) {
      throw new PluginDefinitionError(loaded.plugin.manifest.name, `schema() failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const next = builder.toSchema({ sortSchema: true });
    recordAdditions(ownership, schema, next, loaded);
    schema = next;
  }
  PluginHost.wrapSchema(schema, ownership);
  built = { schema, key, ownership };
  return schema;
}

/** What each plugin added to the schema `getSchema` built (overlay tokens may read it, see overlays/overlay-access.ts). */
export function schemaOwnership(): SchemaOwnership {
  if (!built) throw new Error('the schema is not built yet: call getSchema() first');
  return built.ownership;
}

/** The SDL committed at `schema/schema.graphql` (core and installed plugins). */
export function printSdl(plugins: readonly LoadedPlugin[] = []): string {
  return `${printSchema(lexicographicSortSchema(getSchema(plugins)))}\n`;
}
