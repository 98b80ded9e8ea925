import { describe, expect, it } from 'vitest';
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { measure } from './limits.js';

function measureQuery(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return measure(operation.selectionSet, fragments, variables);
}

describe('query limits', () => {
  it('counts depth through fragments', () => {
    const result = measureQuery('{ me { ...M } } fragment M on Member { organization { name } }');
    expect(result.depth).toBe(3);
  });

  it('multiplies nested cost by page sizes, including variables', () => {
    const small = measureQuery('query($n: Int) { products(first: $n) { edges { node { title } } } }', { n: 2 });
    const large = measureQuery('query($n: Int) { products(first: $n) { edges { node { title } } } }', { n: 100 });
    expect(large.cost).toBeGreaterThan(small.cost * 40);
  });

  it('assumes a default page for connections without a size', () => {
    const result = measureQuery('{ products { edges { node { title } } } }');
    expect(result.cost).toBe(1 + 20 * 3);
  });

  it('survives fragment cycles', () => {
    const result = measureQuery('{ me { ...A } } fragment A on Member { ...B } fragment B on Member { ...A }');
    expect(result.depth).toBe(1);
  });
});
