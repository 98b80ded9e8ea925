import { z } from 'zod';
import { raw, type FilterQuery } from '@mikro-orm/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { Member } from '../organizations/member.entity.js';
import { LiveSession, SessionHost } from '../sessions/session.entity.js';
import { EDITOR_ROLES, requireRole, type Scope } from '../shared/actor.js';
import { PLATFORMS, type Platform } from '../shared/enums.js';
import { ConflictError, ForbiddenError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { findConnection, type ConnectionArgs } from '../shared/pagination.js';
import { givenFields, parseInput } from '../shared/validate.js';
import { findOverlaps, formatMinute, MINUTES_PER_DAY } from './availability.js';
import { Host, TRAINING_TOPICS, TrainingRecord } from './host.entity.js';

const unique = <T>(values: T[]) => [...new Set(values)];

const tag = z.string().trim().min(1, 'must not be empty').max(40, 'must have at most 40 characters');
const tags = z.array(tag).max(30, 'must have at most 30 tags').transform(unique);
const money = z.number().int('must be whole minor units (fen)').min(0, 'must be at least 0').max(1_000_000_000);

function canonicalLanguage(code: string): string | null {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code)) return null;
  try {
    return Intl.getCanonicalLocales(code)[0] ?? null;
  } catch {
    return null;
  }
}

const language = z
  .string()
  .trim()
  .refine((code) => canonicalLanguage(code) !== null, 'must be a language code such as zh-CN or en')
  .transform((code) => canonicalLanguage(code)!);

const platformAccount = z.object({
  platform: z.enum(PLATFORMS),
  handle: z.string().trim().min(1, 'must not be empty').max(100, 'must have at most 100 characters'),
  followers: z.number().int('must be a whole number').min(0, 'must be at least 0').max(Number.MAX_SAFE_INTEGER).default(0),
});

const platformAccounts = z
  .array(platformAccount)
  .max(20)
  .superRefine((accounts, context) => {
    accounts.forEach((account, index) => {
      const first = accounts.findIndex(
        (other) => other.platform === account.platform && other.handle.toLowerCase() === account.handle.toLowerCase(),
      );
      if (first < index) {
        context.addIssue({ code: 'custom', path: [index, 'handle'], message: `repeats platformAccounts[${first}] (${account.platform} ${account.handle})` });
      }
    });
  });

const availabilityWindow = z
  .object({
    weekday: z.number().int('must be a whole number').min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'),
    startMinute: z.number().int('must be a whole number').min(0, 'must be at least 0').max(MINUTES_PER_DAY - 1, 'must be before 1440 (24:00)'),
    endMinute: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MINUTES_PER_DAY, 'must be at most 1440 (24:00)'),
  })
  .refine((window) => window.startMinute < window.endMinute, { path: ['endMinute'], message: 'must be after startMinute' });

const availability = z
  .array(availabilityWindow)
  .max(100)
  .superRefine((windows, context) => {
    for (const { index, overlapsIndex } of findOverlaps(windows)) {
      const other = windows[overlapsIndex]!;
      context.addIssue({
        code: 'custom',
        path: [index, 'startMinute'],
        message: `overlaps availability[${overlapsIndex}] (weekday ${other.weekday}, ${formatMinute(other.startMinute)}-${formatMinute(other.endMinute)})`,
      });
    }
  });

const hostFields = {
  name: z.string().trim().min(1, 'is required').max(120, 'must have at most 120 characters'),
  avatarUrl: z.httpUrl('must be an http(s) URL').max(2000),
  platformAccounts,
  styleTags: tags,
  audienceTags: tags,
  languages: z.array(language).max(20).transform(unique),
  costPerHourAmount: money,
  availability,
  /** A raw Member id (the resolver decodes the global id). */
  memberId: z.string(),
};

const createHostInput = z.object({
  ...hostFields,
  avatarUrl: hostFields.avatarUrl.nullish(),
  platformAccounts: hostFields.platformAccounts.default([]),
  styleTags: hostFields.styleTags.default([]),
  audienceTags: hostFields.audienceTags.default([]),
  languages: hostFields.languages.default([]),
  costPerHourAmount: hostFields.costPerHourAmount.default(0),
  availability: hostFields.availability.default([]),
  memberId: hostFields.memberId.nullish(),
});

// Omitted fields stay as they are; null clears the optional links (avatar, member).
const updateHostInput = z.object(hostFields).partial().extend({
  avatarUrl: hostFields.avatarUrl.nullish(),
  memberId: hostFields.memberId.nullish(),
});

const trainingFields = {
  topic: z.enum(TRAINING_TOPICS),
  date: z.iso.date('must be a date YYYY-MM-DD'),
  trainer: z.string().trim().min(1, 'is required').max(120, 'must have at most 120 characters'),
  score: z.number().int('must be a whole number').min(0, 'must be 0 to 100').max(100, 'must be 0 to 100'),
  notes: z.string().trim().max(5000, 'must have at most 5000 characters'),
};

const addTrainingInput = z.object({ ...trainingFields, score: trainingFields.score.nullish(), notes: trainingFields.notes.default('') });
const updateTrainingInput = z.object(trainingFields).partial().extend({ score: trainingFields.score.nullish() });

export interface HostFilter {
  search?: string | null;
  styleTags?: string[] | null;
  audienceTags?: string[] | null;
  language?: string | null;
  platform?: Platform | null;
  minFollowers?: number | null;
}

/** Aggregates of a host's training records. */
export interface TrainingSummary {
  averageScore: number | null;
  lastTrainedOn: string | null;
}

/** Roles that may touch training records at all; HOST members only their own host's. */
const TRAINING_ROLES = [...EDITOR_ROLES, 'HOST'] as const;

/** Sessions that still need their hosts: deleting a host would silently drop it from them. */
const ACTIVE_SESSION_STATUSES = ['DRAFT', 'SCHEDULED', 'LIVE'] as const;

/** A host's followers, on one platform or on all of them. */
function followersSql(platform: Platform | null | undefined) {
  return raw(
    (alias) =>
      `(select coalesce(sum((account->>'followers')::bigint), 0) from jsonb_array_elements(${alias}.platform_accounts) as account${
        platform ? ` where account->>'platform' = ?` : ''
      })`,
    platform ? [platform] : [],
  );
}

/** Hosts (主播) and their training records. */
export class HostService {
  async create(scope: Scope, rawInput: unknown): Promise<Host> {
    requireRole(scope.actor, EDITOR_ROLES, 'create hosts');
    const { memberId, avatarUrl, ...input } = parseInput(createHostInput, rawInput);
    const member = memberId ? await this.linkableMember(scope, memberId, null) : null;
    const host = scope.em.create(Host, { ...input, avatarUrl: avatarUrl ?? null, member, organization: scope.actor.organizationId });
    await scope.em.flush();
    return host;
  }

  async update(scope: Scope, id: string, rawInput: unknown): Promise<Host> {
    requireRole(scope.actor, EDITOR_ROLES, 'update hosts');
    const { memberId, ...input } = givenFields(parseInput(updateHostInput, rawInput));
    const host = await this.get(scope, id);
    if (memberId !== undefined) host.member = memberId ? await this.linkableMember(scope, memberId, host.id) : null;
    scope.em.assign(host, input);
    await scope.em.flush();
    return host;
  }

  async delete(scope: Scope, id: string): Promise<string> {
    requireRole(scope.actor, EDITOR_ROLES, 'delete hosts');
    const host = await this.get(scope, id);
    const bookings = await scope.em.find(SessionHost, { host: host.id, organization: scope.actor.organizationId });
    const active = bookings.length
      ? await scope.em.find(LiveSession, {
          id: { $in: bookings.map((booking) => booking.session) },
          organization: scope.actor.organizationId,
          status: { $in: [...ACTIVE_SESSION_STATUSES] },
        })
      : [];
    if (active.length > 0) {
      throw new ConflictError(
        `${host.name} is on ${active.length} upcoming or live session(s); remove them from those sessions first`,
        active.map((session) => encodeGlobalID('LiveSession', session.id)),
      );
    }
    await scope.em.remove(host).flush();
    return id;
  }

  async get({ em, actor }: Scope, id: string): Promise<Host> {
    const host = await findInOrganization(em, Host, actor, id);
    return host;
  }

  list({ em, actor }: Scope, filter: HostFilter, orderBy: Record<string, 'asc' | 'desc'>, args: ConnectionArgs) {
    const search = filter.search?.trim();
    const language = filter.language?.trim();
    const conditions: object[] = [];
    if (search) {
      const pattern = `%${search}%`;
      conditions.push({
        $or: [
          { name: { $ilike: pattern } },
          { [raw((alias) => `exists (select 1 from jsonb_array_elements(${alias}.platform_accounts) as account where account->>'handle' ilike ?)`, [pattern])]: [] },
        ],
      });
    }
    if (language) {
      // "zh" matches zh-CN and zh-TW; "zh-CN" matches only itself.
      const code = canonicalLanguage(language) ?? language;
      conditions.push({
        [raw((alias) => `exists (select 1 from unnest(${alias}.languages) as code where lower(code) = lower(?) or lower(code) like lower(?))`, [code, `${code}-%`])]: [],
      });
    }
    if (filter.platform) {
      conditions.push({ [raw((alias) => `${alias}.platform_accounts @> ?::jsonb`, [JSON.stringify([{ platform: filter.platform }])])]: [] });
    }
    if (filter.minFollowers != null) {
      conditions.push({ [followersSql(filter.platform)]: { $gte: filter.minFollowers } });
    }
    // FOLLOWERS sorts by the filtered platform's followers, otherwise by the total.
    const order = Object.fromEntries(
      Object.entries(orderBy).map(([field, direction]) =>
        field === 'totalFollowers' ? [followersSql(filter.platform), direction] : [field, direction],
      ),
    );
    const where = {
      organization: actor.organizationId,
      ...(filter.styleTags?.length ? { styleTags: { $overlap: filter.styleTags } } : {}),
      ...(filter.audienceTags?.length ? { audienceTags: { $overlap: filter.audienceTags } } : {}),
      ...(conditions.length ? { $and: conditions } : {}),
    } as FilterQuery<Host>;
    return findConnection<Host>(em, Host, where, order, args);
  }

  async addTrainingRecord(scope: Scope, hostId: string, rawInput: unknown): Promise<TrainingRecord> {
    requireRole(scope.actor, TRAINING_ROLES, 'add training records');
    const input = parseInput(addTrainingInput, rawInput);
    const host = await this.get(scope, hostId);
    this.requireTrainingEditor(scope, host, 'add training records');
    const record = scope.em.create(TrainingRecord, { ...input, score: input.score ?? null, host: host.id, organization: scope.actor.organizationId });
    await scope.em.flush();
    return record;
  }

  async updateTrainingRecord(scope: Scope, id: string, rawInput: unknown): Promise<TrainingRecord> {
    requireRole(scope.actor, TRAINING_ROLES, 'update training records');
    const input = givenFields(parseInput(updateTrainingInput, rawInput));
    const record = await this.getTrainingRecord(scope, id);
    this.requireTrainingEditor(scope, await this.get(scope, record.host), 'update training records');
    scope.em.assign(record, input);
    await scope.em.flush();
    return record;
  }

  /** Returns the id of the host the record belonged to. */
  async deleteTrainingRecord(scope: Scope, id: string): Promise<string> {
    requireRole(scope.actor, EDITOR_ROLES, 'delete training records');
    const record = await this.getTrainingRecord(scope, id);
    await scope.em.remove(record).flush();
    return record.host;
  }

  async getTrainingRecord({ em, actor }: Scope, id: string): Promise<TrainingRecord> {
    const record = await findInOrganization(em, TrainingRecord, actor, id);
    return record;
  }

  /** Training aggregates of many hosts in one statement, in the order of `hostIds`. */
  async trainingSummaries({ em, actor }: Scope, hostIds: readonly string[]): Promise<TrainingSummary[]> {
    const rows: { host_id: string; average_score: number | null; last_trained_on: string }[] = await em.getConnection().execute(
      `select host_id, avg(score)::float8 as average_score, max(date)::text as last_trained_on
         from training_records where organization_id = ? and host_id in (?) group by host_id`,
      [actor.organizationId, [...hostIds]],
    );
    const byHost = new Map(rows.map((row) => [row.host_id, row]));
    return hostIds.map((id) => {
      const row = byHost.get(id);
      return { averageScore: row?.average_score ?? null, lastTrainedOn: row?.last_trained_on ?? null };
    });
  }

  private requireTrainingEditor({ actor }: Scope, host: Host, action: string): void {
    if (EDITOR_ROLES.includes(actor.role)) return;
    if (actor.role === 'HOST' && host.member === actor.memberId) return;
    throw new ForbiddenError(`As a HOST member you can only ${action} of your own host profile, not of ${host.name}`);
  }

  /** A member of the caller's organization that no other host is linked to. */
  private async linkableMember({ em, actor }: Scope, memberId: string, hostId: string | null): Promise<string> {
    const member = await findInOrganization(em, Member, actor, memberId);
    const other = await em.findOne(Host, { member: member.id, organization: actor.organizationId, ...(hostId ? { id: { $ne: hostId } } : {}) });
    if (other) throw new ConflictError(`${member.displayName} is already linked to host ${other.name}`, [encodeGlobalID('Host', other.id)]);
    return member.id;
  }
}
