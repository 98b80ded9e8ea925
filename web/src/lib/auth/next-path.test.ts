import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path.js';

describe('safeNextPath', () => {
  it('follows a path on this origin with its query and hash', () => {
    expect(safeNextPath('/sessions/abc?tab=overlay#links')).toBe('/sessions/abc?tab=overlay#links');
    expect(safeNextPath('/')).toBe('/');
  });

  it('goes to the fallback when there is no next', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('')).toBe('/');
    expect(safeNextPath(undefined, '/calendar')).toBe('/calendar');
  });

  it('refuses other hosts however they are spelled', () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'evil.example', ' /sessions']) {
      expect(safeNextPath(next), next).toBe('/');
    }
  });

  it('refuses control characters that URL parsing would drop', () => {
    expect(safeNextPath('/\t/evil.example')).toBe('/');
    expect(safeNextPath('/\n/evil.example')).toBe('/');
  });

  it('normalises dot segments without leaving the origin', () => {
    expect(safeNextPath('/sessions/../tasks')).toBe('/tasks');
    expect(safeNextPath('/..//evil.example')).toBe('/');
  });
});
