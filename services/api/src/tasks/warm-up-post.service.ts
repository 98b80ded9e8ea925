import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import { LiveSession } from '../sessions/session.entity.js';
import { EDITOR_ROLES, requireRole, type Scope } from '../shared/actor.js';
import { ValidationError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { givenFields, parseInput } from '../shared/validate.js';
import { WARM_UP_CHANNELS, WARM_UP_STATUSES, WarmUpPost, type WarmUpChannel, type WarmUpStatus } from './task.entity.js';

const postFields = {
  channel: z.enum(WARM_UP_CHANNELS),
  plannedAt: z.date(),
  content: z.string().trim().max(5000, 'must have at most 5000 characters'),
  link: z.httpUrl({ error: 'must be an http(s) URL' }).max(2000, 'must have at most 2000 characters').nullable(),
  status: z.enum(WARM_UP_STATUSES),
};

const createPostInput = z.object({
  sessionId: z.string(),
  channel: postFields.channel,
  plannedAt: postFields.plannedAt,
  content: postFields.content.default(''),
  link: postFields.link.optional(),
});

/** Absent fields stay as they are; `link: null` clears the link. */
const updatePostInput = z.object(postFields).partial();

export interface WarmUpPostFilter {
  sessionId?: string | null;
  channel?: WarmUpChannel | null;
  status?: WarmUpStatus | null;
  plannedAfter?: Date | null;
  plannedBefore?: Date | null;
}

/** Warm-up posts (预热): the announcements that bring viewers to a session. */
export class WarmUpPostService {
  async create(scope: Scope, raw: unknown): Promise<WarmUpPost> {
    requireRole(scope.actor, EDITOR_ROLES, 'plan warm-up posts');
    const { sessionId, ...input } = parseInput(createPostInput, raw);
    const session = await this.session(scope, sessionId);
    checkPlannedAt(input.plannedAt, session);
    const post = scope.em.create(WarmUpPost, { ...input, link: input.link ?? null, session: session.id, organization: scope.actor.organizationId });
    await scope.em.flush();
    return post;
  }

  /** Publishing needs the link of the published post. */
  async update(scope: Scope, id: string, raw: unknown): Promise<WarmUpPost> {
    requireRole(scope.actor, EDITOR_ROLES, 'plan warm-up posts');
    const input = givenFields(parseInput(updatePostInput, raw));
    const post = await this.get(scope, id);
    if (input.plannedAt) checkPlannedAt(input.plannedAt, await this.session(scope, post.session));
    const link = input.link !== undefined ? input.link : post.link;
    if ((input.status ?? post.status) === 'PUBLISHED' && !link) {
      throw ValidationError.field(['input', 'link'], 'is required to mark the post PUBLISHED');
    }
    scope.em.assign(post, input);
    await scope.em.flush();
    return post;
  }

  async delete(scope: Scope, id: string): Promise<string> {
    requireRole(scope.actor, EDITOR_ROLES, 'plan warm-up posts');
    const post = await this.get(scope, id);
    await scope.em.remove(post).flush();
    return id;
  }

  async get({ em, actor }: Scope, id: string): Promise<WarmUpPost> {
    const post = await findInOrganization(em, WarmUpPost, actor, id);
    return post;
  }

  list({ em, actor }: Scope, filter: WarmUpPostFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    const where: FilterQuery<WarmUpPost> = {
      organization: actor.organizationId,
      ...(filter.sessionId ? { session: filter.sessionId } : {}),
      ...(filter.channel ? { channel: filter.channel } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.plannedAfter || filter.plannedBefore
        ? {
            plannedAt: {
              ...(filter.plannedAfter ? { $gte: filter.plannedAfter } : {}),
              ...(filter.plannedBefore ? { $lt: filter.plannedBefore } : {}),
            },
          }
        : {}),
    };
    return findConnection(em, WarmUpPost, where, orderBy, args);
  }

  private async session({ em, actor }: Scope, id: string): Promise<LiveSession> {
    const session = await findInOrganization(em, LiveSession, actor, id);
    return session;
  }
}

/** A warm-up post announces the show, so it goes out before the show is over. */
function checkPlannedAt(plannedAt: Date, session: LiveSession): void {
  if (plannedAt.getTime() >= session.scheduledEnd.getTime()) {
    throw ValidationError.field(['input', 'plannedAt'], `must be before the session ends (${session.scheduledEnd.toISOString()})`);
  }
}
