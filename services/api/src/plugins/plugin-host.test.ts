import { definePlugin, PluginDefinitionError, type BroadcartPlugin, type PluginDefinition } from '@broadcart/plugin-sdk';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildSchema } from 'graphql';
import { loadPlugins, ownsFieldName, ownsTypeName, PluginHost, recordAdditions } from './plugin-host.js';

const logger = pino({ level: 'silent' });

function plugin(namespace: string, extra: Partial<PluginDefinition<any>> & { version?: string; coreRange?: string; dependsOn?: Record<string, string> } = {}): BroadcartPlugin<any> {
  const { version = '1.0.0', coreRange = '^0.1.0', dependsOn, ...rest } = extra;
  return definePlugin({ manifest: { name: `plugin-${namespace}`, namespace, version, coreRange, dependsOn }, ...rest });
}

describe('loading plugins at boot', () => {
  it('stops on a core range the core does not satisfy, naming the plugin', async () => {
    await expect(loadPlugins([{ plugin: plugin('quiz', { coreRange: '^2.0.0' }) }], { logger })).rejects.toThrow(
      'plugin plugin-quiz: needs core ^2.0.0, this core is 0.1.0',
    );
  });

  it('validates options with the plugin’s schema and names the bad path', async () => {
    const configured = plugin('quiz', { config: z.object({ rounds: z.number().int().min(1) }) });
    await expect(loadPlugins([{ plugin: configured, options: { rounds: 0 } }], { logger })).rejects.toThrow(/plugin plugin-quiz: invalid options: rounds: /);
    const [loaded] = await loadPlugins([{ plugin: configured, options: { rounds: 3 } }], { logger });
    expect(loaded!.config).toEqual({ rounds: 3 });
  });

  it('orders plugins after their dependencies and checks the dependency’s version', async () => {
    const base = plugin('base', { version: '1.2.0' });
    const addon = plugin('addon', { dependsOn: { base: '^1.0.0' } });
    const loaded = await loadPlugins([{ plugin: addon }, { plugin: base }], { logger });
    expect(loaded.map((entry) => entry.namespace)).toEqual(['base', 'addon']);
    await expect(loadPlugins([{ plugin: plugin('addon', { dependsOn: { base: '^2.0.0' } }) }, { plugin: base }], { logger })).rejects.toThrow(
      'plugin plugin-addon: depends on base ^2.0.0, installed is 1.2.0',
    );
    await expect(loadPlugins([{ plugin: addon }], { logger })).rejects.toThrow('plugin plugin-addon: depends on plugin base, which is not installed');
  });

  it('names a dependency cycle', async () => {
    const a = plugin('alpha', { dependsOn: { beta: '*' } });
    const b = plugin('beta', { dependsOn: { alpha: '*' } });
    await expect(loadPlugins([{ plugin: a }, { plugin: b }], { logger })).rejects.toThrow(/dependency cycle: alpha → beta → alpha/);
  });

  it('refuses two plugins with one namespace', async () => {
    await expect(loadPlugins([{ plugin: plugin('quiz') }, { plugin: plugin('quiz') }], { logger })).rejects.toThrow('namespace quiz is already used');
  });

  it('leaves out an optional plugin that fails its checks, and the plugins that need it', async () => {
    const broken = plugin('broken', { coreRange: '^9.0.0' });
    const needsBroken = plugin('needy', { dependsOn: { broken: '*' } });
    const fine = plugin('fine');
    const loaded = await loadPlugins(
      [
        { plugin: broken, optional: true },
        { plugin: needsBroken, optional: true },
        { plugin: fine },
      ],
      { logger },
    );
    expect(loaded.map((entry) => entry.namespace)).toEqual(['fine']);
  });

  it('refuses a plugin built with an incompatible SDK', async () => {
    const old = { ...plugin('legacy'), sdkVersion: '0.0.3' } as BroadcartPlugin;
    await expect(loadPlugins([{ plugin: old }], { logger })).rejects.toThrow("plugin plugin-legacy: was built with plugin SDK 0.0.3, which is not compatible with this core's SDK 0.1.0");
  });

  it('refuses something that is not a definePlugin object', async () => {
    await expect(loadPlugins([{ plugin: { manifest: { name: 'raw' } } as never }], { logger })).rejects.toBeInstanceOf(PluginDefinitionError);
  });
});

describe('what a plugin owns in the schema', () => {
  it('matches namespaced types, fields and verb-first mutations, and nothing that merely shares letters', () => {
    expect(ownsTypeName('lottery', 'LotteryGiveaway')).toBe(true);
    expect(ownsTypeName('lottery', 'CreateLotteryGiveawayPayload')).toBe(true);
    expect(ownsTypeName('poll', 'Poll')).toBe(true);
    expect(ownsTypeName('poll', 'Polling')).toBe(false);
    expect(ownsTypeName('lottery', 'LiveSession')).toBe(false);
    expect(ownsFieldName('lottery', 'lotteryGiveaways')).toBe(true);
    expect(ownsFieldName('lottery', 'drawLotteryGiveaway')).toBe(true);
    expect(ownsFieldName('poll', 'pollster')).toBe(false);
    expect(ownsFieldName('lottery', 'liveMetrics')).toBe(false);
  });
});

describe('intercepts', () => {
  it('run in before/after order and drop invalid or failing answers (fail-open)', async () => {
    const calls: string[] = [];
    const answer = (name: string, output: unknown) => ({
      'session.beforeStart': {
        handle: () => {
          calls.push(name);
          if (output instanceof Error) throw output;
          return output as never;
        },
        ...(name === 'first' ? { before: ['second'] } : {}),
      },
    });
    const second = plugin('second', { intercept: answer('second', { warnings: ['from second'] }) });
    const first = plugin('first', { intercept: answer('first', { warnings: ['from first'] }) });
    const invalid = plugin('invalid', { intercept: answer('invalid', { warnings: 'not a list' }) });
    const failing = plugin('failing', { intercept: answer('failing', new Error('down')) });
    const host = new PluginHost(await loadPlugins([second, invalid, first, failing].map((p) => ({ plugin: p })), { logger }), logger);
    // No database: every plugin counts as switched on.
    (host as unknown as { isEnabled: () => Promise<boolean> }).isEnabled = async () => true;
    (host as unknown as { contextOf: () => object }).contextOf = () => ({});
    const results = await host.intercept('session.beforeStart', { organizationId: 'o', sessionId: 's' }, { fork: () => ({}) } as never);
    expect(calls).toEqual(['invalid', 'first', 'second', 'failing']);
    expect(results).toEqual([
      { namespace: 'first', output: { warnings: ['from first'] } },
      { namespace: 'second', output: { warnings: ['from second'] } },
    ]);
  });

  it('fall back to install order when before/after constraints contradict each other (fail-open)', async () => {
    const answer = (name: string, constraint: { before?: string[] }) => ({ 'session.beforeStart': { handle: () => ({ warnings: [name] }), ...constraint } });
    const a = plugin('alpha', { intercept: answer('alpha', { before: ['beta'] }) });
    const b = plugin('beta', { intercept: answer('beta', { before: ['alpha'] }) });
    const host = new PluginHost(await loadPlugins([a, b].map((p) => ({ plugin: p })), { logger }), logger);
    (host as unknown as { isEnabled: () => Promise<boolean> }).isEnabled = async () => true;
    (host as unknown as { contextOf: () => object }).contextOf = () => ({});
    const results = await host.intercept('session.beforeStart', { organizationId: 'o', sessionId: 's' }, { fork: () => ({}) } as never);
    expect(results.map((result) => result.namespace)).toEqual(['alpha', 'beta']);
  });
});

describe('what a plugin adds to the schema', () => {
  const core = buildSchema(`type Query { session(id: ID!): LiveSession } type LiveSession { id: ID! title: String! } type Mutation { startSession(id: ID!): LiveSession! }`);
  const loaded = { namespace: 'session', plugin: plugin('session') };

  it('is recorded exactly, so a namespace that looks like a core word owns nothing of the core', () => {
    const after = buildSchema(`type Query { session(id: ID!): LiveSession sessionStats: SessionStats } type LiveSession { id: ID! title: String! sessionScore: Int }
      type SessionStats { total: Int! } type Mutation { startSession(id: ID!): LiveSession! resetSessionStats: Boolean! }`);
    const ownership = { types: new Map<string, string>(), fields: new Map<string, string>() };
    recordAdditions(ownership, core, after, loaded);
    expect([...ownership.types]).toEqual([['SessionStats', 'session']]);
    expect([...ownership.fields.keys()].sort()).toEqual(['LiveSession.sessionScore', 'Mutation.resetSessionStats', 'Query.sessionStats']);
  });

  it('stops the boot, naming the plugin, for an unprefixed name or a non-null field on a core type', () => {
    const ownership = { types: new Map<string, string>(), fields: new Map<string, string>() };
    const unprefixed = buildSchema(`type Query { session(id: ID!): LiveSession } type LiveSession { id: ID! title: String! score: Int } type Mutation { startSession(id: ID!): LiveSession! }`);
    expect(() => recordAdditions(ownership, core, unprefixed, loaded)).toThrow('plugin plugin-session: adds field LiveSession.score, whose name does not start with session');
    const nonNull = buildSchema(`type Query { session(id: ID!): LiveSession } type LiveSession { id: ID! title: String! sessionScore: Int! } type Mutation { startSession(id: ID!): LiveSession! }`);
    expect(() => recordAdditions(ownership, core, nonNull, loaded)).toThrow('plugin plugin-session: adds LiveSession.sessionScore as non-null');
  });
});
