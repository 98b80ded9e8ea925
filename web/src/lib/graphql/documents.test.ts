// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, Kind, parse, validate, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
// The server's own measure of depth and cost (a pure function of the document and variables).
import { measure } from '../../../../services/api/src/schema/limits.js';

// gql.tada types a document's fields but not its arguments, and the component tests' fake client
// answers by operation name: a missing required argument (or a field the server dropped) would
// only show up against the real API. This validates every document in src against the schema.

const SRC = fileURLToPath(new URL('../..', import.meta.url));
const schema = buildSchema(readFileSync(fileURLToPath(new URL('../../../../schema/schema.graphql', import.meta.url)), 'utf8'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(entry.name) && !/\.(test|d)\.ts$|\.test\.svelte\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The template literals passed to `graphql(...)`, without gql.tada's client-only `@_unmask`. */
export function documentsIn(source: string): string[] {
  return Array.from(source.matchAll(/\bgraphql\(\s*`([^`]*)`/g), (match) => (match[1] ?? '').replaceAll('@_unmask', ''));
}

const operations: { file: string; definition: OperationDefinitionNode }[] = [];
const fragments = new Map<string, FragmentDefinitionNode>();
for (const file of sourceFiles(SRC)) {
  for (const text of documentsIn(readFileSync(file, 'utf8'))) {
    for (const definition of parse(text).definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push({ file: relative(SRC, file), definition });
    }
  }
}

function withFragments(root: DefinitionNode): DefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(root);
  return [root, ...used.values()];
}

describe('GraphQL documents of the web app', () => {
  it('finds the documents', () => {
    expect(documentsIn('const A = graphql(`query A { me { id } }`); const B = graphql(\n  `fragment B on Money @_unmask { amount }`, []);')).toEqual([
      'query A { me { id } }',
      'fragment B on Money  { amount }',
    ]);
    expect(operations.length).toBeGreaterThan(50);
  });

  it('are valid against schema/schema.graphql (fields, arguments, variables, fragments)', () => {
    const invalid = operations.flatMap(({ file, definition }) =>
      validate(schema, { kind: Kind.DOCUMENT, definitions: withFragments(definition) }).map((error) => `${file} ${definition.name?.value ?? '(anonymous)'}: ${error.message}`),
    );
    expect(invalid).toEqual([]);
  });

  it('stay within the server’s default depth (12) and cost (5,000) limits, even at the largest page the app asks for', () => {
    // Page sizes passed as variables are measured at 100, the most any page of the app requests.
    const worstCase = new Proxy({}, { get: () => 100 }) as Record<string, unknown>;
    const refused = operations.flatMap(({ file, definition }) => {
      const fragmentMap = Object.fromEntries(withFragments(definition).filter((node): node is FragmentDefinitionNode => node.kind === Kind.FRAGMENT_DEFINITION).map((node) => [node.name.value, node]));
      const { depth, cost } = measure(definition.selectionSet, fragmentMap, worstCase);
      return depth > 12 || cost > 5000 ? [`${file} ${definition.name?.value}: depth ${depth}, cost ${cost}`] : [];
    });
    expect(refused).toEqual([]);
  });

  it('select the typed errors of every mutation', () => {
    const blind = operations
      .filter(({ definition }) => definition.operation === 'mutation')
      .filter(({ definition }) => !withFragments(definition).some((node) => node.kind === Kind.FRAGMENT_DEFINITION && node.name.value === 'UserErrorFields'))
      .map(({ file, definition }) => `${file} ${definition.name?.value}`);
    expect(blind).toEqual([]);
  });
});
