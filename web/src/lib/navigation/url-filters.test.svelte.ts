import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DebouncedSearch } from './url-filters.svelte.js';

vi.mock('$app/state', () => ({ page: { url: new URL('http://app.test/products') } }));
vi.mock('$app/navigation', () => ({ goto: vi.fn(async () => undefined) }));

describe('debounced search', () => {
  let commits: string[];
  let stop: () => void;
  let search: DebouncedSearch;

  beforeEach(() => {
    vi.useFakeTimers();
    commits = [];
    stop = $effect.root(() => {
      search = new DebouncedSearch((text) => commits.push(text), 'lip');
    });
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('starts from the text in the URL and commits once typing pauses, trimmed', () => {
    expect(search.text).toBe('lip');
    search.type('c');
    search.type('cr');
    search.type('cream ');
    expect(search.text).toBe('cream ');
    vi.advanceTimersByTime(299);
    expect(commits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(commits).toEqual(['cream']);
  });

  it('drops what was being typed when cleared', () => {
    search.type('serum');
    search.clear();
    vi.advanceTimersByTime(1000);
    expect(search.text).toBe('');
    expect(commits).toEqual([]);
  });

  it('drops a pending commit when its component goes', () => {
    search.type('mask');
    stop();
    vi.advanceTimersByTime(1000);
    expect(commits).toEqual([]);
  });
});
