import { goto } from '$app/navigation';
import { page } from '$app/state';
import { withParams } from './url-params.js';

/**
 * Applies `updates` to the page's query (see `withParams`) in place: filters live in the URL, but
 * changing one adds no history entry and keeps focus and scroll where they are.
 */
export function replaceUrlParams(updates: Record<string, string | number | boolean | null | undefined>): Promise<void> {
  return goto(withParams(page.url, updates), { replaceState: true, keepFocus: true, noScroll: true });
}

/**
 * The text of a search box, handed to `commit` (trimmed) once typing pauses: each keystroke would
 * otherwise be a request. A pending commit is dropped by `clear()` and when the component goes, so
 * it cannot land on the next page. Create during component init.
 */
export class DebouncedSearch {
  text = $state('');
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly commit: (text: string) => void,
    initial = '',
    /** @default 300 */
    private readonly delayMs = 300,
  ) {
    this.text = initial;
    $effect(() => () => clearTimeout(this.#timer));
  }

  type(value: string): void {
    this.text = value;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.commit(value.trim()), this.delayMs);
  }

  /** Empties the box without committing what was being typed (the caller resets the URL). */
  clear(): void {
    clearTimeout(this.#timer);
    this.text = '';
  }
}
