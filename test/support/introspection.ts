import { getIntrospectionQuery, type IntrospectionQuery, type IntrospectionTypeRef } from 'graphql';
import type { TestApp } from './test-app.js';

type Types = Map<string, IntrospectionQuery['__schema']['types'][number]>;

export async function loadTypes(t: TestApp): Promise<{ types: Types; queryType: string }> {
  const data = await t.gql<IntrospectionQuery>(getIntrospectionQuery());
  return { types: new Map(data.__schema.types.map((type) => [type.name, type])), queryType: data.__schema.queryType.name };
}

export function namedType(ref: IntrospectionTypeRef): string {
  let current: IntrospectionTypeRef = ref;
  while ('ofType' in current && current.ofType) current = current.ofType;
  return (current as { name: string }).name;
}

export function isRequired(ref: IntrospectionTypeRef): boolean {
  return ref.kind === 'NON_NULL';
}

/**
 * A selection that reads everything reachable from a type down to `depth`, skipping fields that
 * need arguments. Lists of connections ask for a full page so nothing hides behind paging.
 */
export function selectAll(types: Types, typeName: string, depth: number): string {
  const type = types.get(typeName);
  if (!type) return '';
  if (type.kind === 'SCALAR' || type.kind === 'ENUM') return '';
  if (depth <= 0) return type.kind === 'OBJECT' && 'fields' in type && type.fields.some((f) => f.name === 'id') ? '{ __typename id }' : '{ __typename }';
  const parts: string[] = ['__typename'];
  if (type.kind === 'UNION' || type.kind === 'INTERFACE') {
    for (const possible of type.possibleTypes ?? []) {
      const inner = selectAll(types, possible.name, depth - 1);
      if (inner) parts.push(`... on ${possible.name} ${inner}`);
    }
  }
  if ((type.kind === 'OBJECT' || type.kind === 'INTERFACE') && 'fields' in type) {
    for (const field of type.fields) {
      if (field.args.some((arg) => isRequired(arg.type) && arg.defaultValue == null)) continue;
      const target = namedType(field.type);
      const targetType = types.get(target);
      const paged = field.args.some((arg) => arg.name === 'first') ? '(first: 100)' : '';
      if (!targetType || targetType.kind === 'SCALAR' || targetType.kind === 'ENUM') {
        parts.push(field.name);
      } else {
        parts.push(`${field.name}${paged} ${selectAll(types, target, depth - 1)}`);
      }
    }
  }
  return `{ ${parts.join(' ')} }`;
}

/** Every value of an `id` key anywhere in a response. */
export function collectIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => collectIds(item, into));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'id' && typeof inner === 'string') into.add(inner);
      else collectIds(inner, into);
    }
  }
  return into;
}
