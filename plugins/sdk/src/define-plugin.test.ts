import { describe, expect, it } from 'vitest';
import { definePlugin, typePrefix } from './define-plugin.js';

describe('definePlugin', () => {
  it('refuses a namespace outside the rules, naming the plugin', () => {
    expect(() => definePlugin({ manifest: { name: 'bad', namespace: 'Bad-Name', version: '1.0.0', coreRange: '*' } })).toThrow(
      'plugin bad: manifest.namespace "Bad-Name" must be 2-20 characters a-z0-9 starting with a letter',
    );
  });

  it('refuses events outside the namespace and invalid versions', () => {
    expect(() => definePlugin({ manifest: { name: 'plugin-quiz', namespace: 'quiz', version: '1.0.0', coreRange: '*' }, events: ['lottery.drawn'] })).toThrow('event "lottery.drawn" must start with "quiz."');
    expect(() => definePlugin({ manifest: { name: 'plugin-quiz', namespace: 'quiz', version: 'one', coreRange: '*' } })).toThrow('manifest.version "one" is not a semver version');
  });
});

describe('typePrefix', () => {
  it('capitalizes the namespace for GraphQL type names', () => {
    expect(typePrefix('lottery')).toBe('Lottery');
    expect(typePrefix('kol2')).toBe('Kol2');
  });
});

describe('definePlugin results', () => {
  it('records the SDK version and freezes the definition', () => {
    const plugin = definePlugin({ manifest: { name: 'p', namespace: 'quiz', version: '1.0.0', coreRange: '^0.1.0' } });
    expect(plugin.kind).toBe('broadcart-plugin');
    expect(plugin.sdkVersion).toBe('0.1.0');
    expect(Object.isFrozen(plugin)).toBe(true);
  });

  it('refuses the core namespace, duplicate migration names and bad timer intervals', () => {
    const manifest = { name: 'p', version: '1.0.0', coreRange: '*' };
    expect(() => definePlugin({ manifest: { ...manifest, namespace: 'core' } })).toThrow('the namespace "core" belongs to the core');
    expect(() => definePlugin({ manifest: { ...manifest, namespace: 'quiz' }, migrations: [{ name: 'a', up: [] }, { name: 'a', up: [] }] })).toThrow('two migrations share a name');
    expect(() => definePlugin({ manifest: { ...manifest, namespace: 'quiz' }, timers: { tick: { everyMs: 10, run: () => undefined } } })).toThrow('timer tick: everyMs must be at least 100');
  });
});
