import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
// Each import registers its domain's types, queries, mutations and subscriptions on the builder.
import './common.schema.js';
import '../organizations/organization.schema.js';
import '../products/product.schema.js';
import '../hosts/host.schema.js';
import '../campaigns/campaign.schema.js';
import '../sessions/session.schema.js';
import '../live-metrics/live-metrics.schema.js';
import '../sessions/lineup.schema.js';
import '../sessions/run-of-show.schema.js';
import '../tasks/task.schema.js';
import '../selection/selection.schema.js';
import '../events/event-delivery.schema.js';
import '../ingest/ingest.schema.js';
import '../realtime/realtime.schema.js';
import '../simulator/simulation.schema.js';
import '../alerts/alert.schema.js';
import '../review/review.schema.js';

let schema: GraphQLSchema | undefined;

/** The executable schema, built once per process from the single builder. */
export function getSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: true });
  return schema;
}

/** The SDL committed at `schema/schema.graphql`. */
export function printSdl(): string {
  return `${printSchema(lexicographicSortSchema(getSchema()))}\n`;
}
