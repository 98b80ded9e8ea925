import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { DomainEvents } from '../events/domain-events.js';
import { requireRole, type Actor, type Scope } from '../shared/actor.js';
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { givenFields, parseInput } from '../shared/validate.js';
import { AccessToken } from './access-token.entity.js';
import { Member, MEMBER_ROLES, type MemberRole } from './member.entity.js';
import { Organization } from './organization.entity.js';
import { createTokenSecret, hashPassword, hashToken, verifyPassword } from './secrets.js';
import { readRows } from '../db/read-rows.js';
import { isOverlaySecret, OverlayTokenService } from '../overlays/overlay-token.service.js';

/** @default 30 days */
export const SESSION_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
/** How long a resolved bearer token is reused without asking the database. @default 5 s */
export const ACTOR_CACHE_TTL_MS = 5_000;
const ACTOR_CACHE_MAX = 10_000;
/** @default 7 days */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

const email = z.email('must be an e-mail address').max(320).transform((value) => value.toLowerCase());
const password = z.string().min(8, 'must have at least 8 characters').max(200, 'must have at most 200 characters');
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

const signUpInput = z.object({
  email,
  password,
  organizationName: z.string().trim().min(1, 'is required').max(200),
  displayName: z.string().trim().min(1).max(120).optional(),
  timeZone: timeZone.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY').optional(),
});

const inviteInput = z.object({
  email,
  displayName: z.string().trim().min(1, 'is required').max(120),
  role: z.enum(MEMBER_ROLES),
});

const updateOrganizationInput = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  timeZone: timeZone.optional(),
});

export interface IssuedToken {
  token: string;
  expiresAt: Date;
  member: Member;
}

export interface MemberFilter {
  role?: MemberRole | null;
  search?: string | null;
}

/** Organizations, members, sign-in and access tokens. */
export class OrganizationService {
  /** Failed sign-ins per e-mail in the current window; a small brake on password guessing. */
  readonly #failures = new Map<string, { count: number; since: number }>();
  /**
   * Resolved tokens, kept briefly so a busy client does not cost a database round trip per
   * request. Sign-out and role changes evict in this process; other API processes notice within
   * `actorCacheTtlMs`.
   */
  readonly #actors = new Map<string, { actor: Actor; until: number }>();
  /** Overlay tokens: they resolve through `authenticate` and share its cache. */
  readonly overlayTokens = new OverlayTokenService();

  constructor(
    private readonly events: DomainEvents,
    /** How long a resolved token is reused; 0 asks the database on every request. */
    private readonly actorCacheTtlMs: number = ACTOR_CACHE_TTL_MS,
  ) {
    // A revoked overlay token is refused at once in this process; the app tells the others.
    this.overlayTokens.onRevoked((tokens) => tokens.forEach(({ tokenId }) => this.forgetOverlayToken(tokenId)));
  }

  async signUp(em: EntityManager, raw: unknown): Promise<IssuedToken> {
    const input = parseInput(signUpInput, raw);
    const passwordHash = await hashPassword(input.password);
    try {
      return await em.transactional(async (tx) => {
        const organization = tx.create(Organization, {
          name: input.organizationName,
          ...(input.timeZone ? { timeZone: input.timeZone } : {}),
          ...(input.currency ? { currency: input.currency } : {}),
        });
        const member = tx.create(Member, {
          organization: organization.id,
          email: input.email,
          displayName: input.displayName ?? input.email.split('@')[0]!,
          role: 'OWNER',
          status: 'ACTIVE',
          passwordHash,
        });
        await tx.flush();
        await this.events.emit('organization.created', { organizationId: organization.id, ownerId: member.id }, { em: tx });
        return this.issue(tx, member, 'SESSION', SESSION_TOKEN_TTL_MS, 'bct');
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ValidationError([{ path: ['input', 'email'], message: 'is already registered; sign in instead' }]);
      }
      throw error;
    }
  }

  async signIn(em: EntityManager, raw: unknown): Promise<IssuedToken> {
    const input = parseInput(z.object({ email, password: z.string().min(1, 'is required') }), raw);
    this.checkThrottle(input.email);
    const member = await em.findOne(Member, { email: input.email });
    const ok = member?.passwordHash ? await verifyPassword(member.passwordHash, input.password) : false;
    if (!member || !ok || member.status !== 'ACTIVE') {
      this.recordFailure(input.email);
      throw new UnauthenticatedError('E-mail or password is wrong');
    }
    this.#failures.delete(input.email);
    return em.transactional((tx) => this.issue(tx, member, 'SESSION', SESSION_TOKEN_TTL_MS, 'bct'));
  }

  /** Revokes the token the caller signed in with, or every token of the member; returns how many. */
  async signOut(em: EntityManager, token: string | null, everywhere: boolean): Promise<number> {
    if (!token) throw new UnauthenticatedError();
    const record = await em.findOne(AccessToken, { tokenHash: hashToken(token), kind: 'SESSION', revokedAt: null });
    if (!record) throw new UnauthenticatedError('This token is unknown or already revoked');
    const where = everywhere ? { member: record.member, kind: 'SESSION' as const, revokedAt: null } : { id: record.id };
    const revoked = await em.nativeUpdate(AccessToken, where, { revokedAt: new Date() });
    if (everywhere) this.forgetMember(record.member);
    else this.#actors.delete(record.tokenHash);
    return revoked;
  }

  /**
   * Resolves a bearer token to its member; null when unknown, expired, revoked or disabled. With
   * `overlays`, an overlay token (`bco_…`) resolves to an `OVERLAY` actor of its session. Only the
   * GraphQL endpoint asks for that, because it is where an overlay's limits (read-only, one
   * session) are enforced; elsewhere (CSV exports, plugin HTTP routes) an overlay token is unknown.
   */
  async authenticate(em: EntityManager, token: string, { overlays = false }: { overlays?: boolean } = {}): Promise<Actor | null> {
    const overlay = isOverlaySecret(token);
    if (overlay && !overlays) return null;
    const tokenHash = hashToken(token);
    const cached = this.#actors.get(tokenHash);
    if (cached && cached.until > Date.now()) return cached.actor;
    const actor = overlay ? await this.overlayTokens.authenticate(em, tokenHash) : await this.memberActor(em, tokenHash);
    if (!actor) {
      this.#actors.delete(tokenHash);
      return null;
    }
    if (this.actorCacheTtlMs > 0) {
      if (this.#actors.size >= ACTOR_CACHE_MAX) this.#actors.clear();
      this.#actors.set(tokenHash, { actor, until: Date.now() + this.actorCacheTtlMs });
    }
    return actor;
  }

  /** The member of a session token. One statement per request: token, member and organization together. */
  private async memberActor(em: EntityManager, tokenHash: string): Promise<Actor | null> {
    const [row] = await readRows<{ member_id: string; organization_id: string; role: MemberRole; currency: string; time_zone: string }>(
      em,
      `select m.id as member_id, m.organization_id, m.role, o.currency, o.time_zone
         from access_tokens t
         join members m on m.id = t.member_id and m.status = 'ACTIVE'
         join organizations o on o.id = m.organization_id
        where t.token_hash = $1 and t.kind = 'SESSION' and t.revoked_at is null and t.expires_at > now()`,
      [tokenHash],
    );
    return row ? { organizationId: row.organization_id, memberId: row.member_id, role: row.role, currency: row.currency, timeZone: row.time_zone } : null;
  }

  /** Drops the cached resolution of an overlay token (revoked here or, as the realtime notice says, in another process). */
  forgetOverlayToken(tokenId: string): void {
    // An overlay actor's memberId is its token's id.
    this.forgetMember(tokenId);
  }

  /** Drops cached resolutions of a member's tokens (after a role change or sign-out). */
  private forgetMember(memberId: string): void {
    for (const [hash, entry] of this.#actors) if (entry.actor.memberId === memberId) this.#actors.delete(hash);
  }

  async inviteMember({ em, actor }: Scope, raw: unknown): Promise<{ member: Member; invitationToken: string; expiresAt: Date }> {
    requireRole(actor, ['OWNER'], 'invite members');
    const input = parseInput(inviteInput, raw);
    try {
      return await em.transactional(async (tx) => {
        const member = tx.create(Member, {
          organization: actor.organizationId,
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          status: 'INVITED',
          passwordHash: null,
        });
        await tx.flush();
        const issued = await this.issue(tx, member, 'INVITATION', INVITATION_TTL_MS, 'bci');
        await this.events.emit('member.invited', { organizationId: actor.organizationId, memberId: member.id, invitedBy: actor.memberId }, { em: tx });
        return { member, invitationToken: issued.token, expiresAt: issued.expiresAt };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ConflictError(`${input.email} already belongs to a Broadcart organization`);
      }
      throw error;
    }
  }

  /** Sets the invited member's password, activates them and signs them in. */
  async acceptInvitation(em: EntityManager, raw: unknown): Promise<IssuedToken> {
    const input = parseInput(z.object({ invitationToken: z.string().min(1, 'is required'), password }), raw);
    const passwordHash = await hashPassword(input.password);
    return em.transactional(async (tx) => {
      const invitation = await tx.findOne(AccessToken, { tokenHash: hashToken(input.invitationToken), kind: 'INVITATION' });
      if (!invitation || invitation.revokedAt || invitation.expiresAt.getTime() <= Date.now()) {
        throw ValidationError.field(['input', 'invitationToken'], 'is unknown, used or expired');
      }
      const member = await tx.findOneOrFail(Member, { id: invitation.member });
      member.passwordHash = passwordHash;
      member.status = 'ACTIVE';
      invitation.revokedAt = new Date();
      return this.issue(tx, member, 'SESSION', SESSION_TOKEN_TTL_MS, 'bct');
    });
  }

  async changeMemberRole({ em, actor }: Scope, memberId: string, raw: unknown): Promise<Member> {
    requireRole(actor, ['OWNER'], 'change roles');
    const { role } = parseInput(z.object({ role: z.enum(MEMBER_ROLES) }), raw);
    return em.transactional(async (tx) => {
      const member = await findInOrganization(tx, Member, actor, memberId);
      if (member.role === role) return member;
      if (member.role === 'OWNER') {
        const owners = await tx.count(Member, { organization: actor.organizationId, role: 'OWNER', status: 'ACTIVE' });
        if (owners <= 1) throw new ConflictError('An organization keeps at least one owner; make someone else owner first', [member.id]);
      }
      const from = member.role;
      member.role = role;
      await tx.flush();
      this.forgetMember(member.id);
      // Tokens carry no role; the next request reads the new role from the member row.
      await this.events.emit('member.roleChanged', { organizationId: actor.organizationId, memberId, from, to: role }, { em: tx });
      return member;
    });
  }

  async updateOrganization({ em, actor }: Scope, raw: unknown): Promise<Organization> {
    requireRole(actor, ['OWNER'], 'change organization settings');
    const input = parseInput(updateOrganizationInput, raw);
    const organization = await this.getOrganization(em, actor);
    em.assign(organization, givenFields(input));
    await em.flush();
    return organization;
  }

  getOrganization(em: EntityManager, actor: Actor): Promise<Organization> {
    return em.findOneOrFail(Organization, { id: actor.organizationId });
  }

  async getMember({ em, actor }: Scope, memberId: string): Promise<Member> {
    const member = await findInOrganization(em, Member, actor, memberId);
    return member;
  }

  listMembers({ em, actor }: Scope, filter: MemberFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    const search = filter.search?.trim();
    return findConnection(
      em,
      Member,
      {
        organization: actor.organizationId,
        ...(filter.role ? { role: filter.role } : {}),
        ...(search ? { $or: [{ email: { $ilike: `%${search}%` } }, { displayName: { $ilike: `%${search}%` } }] } : {}),
      },
      orderBy,
      args,
    );
  }

  /** Loads members of the caller's organization by id (dataloader batch). */
  loadMembers(em: EntityManager, actor: Actor | null, ids: readonly string[]): Promise<Member[]> {
    if (!actor) return Promise.resolve([]);
    return em.find(Member, { id: { $in: [...ids] }, organization: actor.organizationId });
  }

  private async issue(em: EntityManager, member: Member, kind: 'SESSION' | 'INVITATION', ttlMs: number, prefix: string): Promise<IssuedToken> {
    const token = createTokenSecret(prefix);
    const expiresAt = new Date(Date.now() + ttlMs);
    em.create(AccessToken, { organization: member.organization, member: member.id, kind, tokenHash: hashToken(token), expiresAt });
    await em.flush();
    return { token, expiresAt, member };
  }

  private checkThrottle(key: string): void {
    const entry = this.#failures.get(key);
    if (entry && Date.now() - entry.since < 15 * 60_000 && entry.count >= 10) {
      throw new ForbiddenError('Too many failed sign-ins for this e-mail; wait 15 minutes');
    }
  }

  private recordFailure(key: string): void {
    const entry = this.#failures.get(key);
    if (!entry || Date.now() - entry.since >= 15 * 60_000) this.#failures.set(key, { count: 1, since: Date.now() });
    else entry.count += 1;
  }
}
