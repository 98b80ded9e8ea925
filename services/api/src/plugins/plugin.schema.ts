import type { PluginPermission, PluginWidget } from '@broadcart/plugin-sdk';
import { scopeOf } from '../context.js';
import { builder } from '../schema/builder.js';
import { MUTATION_ERRORS } from '../schema/common.schema.js';
import { NotFoundError } from '../shared/errors.js';
import { requireRole } from '../shared/actor.js';
import type { LoadedPlugin } from './plugin-host.js';

/** An installed plugin as one organization sees it. */
interface InstalledPluginShape {
  loaded: LoadedPlugin;
  enabled: boolean;
}

const LocalizedText = builder.objectRef<{ en: string; zh: string }>('LocalizedText').implement({
  description: 'A text in English and Simplified Chinese.',
  fields: (t) => ({ en: t.exposeString('en'), zh: t.exposeString('zh') }),
});

const PluginPermissionRef = builder.objectRef<{ name: string; permission: PluginPermission }>('PluginPermission').implement({
  description: 'A permission a plugin defines, and the roles that hold it.',
  fields: (t) => ({
    name: t.exposeString('name', { description: '`<namespace>:<key>`, e.g. `lottery:manage`.' }),
    description: t.field({ type: LocalizedText, resolve: (parent) => parent.permission.description }),
    roles: t.stringList({ resolve: (parent) => [...parent.permission.roles] }),
  }),
});

const PluginWidgetRef = builder.objectRef<PluginWidget>('PluginWidget').implement({
  description: 'A Svelte component of the plugin for a slot of the web app, exported by name from `<package>/web`.',
  fields: (t) => ({
    slot: t.exposeString('slot', { description: 'overlay, control-room, session-editor or campaign-editor.' }),
    component: t.exposeString('component'),
    title: t.field({ type: LocalizedText, resolve: (widget) => widget.title }),
  }),
});

const PluginCallStatsRef = builder.objectRef<{ kind: string; calls: number; failures: number; timeouts: number; rejected: number }>('PluginCallStats').implement({
  description: 'Calls the host made into the plugin since this process started, by kind.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'field, handler, intercept, timer, job, http, setup or shutdown.' }),
    calls: t.exposeInt('calls'),
    failures: t.exposeInt('failures'),
    timeouts: t.exposeInt('timeouts'),
    rejected: t.exposeInt('rejected', { description: 'Refused while the circuit was open.' }),
  }),
});

const PluginHealthRef = builder.objectRef<NonNullable<ReturnType<import('./plugin-host.js').PluginHost['health']>>>('PluginHealth').implement({
  description: 'The circuit breaker and call counts of a plugin in the process that answered.',
  fields: (t) => ({
    circuit: t.exposeString('state', { description: 'CLOSED, OPEN (calls refused after repeated failures) or HALF_OPEN (one trial call).' }),
    openedAt: t.field({ type: 'DateTime', nullable: true, resolve: (health) => health.openedAt }),
    calls: t.field({
      type: [PluginCallStatsRef],
      resolve: (health) => Object.entries(health.stats).map(([kind, stats]) => ({ kind, ...stats })),
    }),
  }),
});

const InstalledPluginRef = builder.objectRef<InstalledPluginShape>('InstalledPlugin').implement({
  description: 'A plugin installed on this server, and whether it is switched on for your organization.',
  fields: (t) => ({
    namespace: t.string({ resolve: ({ loaded }) => loaded.namespace }),
    name: t.string({ resolve: ({ loaded }) => loaded.plugin.manifest.name }),
    version: t.string({ resolve: ({ loaded }) => loaded.plugin.manifest.version }),
    title: t.field({ type: LocalizedText, nullable: true, resolve: ({ loaded }) => loaded.plugin.manifest.title ?? null }),
    description: t.field({ type: LocalizedText, nullable: true, resolve: ({ loaded }) => loaded.plugin.manifest.description ?? null }),
    enabled: t.exposeBoolean('enabled'),
    dependsOn: t.stringList({ resolve: ({ loaded }) => Object.keys(loaded.plugin.manifest.dependsOn ?? {}) }),
    capabilities: t.stringList({ resolve: ({ loaded }) => [...(loaded.plugin.capabilities ?? [])] }),
    permissions: t.field({
      type: [PluginPermissionRef],
      resolve: ({ loaded }) => Object.entries(loaded.plugin.permissions ?? {}).map(([key, permission]) => ({ name: `${loaded.namespace}:${key}`, permission })),
    }),
    widgets: t.field({ type: [PluginWidgetRef], resolve: ({ loaded }) => [...(loaded.plugin.widgets ?? [])] }),
    health: t.field({
      type: PluginHealthRef,
      nullable: true,
      description: 'Owners and operators only.',
      resolve: ({ loaded }, _args, context) =>
        context.actor && ['OWNER', 'OPERATOR'].includes(context.actor.role) ? context.plugins.health(loaded.namespace) : null,
    }),
  }),
});

async function installedFor(context: import('../context.js').GraphQLContext, loaded: LoadedPlugin): Promise<InstalledPluginShape> {
  const { em, actor } = scopeOf(context);
  return { loaded, enabled: await context.plugins.isEnabled(em, actor.organizationId, loaded.namespace, context) };
}

builder.queryField('installedPlugins', (t) =>
  t.field({
    type: [InstalledPluginRef],
    description: 'Plugins installed on this server, in dependency order, with your organization’s switch.',
    authScopes: { member: true },
    resolve: (_root, _args, context) => Promise.all(context.plugins.plugins.map((loaded) => installedFor(context, loaded))),
  }),
);

builder.relayMutationField(
  'setPluginEnabled',
  {
    inputFields: (t) => ({
      namespace: t.string({ required: true }),
      enabled: t.boolean({ required: true }),
    }),
  },
  {
    description: 'Switches an installed plugin on or off for your organization (owners only). Data the plugin stored is kept.',
    errors: { types: MUTATION_ERRORS },
    resolve: async (_root, { input }, context) => {
      const { em, actor } = scopeOf(context);
      requireRole(actor, ['OWNER'], 'switch plugins');
      const loaded = context.plugins.get(input.namespace);
      if (!loaded) throw new NotFoundError('InstalledPlugin', input.namespace);
      await context.plugins.setEnabled(em, actor.organizationId, loaded.namespace, input.enabled, actor.memberId);
      return { plugin: { loaded, enabled: input.enabled } };
    },
  },
  {
    outputFields: (t) => ({
      plugin: t.field({ type: InstalledPluginRef, resolve: (payload) => payload.plugin }),
    }),
  },
);
