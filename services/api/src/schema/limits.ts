import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

/** List size assumed for a connection without `first`/`last` (matches the default page size). */
const ASSUMED_LIST_SIZE = 20;

function pageSize(args: readonly { name: { value: string }; value: ValueNode }[] | undefined, variables: Record<string, unknown>): number | null {
  for (const arg of args ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) {
      const value = variables[arg.value.name.value];
      if (typeof value === 'number') return value;
    }
  }
  return null;
}

/**
 * Depth and cost of an operation. Each field costs 1; a field that pages (`first`/`last`, or a
 * `*Connection`-looking `edges`) multiplies the cost of what is selected below it by its page size
 * (a connection without one counts as a default page).
 */
export function measure(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  depth = 0,
  seen = new Set<string>(),
): { depth: number; cost: number } {
  let maxDepth = depth;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const inner = selection.selectionSet ? measure(selection.selectionSet, fragments, variables, depth + 1, seen) : { depth: depth + 1, cost: 0 };
      const factor = pageSize(selection.arguments, variables) ?? (isConnectionField(selection.selectionSet) ? ASSUMED_LIST_SIZE : 1);
      cost += 1 + inner.cost * Math.max(1, factor);
      maxDepth = Math.max(maxDepth, inner.depth);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner = measure(selection.selectionSet, fragments, variables, depth, seen);
      cost += inner.cost;
      maxDepth = Math.max(maxDepth, inner.depth);
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue;
      const inner = measure(fragment.selectionSet, fragments, variables, depth, new Set([...seen, name]));
      cost += inner.cost;
      maxDepth = Math.max(maxDepth, inner.depth);
    }
  }
  return { depth: maxDepth, cost };
}

/** A selection with `edges` or `pageInfo` is a connection: without an explicit size, assume a full page. */
function isConnectionField(selectionSet: SelectionSetNode | undefined): boolean {
  return !!selectionSet?.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'pageInfo'));
}

/** A validation rule refusing operations deeper or costlier than the limits. */
export function createLimitsRule(limits: QueryLimits, variables: () => Record<string, unknown> = () => ({})) {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    return {
      OperationDefinition(operation) {
        const { depth, cost } = measure(operation.selectionSet, fragments, variables());
        if (depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}`, { extensions: { code: 'QUERY_TOO_DEEP' } }));
        }
        if (cost > limits.maxCost) {
          context.reportError(new GraphQLError(`Query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages`, { extensions: { code: 'QUERY_TOO_COSTLY' } }));
        }
      },
    };
  };
}
