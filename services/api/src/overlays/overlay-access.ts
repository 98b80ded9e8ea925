import { createHash } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import {
  getNamedType,
  GraphQLError,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
  type ASTVisitor,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { SchemaOwnership } from '../plugins/plugin-host.js';
import { canonicalJson } from '../realtime/shared-subscriptions.js';

/**
 * The core fields an overlay token may read, by type. An overlay is a page anyone in the studio
 * (and anyone who sees its URL) can open, so it gets what the audience may see and nothing of
 * the back office. Everything else of the core is refused by name; what plugins add is allowed
 * (see `createOverlayAccess`).
 */
export const OVERLAY_CORE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // Entry points. Each must name the token's own session (checked by the rule); plugins' root
  // fields are entry points too, gated by the plugin's permissions (`OVERLAY` in their roles).
  Query: ['node', 'installedPlugins'],
  Subscription: ['sessionUpdated', 'sessionMetrics'],
  // What any node answers, e.g. `node(id:) { id }`.
  Node: ['id'],
  // The show as the audience sees it: title, state and times, the segment on air, the
  // run-of-show, the lineup and the live numbers; `version` orders realtime updates. Not the room
  // URL, cancel reason, hosts, campaign, orders, checklist, alerts, stock warnings, audience log,
  // pacing or simulation.
  LiveSession: [
    'id',
    'title',
    'platform',
    'status',
    'version',
    'scheduledStart',
    'scheduledEnd',
    'durationMinutes',
    'actualStart',
    'actualEnd',
    'currentSegment',
    'currentSegmentSince',
    'nextSegment',
    'segments',
    'lineup',
    'liveMetrics',
  ],
  // A segment's on-air facts and its products, for countdowns and "now showing". Talking points
  // and cues are the host's script.
  Segment: [
    'id',
    'position',
    'kind',
    'title',
    'plannedOffsetSeconds',
    'plannedDurationSeconds',
    'plannedStart',
    'plannedEnd',
    'actualStart',
    'actualEnd',
    'actualDurationSeconds',
    'products',
  ],
  // A lineup slot as announced on air. Reserved stock and who confirmed it are back office.
  LineupItem: ['id', 'position', 'product', 'livePrice', 'deliveryPromise'],
  // A product's shop-window fields. Not its SKU, stock, category or audience tags.
  Product: ['id', 'title', 'brand', 'imageUrls', 'price', 'listPrice', 'sellingPoints'],
  Money: ['amount', 'currency'],
  // Which plugins are switched on for the organization, so the overlay mounts only their widgets.
  InstalledPlugin: ['namespace', 'enabled'],
  // Numbers streams show their audience (online, peak, likes, comments, follows, shares, orders,
  // GMV) and the version that orders ticks. Not rates and per-viewer values, refunds, or the
  // breakdowns by product, segment and minute.
  SessionLiveMetrics: [
    'version',
    'updatedAt',
    'liveSeconds',
    'onlineNow',
    'peakOnline',
    'uv',
    'pv',
    'likes',
    'comments',
    'follows',
    'shares',
    'fanClubJoins',
    'ordersPaid',
    'buyers',
    'gmvPaid',
    'gmvCreated',
  ],
  // Plugin data names viewers (a giveaway's winners): by their platform handle only.
  Viewer: ['id', 'platformUserId'],
  // Pages of plugin connections (their connection and edge types belong to the plugin).
  PageInfo: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OverlayAccess {
  /**
   * The validation rule of one overlay request: its session and the variables sent with it. The
   * rule's name carries both, because yoga caches validation results by rule names and document.
   */
  rule(sessionId: string, variables: Readonly<Record<string, unknown>> | null | undefined): ValidationRule;
}

/**
 * What overlay tokens may do, for a built schema:
 * 1. queries and subscriptions only;
 * 2. every root field names the token's session (`sessionId`, `id` or `filter.sessionId`, as a
 *    literal or a variable, a global or a raw id);
 * 3. below the root, only the fields of `OVERLAY_CORE_FIELDS`, every field of a type a plugin
 *    added, and every field a plugin added to a core type (as the plugin host recorded them).
 * Throws when the list names a field the schema lacks, so a renamed field cannot fall out of it
 * silently.
 */
export function createOverlayAccess(schema: GraphQLSchema, ownership: SchemaOwnership): OverlayAccess {
  const allowed = new Set<string>(ownership.fields.keys());
  for (const [typeName, fields] of Object.entries(OVERLAY_CORE_FIELDS)) {
    const type = schema.getType(typeName);
    const existing = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : null;
    for (const field of fields) {
      if (!existing?.[field]) throw new Error(`The overlay allow-list names ${typeName}.${field}, which the schema does not have`);
      allowed.add(`${typeName}.${field}`);
    }
  }
  const readable = (typeName: string, fieldName: string) => ownership.types.has(typeName) || allowed.has(`${typeName}.${fieldName}`);

  return {
    rule(sessionId, variables) {
      const values = variables ?? {};
      const rule: ValidationRule = (context) => overlayVisitor(context, sessionId, values, readable);
      const digest = createHash('sha1').update(canonicalJson(values)).digest('hex');
      Object.defineProperty(rule, 'name', { value: `OverlayAccess:${sessionId}:${digest}` });
      return rule;
    },
  };
}

function overlayVisitor(
  context: ValidationContext,
  sessionId: string,
  variables: Readonly<Record<string, unknown>>,
  readable: (typeName: string, fieldName: string) => boolean,
): ASTVisitor {
  const schema = context.getSchema();
  const roots = new Set([schema.getQueryType()?.name, schema.getSubscriptionType()?.name]);
  const mutation = schema.getMutationType()?.name;
  const refuse = (message: string, node: FieldNode | null = null) =>
    context.reportError(new GraphQLError(message, { nodes: node ?? undefined, extensions: { code: 'FORBIDDEN' } }));
  return {
    OperationDefinition(operation) {
      if (operation.operation === 'mutation') refuse('Overlay tokens are read-only: mutations are refused');
    },
    Field(node) {
      const parent = context.getParentType();
      const name = node.name.value;
      // Unknown types and fields are reported by the standard rules; mutations above.
      if (!parent || name === '__typename' || parent.name === mutation) return;
      const coordinate = `${parent.name}.${name}`;
      if (!readable(parent.name, name)) {
        refuse(`Overlay tokens cannot read ${coordinate}`, node);
        // One error per refused field, not one more for each field below it.
        return false;
      }
      const field = context.getFieldDef();
      if (!roots.has(parent.name) || !field || SESSION_FREE_ROOTS.has(coordinate)) return;
      const path = sessionPath(field);
      if (!path) {
        refuse(`Overlay tokens read their own session only, and ${coordinate} cannot be limited to one session`, node);
        return;
      }
      if (!isSession(argumentAt(node, path, variables), sessionId)) {
        refuse(`Overlay tokens read their own session only: give ${coordinate} the overlay's session in \`${path.join('.')}\``, node);
      }
    },
  };
}

/** Root fields an overlay may read without naming its session: they say nothing about sessions. */
const SESSION_FREE_ROOTS = new Set(['Query.installedPlugins']);

/** Where a root field takes its session: `sessionId`, `id` (`node`, `sessionUpdated`), or `filter.sessionId` (plugin lists). */
function sessionPath(field: GraphQLField<unknown, unknown>): readonly string[] | null {
  const args = new Map(field.args.map((arg) => [arg.name, arg]));
  if (args.has('sessionId')) return ['sessionId'];
  if (args.has('id')) return ['id'];
  const filter = args.get('filter');
  const filterType = filter && getNamedType(filter.type);
  if (filterType && isInputObjectType(filterType) && filterType.getFields().sessionId) return ['filter', 'sessionId'];
  return null;
}

/**
 * The value at `path` of the field's arguments. Variables count only as sent: a variable's default
 * value is not read, so a document cannot validate with one value and run with another.
 */
function argumentAt(node: FieldNode, path: readonly string[], variables: Readonly<Record<string, unknown>>): unknown {
  const [name, ...rest] = path;
  const argument = node.arguments?.find((candidate) => candidate.name.value === name);
  let value: unknown = argument ? valueFromASTUntyped(argument.value, variables as Record<string, unknown>) : undefined;
  for (const key of rest) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** Whether `value` is the session's global id or its raw id. */
function isSession(value: unknown, sessionId: string): boolean {
  if (typeof value !== 'string') return false;
  if (UUID.test(value)) return value.toLowerCase() === sessionId.toLowerCase();
  try {
    const decoded = decodeGlobalID(value);
    return decoded.typename === 'LiveSession' && decoded.id.toLowerCase() === sessionId.toLowerCase();
  } catch {
    return false;
  }
}
