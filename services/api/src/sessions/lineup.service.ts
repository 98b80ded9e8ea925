import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Product } from '../products/product.entity.js';
import { EDITOR_ROLES, requireRole, type Actor, type Scope } from '../shared/actor.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { parseInput, presentFields } from '../shared/validate.js';
import type { SessionChanges } from './session-changes.js';
import { insertAt, reorderIssues } from './session-rules.js';
import { assertEditable, PLAN_EDITABLE } from './session-status.js';
import { LineupItem, Segment, type LiveSession } from './session.entity.js';

const position = z.number().int('must be a whole number').min(0, 'must be at least 0');

const terms = {
  stockReserved: z.number().int('must be a whole number').min(0, 'must be at least 0').max(10_000_000),
  livePriceAmount: z.number().int('must be whole minor units (fen)').min(0, 'must be at least 0').max(1_000_000_000),
  deliveryPromise: z.string().trim().max(300, 'must have at most 300 characters'),
};

const confirmInput = z.object({ ...terms, deliveryPromise: terms.deliveryPromise.min(1, 'is required, e.g. 48小时内发货') });
const updateInput = z.object(terms).partial();

/** Product stock over-reserved by a session together with the sessions that overlap it. */
export interface StockWarning {
  sessionId: string;
  productId: string;
  stock: number;
  /** Reserved by this session alone. */
  reservedHere: number;
  /** Reserved across every non-cancelled session overlapping this one, this one included. */
  totalReserved: number;
  /** Those sessions, by scheduled start. */
  sessionIds: string[];
}

export interface LineupResult {
  session: LiveSession;
  lineupItem: LineupItem;
}

/** A session's lineup (排品): the ordered products and their per-session terms. */
export class LineupService {
  constructor(private readonly changes: SessionChanges) {}

  async add(scope: Scope, sessionId: string, productId: string, raw: { position?: number | null }): Promise<LineupResult> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit lineups');
    const { position: at } = parseInput(z.object({ position: position.nullish() }), raw);
    return this.changes.apply(scope, sessionId, async ({ tx, session, actor }) => {
      assertEditable(session, PLAN_EDITABLE, 'lineup');
      const product = await findInOrganization(tx, Product, actor, productId);
      const items = await itemsOf(tx, session.id);
      const existing = items.find((item) => item.product === productId);
      if (existing) throw new ConflictError(`${product.title} is already in the lineup at position ${existing.position}`, [encodeGlobalID('LineupItem', existing.id)]);
      if (at != null && at > items.length) throw ValidationError.field(['input', 'position'], `must be at most ${items.length} (the lineup length)`);
      const lineupItem = tx.create(LineupItem, { organization: actor.organizationId, session: session.id, product: productId, position: items.length });
      renumber(insertAt(items, lineupItem, at));
      return { session, lineupItem };
    });
  }

  /** Changes terms without confirming them: any changed term withdraws an earlier confirmation. */
  async update(scope: Scope, lineupItemId: string, raw: unknown): Promise<LineupResult> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit lineups');
    const input = parseInput(updateInput, raw);
    return this.changes.applyToChild(scope, LineupItem, 'LineupItem', lineupItemId, async ({ session }, lineupItem) => {
      assertEditable(session, PLAN_EDITABLE, 'lineup');
      const changed = (Object.keys(input) as (keyof typeof input)[]).some((key) => input[key] != null && input[key] !== lineupItem[key]);
      if (changed) {
        Object.assign(lineupItem, presentFields(input));
        lineupItem.confirmedBy = null;
        lineupItem.confirmedAt = null;
      }
      return { session, lineupItem };
    });
  }

  /** Sets all three terms and records who confirmed them and when. */
  async confirm(scope: Scope, lineupItemId: string, raw: unknown): Promise<LineupResult> {
    requireRole(scope.actor, EDITOR_ROLES, 'confirm lineup items');
    const input = parseInput(confirmInput, raw);
    return this.changes.applyToChild(scope, LineupItem, 'LineupItem', lineupItemId, async ({ session, actor }, lineupItem) => {
      assertEditable(session, PLAN_EDITABLE, 'lineup');
      Object.assign(lineupItem, input, { confirmedBy: actor.memberId, confirmedAt: new Date() });
      return { session, lineupItem };
    });
  }

  /** Also takes the product out of the session's segments, which may only pitch lineup products. */
  async remove(scope: Scope, lineupItemId: string): Promise<LiveSession> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit lineups');
    return this.changes.applyToChild(scope, LineupItem, 'LineupItem', lineupItemId, async ({ tx, session }, lineupItem) => {
      assertEditable(session, PLAN_EDITABLE, 'lineup');
      const items = await itemsOf(tx, session.id);
      tx.remove(lineupItem);
      renumber(items.filter((item) => item.id !== lineupItem.id));
      for (const segment of await tx.find(Segment, { session: session.id })) {
        if (segment.productIds.includes(lineupItem.product)) segment.productIds = segment.productIds.filter((id) => id !== lineupItem.product);
      }
      return session;
    });
  }

  async reorder(scope: Scope, sessionId: string, lineupItemIds: string[]): Promise<LiveSession> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit lineups');
    return this.changes.apply(scope, sessionId, async ({ tx, session }) => {
      assertEditable(session, PLAN_EDITABLE, 'lineup');
      const items = await itemsOf(tx, session.id);
      const issues = reorderIssues(items.map((item) => item.id), lineupItemIds, ['input', 'lineupItemIds']);
      if (issues.length) throw new ValidationError(issues);
      renumber(lineupItemIds.map((id) => items.find((item) => item.id === id)!));
      return session;
    });
  }

  /**
   * Over-reserved products of each session, in one statement for all of them: a product is over
   * when the stock reserved by the session and every non-cancelled session overlapping it exceeds
   * the product's stock. Reported, never refused: stock may still arrive before the show.
   */
  async stockWarnings(em: EntityManager, actor: Actor, sessionIds: readonly string[]): Promise<StockWarning[][]> {
    if (!sessionIds.length) return [];
    const rows = await em.execute<
      { session_id: string; product_id: string; stock: number; reserved_here: number; total_reserved: number; session_ids: string[] }[]
    >(
      `select s.id as session_id, li.product_id, p.stock, li.stock_reserved as reserved_here,
              sum(other.stock_reserved)::int as total_reserved,
              array_agg(o.id::text order by o.scheduled_start, o.id) as session_ids
         from live_sessions s
         join lineup_items li on li.session_id = s.id
         join products p on p.id = li.product_id
         join lineup_items other on other.product_id = li.product_id
         join live_sessions o on o.id = other.session_id and o.status <> 'CANCELLED'
                             and o.scheduled_start < s.scheduled_end and o.scheduled_end > s.scheduled_start
        where s.id in (?) and s.organization_id = ? and s.status <> 'CANCELLED'
        group by s.id, li.id, p.id
       having sum(other.stock_reserved) > p.stock
        order by li.position`,
      [[...sessionIds], actor.organizationId],
    );
    return sessionIds.map((id) =>
      rows
        .filter((row) => row.session_id === id)
        .map((row) => ({
          sessionId: row.session_id,
          productId: row.product_id,
          stock: row.stock,
          reservedHere: row.reserved_here,
          totalReserved: row.total_reserved,
          sessionIds: row.session_ids,
        })),
    );
  }
}

function itemsOf(tx: EntityManager, sessionId: string): Promise<LineupItem[]> {
  return tx.find(LineupItem, { session: sessionId }, { orderBy: { position: 'asc', id: 'asc' } });
}

/** Positions are 0-based and contiguous in lineup order. */
function renumber(items: LineupItem[]): void {
  items.forEach((item, index) => {
    if (item.position !== index) item.position = index;
  });
}
