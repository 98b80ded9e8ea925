import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DomainEvents } from '../events/domain-events.js';
import { run } from '../live-metrics/live-metrics-sql.js';
import { Product } from '../products/product.entity.js';
import type { Realtime } from '../realtime.js';
import type { Scheduler } from '../worker/scheduler.js';
import { LineupItem, LiveSession } from '../sessions/session.entity.js';
import { EDITOR_ROLES, requireRole, type Actor, type Scope } from '../shared/actor.js';
import { ValidationError, type FieldIssue } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { findInOrganization } from '../shared/lookup.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { parseInput, presentFields } from '../shared/validate.js';
import { metricConditionIssue } from './alert-metrics.js';
import { readSnapshots } from './alert-snapshot.js';
import { Alert, ALERT_CONDITIONS, AlertRule, type AlertCondition } from './alert.entity.js';
import { evaluateRules, type AlertDecision } from './evaluator.js';

/** How often the worker evaluates the rules of live sessions. */
export const EVALUATE_EVERY_MS = 2000;

const CHANGE_CONDITIONS: readonly AlertCondition[] = ['DROP_PERCENT', 'RISE_PERCENT'];

const ruleFields = {
  name: z.string().trim().min(1, 'is required').max(200, 'must have at most 200 characters'),
  metric: z.string().trim().min(1, 'is required').max(40),
  condition: z.enum(ALERT_CONDITIONS),
  threshold: z.number().finite('must be a finite number').min(0, 'must be at least 0').max(1e13, 'must be at most 1e13'),
  windowSeconds: z.number().int('must be whole seconds').min(0, 'must be at least 0').max(3600, 'must be at most 3600'),
  productId: z.string().nullable(),
  expectedPerMinute: z.number().finite().min(0, 'must be at least 0').nullable(),
  enabled: z.boolean(),
  cooldownSeconds: z.number().int('must be whole seconds').min(0, 'must be at least 0').max(86_400, 'must be at most 86400'),
};

const createInput = z.object({
  ...ruleFields,
  sessionId: z.string().nullish(),
  windowSeconds: ruleFields.windowSeconds.default(300),
  productId: ruleFields.productId.default(null),
  expectedPerMinute: ruleFields.expectedPerMinute.default(null),
  enabled: ruleFields.enabled.default(true),
  cooldownSeconds: ruleFields.cooldownSeconds.default(300),
});
const updateInput = z.object(ruleFields).partial();

type RuleShape = Pick<AlertRule, 'metric' | 'condition' | 'threshold' | 'windowSeconds' | 'product' | 'expectedPerMinute'>;

export interface AlertRuleFilter {
  sessionId?: string | null;
  /** With sessionId: also the organization-wide rules that apply to the session. */
  includeOrganizationRules?: boolean | null;
  enabled?: boolean | null;
}

/** A committed fire or clear, published on `session:alerts` after commit. */
interface AlertChange {
  alertId: string;
  sessionId: string;
  organizationId: string;
  version: number;
}

/**
 * Alert rules and the alerts they raise. Evaluation reads every session of a batch with a fixed
 * number of statements (`readSnapshots`), decides with the pure `evaluateRules`, and writes fires
 * and clears with their domain events in one transaction.
 */
export class AlertService {
  constructor(
    private readonly events: DomainEvents,
    private readonly realtime: Realtime,
    private readonly logger: Logger,
    scheduler: Scheduler,
  ) {
    scheduler.every('alerts.evaluate', EVALUATE_EVERY_MS, async ({ em, now }) => {
      await this.evaluateLive(em, now);
    });
    // Alerts describe a live show: when it goes off air, whatever is open is over.
    events.on('session.ended', async ({ sessionId, at }, { em }) => {
      await clearOpenAlerts(em, { session: sessionId }, at, this.events);
    });
    // The clearing above commits with the session's end; its notices can only go out after that
    // commit, so they ride the durable bus (a repeated notice is harmless: clients keep the newest version).
    events.onDurable('core:alerts.onSessionEnded', 'session.ended', async ({ sessionId, at }, { em }) => {
      const cleared = await em.find(Alert, { session: sessionId, clearedAt: new Date(at) }, { fields: ['id', 'session', 'organization', 'version'] });
      this.publish(cleared.map((alert) => ({ alertId: alert.id, sessionId: alert.session, organizationId: alert.organization, version: alert.version })));
    });
  }

  async createRule({ em, actor }: Scope, raw: Record<string, unknown>): Promise<AlertRule> {
    requireRole(actor, EDITOR_ROLES, 'create alert rules');
    const { sessionId, productId, ...input } = parseInput(createInput, raw);
    if (sessionId) await findInOrganization(em, LiveSession, actor, sessionId);
    const shape: RuleShape = { ...input, product: productId };
    await assertValidRule(em, actor, shape, sessionId ?? null);
    const rule = em.create(AlertRule, { ...input, product: productId, session: sessionId ?? null, organization: actor.organizationId });
    await em.flush();
    return rule;
  }

  async updateRule({ em, actor }: Scope, id: string, raw: Record<string, unknown>): Promise<AlertRule> {
    requireRole(actor, EDITOR_ROLES, 'update alert rules');
    const { productId, ...input } = presentFields(parseInput(updateInput, raw));
    return em.transactional(async (tx) => {
      const rule = await findInOrganization(tx, AlertRule, actor, id);
      const next = { ...input, ...(raw.productId === undefined ? {} : { product: productId ?? null }) };
      if (raw.expectedPerMinute === null) Object.assign(next, { expectedPerMinute: null });
      await assertValidRule(tx, actor, { ...rule, ...next }, rule.session ?? null);
      tx.assign(rule, next);
      await tx.flush();
      return rule;
    });
  }

  /** Deletes the rule; its open alerts clear now and its history stays (without the rule). */
  async deleteRule({ em, actor }: Scope, id: string): Promise<string> {
    requireRole(actor, EDITOR_ROLES, 'delete alert rules');
    const cleared = await em.transactional(async (tx) => {
      const rule = await findInOrganization(tx, AlertRule, actor, id);
      const changes = await clearOpenAlerts(tx, { rule: rule.id }, new Date(), this.events, actor.memberId);
      await tx.remove(rule).flush();
      return changes;
    });
    this.publish(cleared);
    return id;
  }

  listRules({ em, actor }: Scope, filter: AlertRuleFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    const session = filter.sessionId
      ? filter.includeOrganizationRules
        ? { $or: [{ session: filter.sessionId }, { session: null }] }
        : { session: filter.sessionId }
      : {};
    return findConnection(
      em,
      AlertRule,
      { organization: actor.organizationId, ...session, ...(filter.enabled == null ? {} : { enabled: filter.enabled }) },
      orderBy,
      args,
    );
  }

  /** Marks an alert as seen by the caller; the alert stays open until its condition clears. */
  async acknowledge({ em, actor }: Scope, id: string): Promise<Alert> {
    requireRole(actor, EDITOR_ROLES, 'acknowledge alerts');
    const alert = await em.transactional(async (tx) => {
      const alert = await findInOrganization(tx, Alert, actor, id);
      if (!alert.acknowledgedAt) {
        alert.acknowledgedAt = new Date();
        alert.acknowledgedBy = actor.memberId;
        alert.version += 1;
      }
      await tx.flush();
      return alert;
    });
    this.publish([{ alertId: alert.id, sessionId: alert.session, organizationId: alert.organization, version: alert.version }]);
    return alert;
  }

  /**
   * Evaluates the applicable enabled rules of one LIVE session at `now` and records what fired and
   * cleared. Tests call it with a chosen `now`; the worker calls `evaluateLive` every 2 s.
   */
  evaluateSession(em: EntityManager, sessionId: string, now: Date = new Date()): Promise<AlertDecision[]> {
    return this.evaluate(em, [sessionId], now);
  }

  /** Evaluates every LIVE session that has applicable rules or open alerts. */
  evaluateLive(em: EntityManager, now: Date = new Date()): Promise<AlertDecision[]> {
    return this.evaluate(em, null, now);
  }

  private async evaluate(em: EntityManager, sessionIds: string[] | null, now: Date): Promise<AlertDecision[]> {
    const snapshots = await readSnapshots(em, sessionIds, now);
    const decided = snapshots.map((batch) => ({ ...batch, decisions: evaluateRules(batch.rules, batch.snapshot, now) }));
    const fires = decided.flatMap(({ snapshot, organizationId, decisions }) =>
      decisions.flatMap((decision) => (decision.kind === 'FIRE' ? [{ ...decision, sessionId: snapshot.sessionId, organizationId }] : [])),
    );
    // Open alerts of rules that were disabled or stopped applying clear as well.
    const clearIds = decided.flatMap(({ decisions, orphans }) => [
      ...decisions.flatMap((decision) => (decision.kind === 'CLEAR' ? [decision.alertId] : [])),
      ...orphans,
    ]);
    if (!fires.length && !clearIds.length) return [];
    const changes = await em.transactional(async (tx) => {
      const fired = await insertFired(tx, fires, now);
      for (const row of fired) {
        await this.events.emit(
          'alert.fired',
          {
            organizationId: row.organizationId,
            sessionId: row.sessionId,
            alertId: row.alertId,
            ruleId: row.ruleId,
            metric: row.metric,
            value: row.value,
            threshold: row.threshold,
            message: row.message,
            at: now,
          },
          { em: tx },
        );
      }
      const cleared = clearIds.length ? await clearAlerts(tx, clearIds, now, this.events) : [];
      this.logger.info({ fired: fired.map((row) => row.alertId), cleared: cleared.map((row) => row.alertId) }, 'alerts changed');
      return [...fired, ...cleared];
    });
    this.publish(changes);
    return decided.flatMap(({ decisions }) => decisions);
  }

  private publish(changes: AlertChange[]): void {
    for (const change of changes) {
      this.realtime.publish('session:alerts', change.sessionId, {
        sessionId: change.sessionId,
        organizationId: change.organizationId,
        alertId: change.alertId,
        version: change.version,
      });
    }
  }
}

/**
 * The rule's metric fits its condition; change conditions watch a window of 60..3600 s; a product
 * rule names a product of the session's lineup (or of the organization for organization-wide rules).
 */
async function assertValidRule(em: EntityManager, actor: Actor, rule: RuleShape, sessionId: string | null): Promise<void> {
  const issues: FieldIssue[] = [];
  const metricIssue = metricConditionIssue(rule.metric, rule.condition);
  if (metricIssue) issues.push({ path: ['input', 'metric'], message: metricIssue });
  if (CHANGE_CONDITIONS.includes(rule.condition)) {
    if (rule.windowSeconds < 60 || rule.windowSeconds > 3600) issues.push({ path: ['input', 'windowSeconds'], message: `must be from 60 to 3600 for ${rule.condition}` });
    if (rule.threshold <= 0) issues.push({ path: ['input', 'threshold'], message: 'is a percentage and must be greater than 0' });
    if (rule.condition === 'DROP_PERCENT' && rule.threshold > 100) issues.push({ path: ['input', 'threshold'], message: 'cannot drop by more than 100%' });
  }
  if ((rule.condition === 'BELOW_PACE' || rule.condition === 'PRODUCT_BELOW_EXPECTED') && rule.threshold <= 0) {
    issues.push({ path: ['input', 'threshold'], message: 'is a factor of the expected value (0.8 = 80%) and must be greater than 0' });
  }
  if (rule.condition === 'PRODUCT_BELOW_EXPECTED') {
    if (rule.metric === 'UNITS_PAID' && rule.expectedPerMinute == null) {
      issues.push({ path: ['input', 'expectedPerMinute'], message: 'is required for UNITS_PAID, which has no session target to share' });
    }
    if (!rule.product) issues.push({ path: ['input', 'productId'], message: 'is required for PRODUCT_BELOW_EXPECTED' });
    else if (sessionId) {
      const onLineup = await em.count(LineupItem, { session: sessionId, product: rule.product, organization: actor.organizationId });
      if (!onLineup) issues.push({ path: ['input', 'productId'], message: 'is not on the session’s lineup' });
    } else if (!(await em.count(Product, { id: rule.product, organization: actor.organizationId }))) {
      issues.push({ path: ['input', 'productId'], message: 'is not a product of your organization' });
    }
  } else {
    if (rule.product) issues.push({ path: ['input', 'productId'], message: 'is only for PRODUCT_BELOW_EXPECTED' });
    if (rule.expectedPerMinute != null) issues.push({ path: ['input', 'expectedPerMinute'], message: 'is only for PRODUCT_BELOW_EXPECTED' });
  }
  if (issues.length) throw new ValidationError(issues);
}

interface FiredRow extends AlertChange {
  ruleId: string;
  metric: string;
  value: number;
  threshold: number;
  message: string;
}

type Fire = Extract<AlertDecision, { kind: 'FIRE' }> & { sessionId: string; organizationId: string };

/**
 * Inserts the fired alerts in one statement. The partial unique index on open alerts makes a
 * concurrent evaluator's duplicate a no-op: only rows actually inserted come back.
 */
async function insertFired(tx: EntityManager, fires: Fire[], now: Date): Promise<FiredRow[]> {
  if (!fires.length) return [];
  const rows = fires.map((fire) => ({
    id: uuidv7(now.getTime()),
    organization_id: fire.organizationId,
    session_id: fire.sessionId,
    rule_id: fire.rule.id,
    metric: fire.rule.metric,
    condition: fire.rule.condition,
    value: fire.value,
    threshold: fire.threshold,
    message_zh: fire.messageZh.slice(0, 500),
    message_en: fire.messageEn.slice(0, 500),
  }));
  const inserted = await run<{ id: string; organization_id: string; session_id: string; rule_id: string; metric: string; value: number; threshold: number; message_zh: string; version: number }>(
    tx,
    `insert into alerts (id, organization_id, session_id, rule_id, metric, condition, fired_at, value, threshold, message_zh, message_en, version)
     select t.id, t.organization_id, t.session_id, t.rule_id, t.metric, t.condition::alert_condition, ?::timestamptz, t.value, t.threshold, t.message_zh, t.message_en, 1
       from jsonb_to_recordset(?::jsonb)
         as t(id uuid, organization_id uuid, session_id uuid, rule_id uuid, metric text, condition text, value float8, threshold float8, message_zh text, message_en text)
       -- A rule deleted or disabled since the snapshot was read does not fire.
       join alert_rules r on r.id = t.rule_id and r.enabled
     on conflict (rule_id, session_id) where cleared_at is null do nothing
     returning id, organization_id, session_id, rule_id, metric, value, threshold, message_zh, version`,
    [now.toISOString(), JSON.stringify(rows)],
  );
  return inserted.map((row) => ({
    alertId: row.id,
    organizationId: row.organization_id,
    sessionId: row.session_id,
    ruleId: row.rule_id,
    metric: row.metric,
    value: Number(row.value),
    threshold: Number(row.threshold),
    message: row.message_zh,
    version: row.version,
  }));
}

/** Clears open alerts by id and records `alert.cleared` for each one this call cleared. */
async function clearAlerts(tx: EntityManager, ids: string[], now: Date, events: DomainEvents, actorId?: string): Promise<AlertChange[]> {
  const rows = await run<{ id: string; organization_id: string; session_id: string; rule_id: string | null; version: number }>(
    tx,
    `update alerts set cleared_at = ?, version = version + 1
      where id in (?) and cleared_at is null
      returning id, organization_id, session_id, rule_id, version`,
    [now, ids],
  );
  for (const row of rows) {
    await events.emit(
      'alert.cleared',
      { organizationId: row.organization_id, sessionId: row.session_id, alertId: row.id, ruleId: row.rule_id ?? '', at: now },
      { em: tx, actorId: actorId ?? null },
    );
  }
  return rows.map((row) => ({ alertId: row.id, organizationId: row.organization_id, sessionId: row.session_id, version: row.version }));
}

/** Clears every open alert of a session or of a rule. */
async function clearOpenAlerts(
  tx: EntityManager,
  where: { session: string } | { rule: string },
  now: Date,
  events: DomainEvents,
  actorId?: string,
): Promise<AlertChange[]> {
  const open = await tx.find(Alert, { ...where, clearedAt: null }, { fields: ['id'] });
  return open.length ? clearAlerts(tx, open.map((alert) => alert.id), now, events, actorId) : [];
}
