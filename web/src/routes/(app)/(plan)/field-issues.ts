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
