/**
 * Ordering helpers shared by the run-of-show and the lineup: keyboard moves, pointer drops, and
 * the id lists `reorderSegments` / `reorderLineup` take (every id once, in the new order).
 */

/** `items` with the element at `from` moved so that it ends up at index `to` (both clamped). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= items.length) return [...items];
  const target = Math.max(0, Math.min(to, items.length - 1));
  const next = [...items];
  const [moved] = next.splice(from, 1) as [T];
  next.splice(target, 0, moved);
  return next;
}

/** The order after moving `id` by `delta` places, or null when it cannot move that way (or is unknown). */
export function moveBy(ids: readonly string[], id: string, delta: number): string[] | null {
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from === -1 || delta === 0 || to < 0 || to >= ids.length) return null;
  return moveItem(ids, from, to);
}

/**
 * Where a dragged row lands: the number of row midpoints above the pointer, i.e. an insertion
 * index from 0 (before the first row) to `midpoints.length` (after the last one).
 */
export function insertionIndex(midpoints: readonly number[], pointerY: number): number {
  let index = 0;
  for (const midpoint of midpoints) if (pointerY > midpoint) index++;
  return index;
}

/**
 * The order after dropping `id` at an insertion index taken while it was still in the list
 * (so dropping just above or below itself changes nothing). Null when nothing moves.
 */
export function dropAt(ids: readonly string[], id: string, insertion: number): string[] | null {
  const from = ids.indexOf(id);
  if (from === -1) return null;
  const clamped = Math.max(0, Math.min(insertion, ids.length));
  const to = clamped > from ? clamped - 1 : clamped;
  return to === from ? null : moveItem(ids, from, to);
}

export function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/**
 * `items` sorted by a preferred id order; items the order does not know keep their relative
 * place after the known ones (an optimistic order that is older than the server's list).
 */
export function applyOrder<T extends { id: string }>(items: readonly T[], order: readonly string[] | null): T[] {
  if (!order) return [...items];
  const rank = new Map(order.map((id, index) => [id, index]));
  return items
    .map((item, index) => ({ item, key: rank.get(item.id) ?? order.length + index }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}
