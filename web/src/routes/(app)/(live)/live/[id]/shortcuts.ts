export type SegmentDirection = 'NEXT' | 'PREVIOUS';

/**
 * The segment step a key asks for: N / P, and PageDown / PageUp, which is what presentation
 * clickers send. Arrow keys are left alone: they scroll, and a stray one must not change the show.
 */
export function shortcutDirection(event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): SegmentDirection | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  switch (event.key) {
    case 'n':
    case 'N':
    case 'PageDown':
      return 'NEXT';
    case 'p':
    case 'P':
    case 'PageUp':
      return 'PREVIOUS';
    default:
      return null;
  }
}

/** Keys typed into a field or an open dialog are not shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], dialog[open]') !== null;
}
