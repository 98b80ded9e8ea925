import type { OperationError } from '$lib/graphql/operations.svelte.js';

/**
 * The first issue anywhere under an input field, for list fields whose issues name an element
 * (`['input', 'imageUrls', '2']`), which `OperationError.issueFor` (matching on the end) misses.
 * The element's position is put in front so the operator knows which entry is wrong.
 */
export function issueUnder(error: OperationError | null | undefined, field: string): string | undefined {
  if (!error) return undefined;
  for (const issue of error.issues) {
    const at = issue.path.indexOf(field);
    if (at === -1) continue;
    const index = issue.path[at + 1];
    return index !== undefined && /^\d+$/.test(index) ? `#${Number(index) + 1}: ${issue.message}` : issue.message;
  }
  return undefined;
}

/**
 * The issue of one field of one entry of a list input, e.g. `['input', 'platformAccounts', '1',
 * 'handle']` for `rowIssue(error, 'platformAccounts', 1, 'handle')`. Without `field`, any issue of
 * the entry.
 */
export function rowIssue(error: OperationError | null | undefined, list: string, index: number, field?: string): string | undefined {
  return error?.issues.find((issue) => {
    const at = issue.path.indexOf(list);
    return at !== -1 && issue.path[at + 1] === String(index) && (field === undefined || issue.path[at + 2] === field);
  })?.message;
}

/**
 * What a form shows above its inputs: a failure without field issues, or one with an issue that
 * none of `fields` (matched anywhere in the issue's path) sits beside. Null when every issue is
 * shown at its input, so a refusal is never silently dropped and never said twice for nothing.
 */
export function unplacedError(error: OperationError | null | undefined, fields: readonly string[]): OperationError | null {
  if (!error) return null;
  if (!error.issues.length) return error;
  return error.issues.some((issue) => !fields.some((field) => issue.path.includes(field))) ? error : null;
}
