import { insertionIndex } from './reorder.js';

/**
 * Dragging a row by its handle with pointer events (mouse, pen and touch alike; HTML5 drag and
 * drop does not fire on tablets). While dragging, `insertion` is where the row would land.
 */
export class RowDrag {
  draggingId = $state<string | null>(null);
  insertion = $state<number | null>(null);

  constructor(
    /** The rows in their current order (their midpoints decide the insertion index). */
    private readonly rows: () => HTMLElement[],
    private readonly ondrop: (id: string, insertion: number) => void,
  ) {}

  start(event: PointerEvent, id: string): void {
    if (event.button !== 0) return;
    event.preventDefault();
    (event.currentTarget as Element | null)?.setPointerCapture?.(event.pointerId);
    this.draggingId = id;
    this.insertion = null;
  }

  move(event: PointerEvent): void {
    if (!this.draggingId) return;
    const midpoints = this.rows().map((row) => {
      const box = row.getBoundingClientRect();
      return box.top + box.height / 2;
    });
    this.insertion = insertionIndex(midpoints, event.clientY);
  }

  end(): void {
    const id = this.draggingId;
    const insertion = this.insertion;
    this.cancel();
    if (id && insertion !== null) this.ondrop(id, insertion);
  }

  cancel(): void {
    this.draggingId = null;
    this.insertion = null;
  }
}
