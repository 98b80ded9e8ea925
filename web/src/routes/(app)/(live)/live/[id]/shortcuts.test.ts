import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutDirection } from './shortcuts.js';

const key = (value: string, modifiers: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) => ({ key: value, altKey: false, ctrlKey: false, metaKey: false, ...modifiers });

describe('control-room shortcuts', () => {
  it('maps N / PageDown to the next segment and P / PageUp to the previous one', () => {
    expect(['n', 'N', 'PageDown'].map((value) => shortcutDirection(key(value)))).toEqual(['NEXT', 'NEXT', 'NEXT']);
    expect(['p', 'P', 'PageUp'].map((value) => shortcutDirection(key(value)))).toEqual(['PREVIOUS', 'PREVIOUS', 'PREVIOUS']);
  });

  it('ignores arrows, other keys and browser shortcuts with modifiers', () => {
    expect(shortcutDirection(key('ArrowRight'))).toBeNull();
    expect(shortcutDirection(key('x'))).toBeNull();
    expect(shortcutDirection(key('n', { ctrlKey: true }))).toBeNull();
    expect(shortcutDirection(key('p', { metaKey: true }))).toBeNull();
  });

  it('does not treat typing in a field or a dialog as a shortcut', () => {
    document.body.innerHTML = '<input id="field"><dialog open><button id="inside">x</button></dialog><button id="plain">y</button>';
    expect(isTypingTarget(document.getElementById('field'))).toBe(true);
    expect(isTypingTarget(document.getElementById('inside'))).toBe(true);
    expect(isTypingTarget(document.getElementById('plain'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
