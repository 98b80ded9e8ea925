import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { idColumn, timestampColumns } from '../db/columns.js';
import { Member } from '../organizations/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Product } from '../products/product.entity.js';
import { LiveSession } from '../sessions/session.entity.js';

/**
 * ABOVE / BELOW: the metric against an absolute threshold.
 * DROP_PERCENT / RISE_PERCENT: the change over `windowSeconds` against the value one window
 * earlier, threshold in percent.
 * BELOW_PACE: the metric under `threshold` × where the session target says it should be by now.
 * PRODUCT_BELOW_EXPECTED: during a segment featuring `product`, its sales per minute under
 * `threshold` × the expected rate.
 */
export const ALERT_CONDITIONS = ['ABOVE', 'BELOW', 'DROP_PERCENT', 'RISE_PERCENT', 'BELOW_PACE', 'PRODUCT_BELOW_EXPECTED'] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

/** A business-metric alert rule of an organization, for one session or for every live session. */
export const AlertRule = defineEntity({
  name: 'AlertRule',
  tableName: 'alert_rules',
  indexes: [{ properties: ['organization', 'enabled'] }],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    /** Null: the rule applies to every LIVE session of the organization. */
    session: () => p.manyToOne(LiveSession).mapToPk().nullable().index().deleteRule('cascade'),
    name: p.string().length(200),
    /** A metric dictionary key or a live counter (see alerts/alert-metrics.ts). */
    metric: p.string().length(40),
    condition: p.enum(ALERT_CONDITIONS).nativeEnumName('alert_condition'),
    // Without runtimeType MikroORM hydrates double precision as a string.
    threshold: p.double().$type<number>().runtimeType('number'),
    windowSeconds: p.integer().default(300),
    product: () => p.manyToOne(Product).mapToPk().nullable().index().deleteRule('cascade'),
    /** PRODUCT_BELOW_EXPECTED: the expected sales per minute (metric units); null = from the session target. */
    expectedPerMinute: p.double().$type<number>().runtimeType('number').nullable(),
    enabled: p.boolean().default(true),
    cooldownSeconds: p.integer().default(300),
    ...timestampColumns(),
  },
});
export type AlertRule = InferEntity<typeof AlertRule>;

/**
 * One firing of a rule on a session: open while `clearedAt` is null. At most one open alert per
 * rule and session (a partial unique index), so concurrent evaluators cannot fire twice.
 */
export const Alert = defineEntity({
  name: 'Alert',
  tableName: 'alerts',
  indexes: [{ properties: ['session', 'firedAt'] }],
  uniques: [{ name: 'alerts_open_per_rule_unique', properties: ['rule', 'session'], where: 'cleared_at is null' }],
  properties: {
    id: idColumn(),
    organization: () => p.manyToOne(Organization).mapToPk().index().deleteRule('cascade'),
    session: () => p.manyToOne(LiveSession).mapToPk().deleteRule('cascade'),
    /** Null once the rule is deleted; the alert stays for the review. */
    rule: () => p.manyToOne(AlertRule).mapToPk().nullable().index().deleteRule('set null'),
    /** The rule's metric and condition when it fired, kept with the alert. */
    metric: p.string().length(40),
    condition: p.enum(ALERT_CONDITIONS).nativeEnumName('alert_condition'),
    firedAt: p.datetime(),
    clearedAt: p.datetime().nullable(),
    /** The observed value when it fired (metric units; percent for change conditions). */
    value: p.double().$type<number>().runtimeType('number'),
    /** The value it was compared with (for pace and product rules: threshold × expected). */
    threshold: p.double().$type<number>().runtimeType('number'),
    messageZh: p.string().length(500),
    messageEn: p.string().length(500),
    acknowledgedAt: p.datetime().nullable(),
    acknowledgedBy: () => p.manyToOne(Member).mapToPk().nullable().deleteRule('set null'),
    /** 1 when fired; grows when it is acknowledged or cleared. */
    version: p.integer().default(1),
  },
});
export type Alert = InferEntity<typeof Alert>;
