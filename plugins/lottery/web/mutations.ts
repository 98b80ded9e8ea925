import type { WidgetClient } from '@broadcart/plugin-sdk';
import type { MutationDocument } from './control-room-documents.js';
import { formatPath } from './format.js';
import type { ShownError } from './types.js';

/** A member of a mutation's result union: its payload, or one of the core's typed errors. */
interface MutationResult {
  __typename?: string;
  code?: string;
  message?: string;
  issues?: { path: (string | number)[]; message: string }[];
  [payloadField: string]: unknown;
}

export type MutationOutcome<T> = { ok: true; value: T } | { ok: false; errors: ShownError[] };

/**
 * Runs `mutation` with `input`. Typed errors (a validation error lists one entry per field) and
 * thrown ones (transport, GraphQL errors) both come back as errors to show, never as exceptions.
 */
export async function runMutation<T>(client: WidgetClient, mutation: MutationDocument, input: Record<string, unknown>): Promise<MutationOutcome<T>> {
  let data: Record<string, MutationResult | null | undefined>;
  try {
    data = await client.request<Record<string, MutationResult | null | undefined>>(mutation.document, { input });
  } catch (error) {
    return { ok: false, errors: [{ message: error instanceof Error ? error.message : String(error) }] };
  }
  const result = data[mutation.field];
  const value = result?.[mutation.payloadField];
  if (value) return { ok: true, value: value as T };
  if (result?.issues?.length) {
    return { ok: false, errors: result.issues.map((issue) => ({ message: issue.message, path: formatPath(issue.path) })) };
  }
  return { ok: false, errors: [{ message: result?.message ?? result?.__typename ?? `${mutation.field}: no result` }] };
}
