import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { readRows } from '../db/read-rows.js';
import { createTokenSecret, hashToken } from '../organizations/secrets.js';
import { LiveSession } from '../sessions/session.entity.js';
import { EDITOR_ROLES, requireRole, type Actor, type ActorRole, type Scope } from '../shared/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { parseInput } from '../shared/validate.js';
import { OverlayToken } from './overlay-token.entity.js';

/** Prefix of overlay secrets (member tokens use `bct`): `authenticate` and secret scanners tell them apart by it. */
export const OVERLAY_TOKEN_PREFIX = 'bco';

/** Who issues, rotates, revokes and lists overlay tokens. */
export const OVERLAY_MANAGER_ROLES: readonly ActorRole[] = EDITOR_ROLES;

/** Revoked tokens stay listed on their session this long. @default 30 days */
export const REVOKED_LISTED_FOR_MS = 30 * 24 * 3600_000;

/** Which secrets are overlay tokens. */
export function isOverlaySecret(token: string): boolean {
  return token.startsWith(`${OVERLAY_TOKEN_PREFIX}_`);
}

const createInput = z.object({
  label: z
    .string()
    .trim()
    .max(80, 'must have at most 80 characters')
    .nullish()
    .transform((label) => label || null),
});

export interface IssuedOverlayToken {
  overlayToken: OverlayToken;
  /** The secret; shown once. */
  token: string;
}

/** A token that stopped authenticating: every API process closes its sockets and forgets it. */
export interface RevokedOverlayToken {
  tokenId: string;
  organizationId: string;
}

interface OverlayRow {
  id: string;
  organization_id: string;
  session_id: string;
  currency: string;
  time_zone: string;
  stale: boolean;
}

/**
 * Overlay tokens: read-only bearer tokens of one live session for the pages OBS loads. What an
 * overlay may read is enforced on every GraphQL operation by overlays/overlay-access.ts; this
 * service issues, rotates, revokes and resolves the tokens.
 */
export class OverlayTokenService {
  readonly #revokedListeners = new Set<(tokens: readonly RevokedOverlayToken[]) => void>();

  /**
   * Calls `listener` after each committed revocation (rotations included), in this process. The
   * app relays it to every process (realtime), which closes the token's sockets.
   */
  onRevoked(listener: (tokens: readonly RevokedOverlayToken[]) => void): () => void {
    this.#revokedListeners.add(listener);
    return () => this.#revokedListeners.delete(listener);
  }

  async create({ em, actor }: Scope, sessionId: string, raw: { label?: string | null }): Promise<IssuedOverlayToken> {
    requireRole(actor, OVERLAY_MANAGER_ROLES, 'manage overlay tokens');
    const { label } = parseInput(createInput, raw);
    return em.transactional(async (tx) => {
      const session = await tx.findOne(LiveSession, { id: sessionId, organization: actor.organizationId });
      if (!session) throw ValidationError.field(['input', 'sessionId'], 'is not a session of your organization (unknown or deleted)');
      if (session.status === 'CANCELLED') {
        throw ValidationError.field(['input', 'sessionId'], 'is a CANCELLED session: it never goes on air, so it takes no overlay token');
      }
      return this.#issue(tx, actor, session.id, label);
    });
  }

  /** Revokes the token and issues its replacement (same session and label) in one transaction. */
  async rotate({ em, actor }: Scope, id: string): Promise<IssuedOverlayToken & { revoked: OverlayToken }> {
    requireRole(actor, OVERLAY_MANAGER_ROLES, 'manage overlay tokens');
    const result = await em.transactional(async (tx) => {
      const revoked = await this.#lock(tx, actor, id);
      if (revoked.revokedAt) throw new ConflictError('This overlay token is already revoked; create a new one', [encodeGlobalID('OverlayToken', id)]);
      const session = await tx.findOneOrFail(LiveSession, { id: revoked.session, organization: actor.organizationId });
      if (session.status === 'CANCELLED') throw new ConflictError('The session is CANCELLED; its overlay tokens can only be revoked', [encodeGlobalID('LiveSession', session.id)]);
      revoked.revokedAt = new Date();
      const issued = await this.#issue(tx, actor, revoked.session, revoked.label ?? null);
      return { ...issued, revoked };
    });
    this.#announce([result.revoked]);
    return result;
  }

  /** Revokes the token; revoking a revoked token changes nothing. */
  async revoke({ em, actor }: Scope, id: string): Promise<OverlayToken> {
    requireRole(actor, OVERLAY_MANAGER_ROLES, 'manage overlay tokens');
    const { token, changed } = await em.transactional(async (tx) => {
      const row = await this.#lock(tx, actor, id);
      if (row.revokedAt) return { token: row, changed: false };
      row.revokedAt = new Date();
      await tx.flush();
      return { token: row, changed: true };
    });
    if (changed) this.#announce([token]);
    return token;
  }

  /** Tokens of these sessions, newest first: the active ones and those revoked in the last 30 days. */
  listForSessions({ em, actor }: Scope, sessionIds: readonly string[]): Promise<OverlayToken[]> {
    requireRole(actor, OVERLAY_MANAGER_ROLES, 'see overlay tokens');
    const listedSince = new Date(Date.now() - REVOKED_LISTED_FOR_MS);
    return em.find(
      OverlayToken,
      { session: { $in: [...sessionIds] }, organization: actor.organizationId, $or: [{ revokedAt: null }, { revokedAt: { $gt: listedSince } }] },
      { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
    );
  }

  /**
   * The actor of an overlay secret's hash, or null when it is unknown or revoked. One statement:
   * token, session and organization together. `last_used_at` is written only when the one stored
   * is a minute old, so a busy overlay does not write on every request.
   */
  async authenticate(em: EntityManager, tokenHash: string): Promise<Actor | null> {
    const [row] = await readRows<OverlayRow>(
      em,
      `select t.id, t.organization_id, t.session_id, o.currency, o.time_zone,
              (t.last_used_at is null or t.last_used_at < now() - interval '1 minute') as stale
         from overlay_tokens t
         join live_sessions s on s.id = t.session_id and s.organization_id = t.organization_id
         join organizations o on o.id = t.organization_id
        where t.token_hash = $1 and t.revoked_at is null`,
      [tokenHash],
    );
    if (!row) return null;
    if (row.stale) {
      // Conditional again: other processes may have written it since the read.
      await em
        .getConnection()
        .execute(`update overlay_tokens set last_used_at = now() where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [row.id]);
    }
    return {
      organizationId: row.organization_id,
      memberId: row.id,
      role: 'OVERLAY',
      overlaySessionId: row.session_id,
      currency: row.currency,
      timeZone: row.time_zone,
    };
  }

  async #lock(tx: EntityManager, actor: Actor, id: string): Promise<OverlayToken> {
    // Locked so that two rotations of one token cannot both issue a replacement.
    const row = await tx.findOne(OverlayToken, { id, organization: actor.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) throw new NotFoundError('OverlayToken', id);
    return row;
  }

  async #issue(tx: EntityManager, actor: Actor, sessionId: string, label: string | null): Promise<IssuedOverlayToken> {
    const token = createTokenSecret(OVERLAY_TOKEN_PREFIX);
    const overlayToken = tx.create(OverlayToken, {
      organization: actor.organizationId,
      session: sessionId,
      label,
      tokenHash: hashToken(token),
      tokenHint: token.slice(-4),
      createdBy: actor.memberId,
    });
    await tx.flush();
    return { overlayToken, token };
  }

  #announce(tokens: readonly OverlayToken[]): void {
    const revoked = tokens.map((token) => ({ tokenId: token.id, organizationId: token.organization }));
    for (const listener of this.#revokedListeners) listener(revoked);
  }
}
