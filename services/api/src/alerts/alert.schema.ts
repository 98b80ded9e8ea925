import { filter, pipe } from 'graphql-yoga';
import type { FieldMap } from '@pothos/core';
import { builder, type BuilderTypes } from '../schema/builder.js';
import { AlertRef, AlertRuleConnection, AlertRuleRef, LiveSessionRef, MemberRef, ProductRef } from '../schema/refs.js';
import { MUTATION_ERRORS, localId, optionalLocalId, orderByInput } from '../schema/common.schema.js';
import { loadChildren } from '../schema/loaders.js';
import { scopeOf } from '../context.js';
import { asGraphQLError, refreshForEvent } from '../realtime/subscription-context.js';
import { sessionId, type PayloadFieldBuilder } from '../sessions/session-schema-helpers.js';
import { Alert, ALERT_CONDITIONS, type AlertRule } from './alert.entity.js';

export const AlertConditionEnum = builder.enumType('AlertCondition', {
  description:
    'ABOVE / BELOW: the metric against `threshold`. DROP_PERCENT / RISE_PERCENT: the change over `windowSeconds` against the value one window earlier, ' +
    'in percent (viewers online: level now vs then; counts: the last window of complete minutes vs the one before). BELOW_PACE: the metric under ' +
    '`threshold` × where the session target should be by now (counts and amounts pace linearly over the scheduled length; rates and averages against the target itself). ' +
    'PRODUCT_BELOW_EXPECTED: while a segment featuring `product` is on air, its sales per minute under `threshold` × the expected rate ' +
    '(`expectedPerMinute`, or the session target per scheduled minute split evenly among the segment’s products).',
  values: ALERT_CONDITIONS,
});

const alertRuleId = (id: string | number) => localId(String(id), 'AlertRule');

AlertRuleRef.implement({
  description: 'A business-metric alert rule (during the live): for one session, or for every live session of the organization.',
  fields: (t) => ({
    name: t.exposeString('name'),
    session: t.field({ type: LiveSessionRef, nullable: true, description: 'Null: applies to every LIVE session.', resolve: (rule) => rule.session ?? null }),
    metric: t.exposeString('metric', {
      description: 'A `MetricKey` of the live engine, or a live counter: ONLINE_VIEWERS (viewers online now), UNITS_PAID (product rules).',
    }),
    condition: t.expose('condition', { type: AlertConditionEnum }),
    threshold: t.exposeFloat('threshold', {
      description: 'ABOVE/BELOW: in the metric’s unit (minor units for money, a fraction for rates). *_PERCENT: percent. BELOW_PACE, PRODUCT_BELOW_EXPECTED: a factor (0.8 = 80% of expected).',
    }),
    windowSeconds: t.exposeInt('windowSeconds', {
      description: 'Change conditions: the window (60-3600). BELOW_PACE and PRODUCT_BELOW_EXPECTED: a grace period after the start of the show or segment.',
    }),
    product: t.field({ type: ProductRef, nullable: true, resolve: (rule) => rule.product ?? null }),
    expectedPerMinute: t.exposeFloat('expectedPerMinute', { nullable: true, description: 'PRODUCT_BELOW_EXPECTED: expected sales per minute in the metric’s unit.' }),
    enabled: t.exposeBoolean('enabled'),
    cooldownSeconds: t.exposeInt('cooldownSeconds', { description: 'After the rule fires on a session, it does not fire again there for this long.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

AlertRef.implement({
  description: 'One firing of an alert rule on a session; active until its condition stops holding.',
  fields: (t) => ({
    session: t.field({ type: LiveSessionRef, resolve: (alert) => alert.session }),
    rule: t.field({ type: AlertRuleRef, nullable: true, description: 'Null once the rule was deleted.', resolve: (alert) => alert.rule ?? null }),
    metric: t.exposeString('metric'),
    condition: t.expose('condition', { type: AlertConditionEnum }),
    firedAt: t.expose('firedAt', { type: 'DateTime' }),
    clearedAt: t.expose('clearedAt', { type: 'DateTime', nullable: true }),
    active: t.boolean({ resolve: (alert) => alert.clearedAt == null }),
    value: t.exposeFloat('value', { description: 'What was observed when it fired (percent for change conditions, per minute for product rules).' }),
    threshold: t.exposeFloat('threshold', { description: 'What it was compared with: the rule’s threshold, or threshold × expected for pace and product rules.' }),
    messageZh: t.exposeString('messageZh'),
    messageEn: t.exposeString('messageEn'),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true }),
    acknowledgedBy: t.field({ type: MemberRef, nullable: true, resolve: (alert) => alert.acknowledgedBy ?? null }),
    version: t.exposeInt('version', { description: '1 when fired; grows when acknowledged or cleared.' }),
  }),
});

interface AlertEvent {
  alertId: string;
  version: number;
}

const AlertEventRef = builder.objectRef<AlertEvent>('AlertEvent').implement({
  description: 'An alert of the session fired, was acknowledged or cleared.',
  fields: (t) => ({
    alert: t.field({ type: AlertRef, resolve: (event) => event.alertId }),
    version: t.exposeInt('version', { description: 'The alert’s version this notice is about; drop notices older than the alert you hold.' }),
  }),
});

const AlertRuleOrder = orderByInput('AlertRule', { NAME: 'name', CREATED_AT: 'createdAt' }, 'CREATED_AT');

const AlertRuleFilter = builder.inputType('AlertRuleFilter', {
  fields: (t) => ({
    sessionId: t.id({ description: 'Rules of this session.' }),
    includeOrganizationRules: t.boolean({ description: 'With sessionId: also the organization-wide rules, which apply to it while it is live.' }),
    enabled: t.boolean(),
  }),
});

builder.queryFields((t) => ({
  alertRules: t.connection(
    {
      type: AlertRuleRef,
      authScopes: { member: true },
      args: { filter: t.arg({ type: AlertRuleFilter }), orderBy: t.arg({ type: AlertRuleOrder.input }) },
      resolve: (_root, args, context) =>
        context.services.alerts.listRules(
          scopeOf(context),
          { ...args.filter, sessionId: optionalLocalId(args.filter?.sessionId == null ? null : String(args.filter.sessionId), 'LiveSession') },
          AlertRuleOrder.toOrder(args.orderBy),
          args,
        ),
    },
    AlertRuleConnection,
  ),
}));

builder.objectFields(LiveSessionRef, (t) => ({
  alerts: t.loadableList({
    type: AlertRef,
    byPath: true,
    description: 'Alerts raised on the session, newest first.',
    args: { active: t.arg.boolean({ required: false, description: 'true: only open alerts; false: only cleared ones; omitted: all.' }) },
    load: async (sessionIds: string[], context, args) => {
      const rows = await loadChildren(Alert, 'session', { firedAt: 'desc' })(sessionIds, context);
      const wanted = args.active == null ? rows : rows.filter((alert) => (alert.clearedAt == null) === args.active);
      return sessionIds.map((id) => wanted.filter((alert) => alert.session === id));
    },
    resolve: (session) => session.id,
  }),
}));

const RULE_OUTPUT = {
  outputFields: (t: PayloadFieldBuilder<{ alertRule: AlertRule }>): FieldMap => ({
    alertRule: t.field({ type: AlertRuleRef, resolve: (payload) => payload.alertRule }),
  }),
};

type InputFieldBuilder = PothosSchemaTypes.InputFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>, 'InputObject'>;

const ruleInputFields = (t: InputFieldBuilder) => ({
  name: t.string(),
  metric: t.string({ description: 'A MetricKey, ONLINE_VIEWERS or UNITS_PAID.' }),
  condition: t.field({ type: AlertConditionEnum }),
  threshold: t.float(),
  windowSeconds: t.int({ description: 'Default 300.' }),
  productId: t.id({ description: 'Required for PRODUCT_BELOW_EXPECTED; on the session’s lineup when the rule has a session.' }),
  expectedPerMinute: t.float(),
  enabled: t.boolean({ description: 'Default true.' }),
  cooldownSeconds: t.int({ description: 'Default 300.' }),
});

builder.relayMutationField(
  'createAlertRule',
  {
    inputFields: (t) => ({
      ...ruleInputFields(t),
      name: t.string({ required: true }),
      metric: t.string({ required: true, description: 'A MetricKey, ONLINE_VIEWERS or UNITS_PAID.' }),
      condition: t.field({ type: AlertConditionEnum, required: true }),
      threshold: t.float({ required: true }),
      sessionId: t.id({ description: 'Omit for a rule that applies to every live session of the organization.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: async (_root, { input: { sessionId: session, productId, ...input } }, context) => ({
      alertRule: await context.services.alerts.createRule(scopeOf(context), {
        ...input,
        sessionId: session == null ? null : sessionId(session),
        productId: productId == null ? null : localId(String(productId), 'Product'),
      }),
    }),
  },
  RULE_OUTPUT,
);

builder.relayMutationField(
  'updateAlertRule',
  { inputFields: (t) => ({ id: t.id({ required: true }), ...ruleInputFields(t) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes only the fields that are given; null clears productId and expectedPerMinute.',
    resolve: async (_root, { input: { id, productId, ...input } }, context) => ({
      alertRule: await context.services.alerts.updateRule(scopeOf(context), alertRuleId(id), {
        ...input,
        ...(productId === undefined ? {} : { productId: productId === null ? null : localId(String(productId), 'Product') }),
      }),
    }),
  },
  RULE_OUTPUT,
);

builder.relayMutationField(
  'deleteAlertRule',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Its open alerts clear; past alerts stay on their sessions.',
    resolve: async (_root, { input }, context) => ({
      deletedId: (await context.services.alerts.deleteRule(scopeOf(context), alertRuleId(input.id)), String(input.id)),
    }),
  },
  { outputFields: (t) => ({ deletedId: t.exposeID('deletedId') }) },
);

builder.relayMutationField(
  'acknowledgeAlert',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Records that someone has seen the alert; it stays active until its condition clears.',
    resolve: async (_root, { input }, context) => ({
      alert: await context.services.alerts.acknowledge(scopeOf(context), localId(String(input.id), 'Alert')),
    }),
  },
  { outputFields: (t) => ({ alert: t.field({ type: AlertRef, resolve: (payload) => payload.alert }) }) },
);

builder.subscriptionFields((t) => ({
  alerts: t.field({
    type: AlertEventRef,
    description: 'Alerts of the session as they fire, are acknowledged and clear. After a reconnect, query `LiveSession.alerts` to resync.',
    args: { sessionId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, context) => {
      try {
        const { actor } = scopeOf(context);
        const session = await context.services.sessions.get({ em: context.em.fork(), actor }, sessionId(args.sessionId));
        return pipe(
          context.realtime.subscribe('session:alerts', session.id),
          filter((notice) => notice.organizationId === actor.organizationId),
        );
      } catch (error) {
        return asGraphQLError(error);
      }
    },
    resolve: (notice, _args, context) => {
      refreshForEvent(context);
      return { alertId: notice.alertId, version: notice.version };
    },
  }),
}));
