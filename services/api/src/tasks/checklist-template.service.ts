import { z } from 'zod';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../organizations/organization.entity.js';
import { EDITOR_ROLES, requireRole, type Scope } from '../shared/actor.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { givenFields, parseInput } from '../shared/validate.js';
import { DEFAULT_CHECKLIST_TEMPLATE } from './checklist.js';
import { ChecklistTemplateItem, TEAM_ROLES } from './task.entity.js';

/** Checklist lines reach at most 60 days either side of the session start. */
const MAX_OFFSET_MINUTES = 60 * 24 * 60;

const itemFields = {
  title: z.string().trim().min(1, 'is required').max(200, 'must have at most 200 characters'),
  description: z.string().trim().max(5000, 'must have at most 5000 characters'),
  offsetMinutes: z
    .number()
    .int('must be whole minutes')
    .min(-MAX_OFFSET_MINUTES, `must be at most ${MAX_OFFSET_MINUTES} minutes (60 days) before the start`)
    .max(MAX_OFFSET_MINUTES, `must be at most ${MAX_OFFSET_MINUTES} minutes (60 days) after the start`),
  teamRole: z.enum(TEAM_ROLES),
};

const createItemInput = z.object({
  ...itemFields,
  description: itemFields.description.default(''),
  position: z.number().int('must be a whole number').min(0, 'must be at least 0').optional(),
});

const updateItemInput = z.object(itemFields).partial();

const reorderInput = z.object({
  itemIds: z.array(z.string()).refine((ids) => new Set(ids).size === ids.length, 'must not repeat an item'),
});

const resetInput = z.object({ confirm: z.literal(true, { error: 'must be true: every change to the template is discarded' }) });

/**
 * The organization's session checklist template. Positions are dense, 0-based. Edits apply to
 * sessions scheduled afterwards; existing checklists keep their tasks.
 */
export class ChecklistTemplateService {
  list({ em, actor }: Scope): Promise<ChecklistTemplateItem[]> {
    return this.items(em, actor.organizationId);
  }

  /** Inserts the item at `position` (default: last), moving later items down. */
  async create(scope: Scope, raw: unknown): Promise<ChecklistTemplateItem> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the checklist template');
    const { position, ...input } = parseInput(createItemInput, raw);
    return scope.em.transactional(async (em) => {
      const items = await this.lockedItems(em, scope.actor.organizationId);
      if (position !== undefined && position > items.length) {
        throw ValidationError.field(['input', 'position'], `must be at most ${items.length}, the number of items`);
      }
      const item = em.create(ChecklistTemplateItem, { ...input, organization: scope.actor.organizationId, position: items.length });
      items.splice(position ?? items.length, 0, item);
      renumber(items);
      await em.flush();
      return item;
    });
  }

  async update(scope: Scope, id: string, raw: unknown): Promise<ChecklistTemplateItem> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the checklist template');
    const input = givenFields(parseInput(updateItemInput, raw));
    const item = await this.get(scope, id);
    scope.em.assign(item, input);
    await scope.em.flush();
    return item;
  }

  async delete(scope: Scope, id: string): Promise<string> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the checklist template');
    return scope.em.transactional(async (em) => {
      const items = await this.lockedItems(em, scope.actor.organizationId);
      const item = items.find((candidate) => candidate.id === id);
      if (!item) throw new NotFoundError('ChecklistTemplateItem', id);
      em.remove(item);
      renumber(items.filter((candidate) => candidate !== item));
      await em.flush();
      return id;
    });
  }

  /** `itemIds` lists every item of the template exactly once, in the new order. */
  async reorder(scope: Scope, raw: unknown): Promise<ChecklistTemplateItem[]> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the checklist template');
    const { itemIds } = parseInput(reorderInput, raw);
    return scope.em.transactional(async (em) => {
      const items = await this.lockedItems(em, scope.actor.organizationId);
      const byId = new Map(items.map((item) => [item.id, item]));
      const unknown = itemIds.find((id) => !byId.has(id));
      if (unknown) throw new NotFoundError('ChecklistTemplateItem', unknown);
      if (itemIds.length !== items.length) {
        throw ValidationError.field(['input', 'itemIds'], `must list all ${items.length} items of the template; got ${itemIds.length}`);
      }
      const ordered = itemIds.map((id) => byId.get(id)!);
      renumber(ordered);
      await em.flush();
      return ordered;
    });
  }

  /** Replaces the template with the default one. */
  async reset(scope: Scope, raw: unknown): Promise<ChecklistTemplateItem[]> {
    requireRole(scope.actor, EDITOR_ROLES, 'edit the checklist template');
    parseInput(resetInput, raw);
    return scope.em.transactional(async (em) => {
      em.remove(await this.lockedItems(em, scope.actor.organizationId));
      return this.createDefault(em, scope.actor.organizationId);
    });
  }

  async get({ em, actor }: Scope, id: string): Promise<ChecklistTemplateItem> {
    const item = await findInOrganization(em, ChecklistTemplateItem, actor, id);
    return item;
  }

  /** Every new organization starts with the default template (runs in the sign-up transaction). */
  async onOrganizationCreated(em: EntityManager, organizationId: string): Promise<void> {
    await this.createDefault(em, organizationId);
  }

  private async createDefault(em: EntityManager, organizationId: string): Promise<ChecklistTemplateItem[]> {
    const items = DEFAULT_CHECKLIST_TEMPLATE.map((line, position) => em.create(ChecklistTemplateItem, { ...line, organization: organizationId, position }));
    await em.flush();
    return items;
  }

  /**
   * The items, with the organization row locked for the rest of the transaction: concurrent edits
   * of one template queue up, so positions stay dense (row locks on the items alone would not
   * stop two inserts into an empty template).
   */
  private async lockedItems(em: EntityManager, organizationId: string): Promise<ChecklistTemplateItem[]> {
    await em.findOneOrFail(Organization, { id: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    return this.items(em, organizationId);
  }

  private items(em: EntityManager, organizationId: string): Promise<ChecklistTemplateItem[]> {
    return em.find(ChecklistTemplateItem, { organization: organizationId }, { orderBy: { position: 'asc', id: 'asc' } });
  }
}

function renumber(items: ChecklistTemplateItem[]): void {
  items.forEach((item, position) => {
    item.position = position;
  });
}
