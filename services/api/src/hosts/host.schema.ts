import { builder } from '../schema/builder.js';
import { HostConnection, HostRef, MemberRef, TrainingRecordRef } from '../schema/refs.js';
import { MUTATION_ERRORS, Money, PlatformEnum, localId, optionalLocalId, orderByInput } from '../schema/common.schema.js';
import { loadChildren } from '../schema/loaders.js';
import { scopeOf } from '../context.js';
import { formatMinute } from './availability.js';
import { TRAINING_TOPICS, TrainingRecord, type AvailabilityWindow, type PlatformAccount } from './host.entity.js';

/** Live platforms; shared with sessions. */
export const TrainingTopicEnum = builder.enumType('TrainingTopic', { values: TRAINING_TOPICS });

const PlatformAccountRef = builder.objectRef<PlatformAccount>('PlatformAccount').implement({
  description: 'A host’s account on one platform.',
  fields: (t) => ({
    platform: t.expose('platform', { type: PlatformEnum }),
    handle: t.exposeString('handle', { description: 'The account name or id on the platform.' }),
    followers: t.exposeInt('followers'),
  }),
});

const AvailabilityWindowRef = builder.objectRef<AvailabilityWindow>('AvailabilityWindow').implement({
  description: 'A weekly recurring window when the host can go live, in the organization’s time zone.',
  fields: (t) => ({
    weekday: t.exposeInt('weekday', { description: '1 = Monday ... 7 = Sunday.' }),
    startMinute: t.exposeInt('startMinute', { description: 'Minutes after local midnight.' }),
    endMinute: t.exposeInt('endMinute', { description: 'Minutes after local midnight (exclusive); at most 1440.' }),
    startTime: t.string({ description: 'startMinute as HH:MM.', resolve: (window) => formatMinute(window.startMinute) }),
    endTime: t.string({ description: 'endMinute as HH:MM; the end of the day is 24:00.', resolve: (window) => formatMinute(window.endMinute) }),
  }),
});

HostRef.implement({
  description: 'A presenter (主播) the organization can put on sessions.',
  fields: (t) => ({
    name: t.exposeString('name'),
    avatarUrl: t.exposeString('avatarUrl', { nullable: true }),
    platformAccounts: t.field({ type: [PlatformAccountRef], resolve: (host) => host.platformAccounts }),
    totalFollowers: t.int({
      description: 'Followers summed over all platform accounts.',
      resolve: (host) => host.platformAccounts.reduce((sum, account) => sum + account.followers, 0),
    }),
    styleTags: t.exposeStringList('styleTags', { description: 'Presenting style, e.g. 专业测评, 幽默.' }),
    audienceTags: t.exposeStringList('audienceTags', { description: 'Who the host’s audience is, e.g. 年轻女性, 学生党.' }),
    languages: t.exposeStringList('languages', { description: 'BCP 47 codes, e.g. zh-CN, en.' }),
    costPerHour: t.field({
      type: Money,
      description: 'Fee per hour on air.',
      resolve: (host, _args, context) => ({ amount: host.costPerHourAmount, currency: context.actor!.currency }),
    }),
    availability: t.field({
      type: [AvailabilityWindowRef],
      description: 'Weekly windows, ordered by weekday and start.',
      resolve: (host) => [...host.availability].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute),
    }),
    member: t.field({
      type: MemberRef,
      nullable: true,
      description: 'The host’s own member account, if they sign in.',
      resolve: (host) => host.member ?? null,
    }),
    trainingRecords: t.loadableGroup({
      type: TrainingRecordRef,
      description: 'Newest first.',
      load: loadChildren<TrainingRecord>(TrainingRecord, 'host', { date: 'desc', createdAt: 'desc' }),
      // The ref's shape also admits ids, but the loader yields rows.
      group: (record) => (record as TrainingRecord).host,
      resolve: (host) => host.id,
    }),
    averageTrainingScore: t.loadable({
      type: 'Float',
      nullable: true,
      description: 'Mean score of the scored training records; null when none is scored.',
      load: async (ids: string[], context) => (await context.services.hosts.trainingSummaries(scopeOf(context), ids)).map((s) => s.averageScore),
      resolve: (host) => host.id,
    }),
    lastTrainedOn: t.loadable({
      type: 'Date',
      nullable: true,
      description: 'Date of the latest training record.',
      load: async (ids: string[], context) => (await context.services.hosts.trainingSummaries(scopeOf(context), ids)).map((s) => s.lastTrainedOn),
      resolve: (host) => host.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

TrainingRecordRef.implement({
  description: 'A training a host attended.',
  fields: (t) => ({
    host: t.field({ type: HostRef, resolve: (record) => record.host }),
    topic: t.expose('topic', { type: TrainingTopicEnum }),
    date: t.expose('date', { type: 'Date' }),
    trainer: t.exposeString('trainer'),
    score: t.exposeInt('score', { nullable: true, description: '0-100, if the training was assessed.' }),
    notes: t.exposeString('notes'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const HostOrder = orderByInput(
  'Host',
  { NAME: 'name', COST_PER_HOUR: 'costPerHourAmount', FOLLOWERS: 'totalFollowers', CREATED_AT: 'createdAt' },
  'NAME',
);

const HostFilter = builder.inputType('HostFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Matches the name or a platform handle, case-insensitively.' }),
    styleTags: t.stringList({ description: 'Hosts with at least one of these style tags.' }),
    audienceTags: t.stringList({ description: 'Hosts with at least one of these audience tags.' }),
    language: t.string({ description: 'A language code; "zh" also matches zh-CN and zh-TW.' }),
    platform: t.field({ type: PlatformEnum, description: 'Hosts with an account on this platform.' }),
    minFollowers: t.int({ description: 'Followers on `platform` when given, otherwise in total.' }),
  }),
});

const PlatformAccountInput = builder.inputType('PlatformAccountInput', {
  fields: (t) => ({
    platform: t.field({ type: PlatformEnum, required: true }),
    handle: t.string({ required: true }),
    followers: t.int({ description: 'At least 0; default 0.' }),
  }),
});

const AvailabilityWindowInput = builder.inputType('AvailabilityWindowInput', {
  fields: (t) => ({
    weekday: t.int({ required: true, description: '1 = Monday ... 7 = Sunday.' }),
    startMinute: t.int({ required: true, description: 'Minutes after local midnight, 0-1439.' }),
    endMinute: t.int({ required: true, description: 'Minutes after local midnight, after startMinute, at most 1440.' }),
  }),
});

builder.queryFields((t) => ({
  hosts: t.connection({
    type: HostRef,
    authScopes: { member: true },
    args: { filter: t.arg({ type: HostFilter }), orderBy: t.arg({ type: HostOrder.input }) },
    resolve: (_root, args, context) => context.services.hosts.list(scopeOf(context), args.filter ?? {}, HostOrder.toOrder(args.orderBy), args),
  }, HostConnection),
}));

/** The raw member id of an optional `memberId` input; null stays null (it unlinks). */
const memberLocalId = (id: string | number | null | undefined) => optionalLocalId(id == null ? id : String(id), 'Member');

builder.relayMutationField(
  'createHost',
  {
    inputFields: (t) => ({
      name: t.string({ required: true }),
      avatarUrl: t.string({ description: 'An http(s) URL.' }),
      platformAccounts: t.field({ type: [PlatformAccountInput], description: 'No two with the same platform and handle.' }),
      styleTags: t.stringList(),
      audienceTags: t.stringList(),
      languages: t.stringList({ description: 'BCP 47 codes, e.g. zh-CN, en.' }),
      costPerHourAmount: t.int({ description: 'Minor units per hour on air; default 0.' }),
      availability: t.field({ type: [AvailabilityWindowInput], description: 'Windows of one weekday must not overlap.' }),
      memberId: t.id({ description: 'The host’s member account; a member can be linked to one host only.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: async (_root, { input: { memberId, ...input } }, context) => ({
      host: await context.services.hosts.create(scopeOf(context), { ...input, memberId: memberLocalId(memberId) }),
    }),
  },
  { outputFields: (t) => ({ host: t.field({ type: HostRef, resolve: (payload) => payload.host }) }) },
);

builder.relayMutationField(
  'updateHost',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      name: t.string(),
      avatarUrl: t.string({ description: 'null removes the avatar.' }),
      platformAccounts: t.field({ type: [PlatformAccountInput], description: 'Replaces all accounts.' }),
      styleTags: t.stringList(),
      audienceTags: t.stringList(),
      languages: t.stringList(),
      costPerHourAmount: t.int(),
      availability: t.field({ type: [AvailabilityWindowInput], description: 'Replaces all windows.' }),
      memberId: t.id({ description: 'null unlinks the member account.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes only the fields that are given.',
    resolve: async (_root, { input: { id, memberId, ...input } }, context) => ({
      host: await context.services.hosts.update(scopeOf(context), localId(String(id), 'Host'), { ...input, memberId: memberLocalId(memberId) }),
    }),
  },
  { outputFields: (t) => ({ host: t.field({ type: HostRef, resolve: (payload) => payload.host }) }) },
);

builder.relayMutationField(
  'deleteHost',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Refused while the host is on a draft, scheduled or live session.',
    resolve: async (_root, { input }, context) => ({
      deletedId: (await context.services.hosts.delete(scopeOf(context), localId(String(input.id), 'Host')), String(input.id)),
    }),
  },
  { outputFields: (t) => ({ deletedId: t.exposeID('deletedId') }) },
);

builder.relayMutationField(
  'addTrainingRecord',
  {
    inputFields: (t) => ({
      hostId: t.id({ required: true }),
      topic: t.field({ type: TrainingTopicEnum, required: true }),
      date: t.field({ type: 'Date', required: true }),
      trainer: t.string({ required: true }),
      score: t.int({ description: '0-100.' }),
      notes: t.string(),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators; a HOST member for their own host profile.',
    resolve: async (_root, { input: { hostId, ...input } }, context) => ({
      trainingRecord: await context.services.hosts.addTrainingRecord(scopeOf(context), localId(String(hostId), 'Host'), input),
    }),
  },
  { outputFields: (t) => ({ trainingRecord: t.field({ type: TrainingRecordRef, resolve: (payload) => payload.trainingRecord }) }) },
);

builder.relayMutationField(
  'updateTrainingRecord',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      topic: t.field({ type: TrainingTopicEnum }),
      date: t.field({ type: 'Date' }),
      trainer: t.string(),
      score: t.int({ description: '0-100; null removes the score.' }),
      notes: t.string(),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes only the fields that are given. Owners and operators; a HOST member for their own host profile.',
    resolve: async (_root, { input: { id, ...input } }, context) => ({
      trainingRecord: await context.services.hosts.updateTrainingRecord(scopeOf(context), localId(String(id), 'TrainingRecord'), input),
    }),
  },
  { outputFields: (t) => ({ trainingRecord: t.field({ type: TrainingRecordRef, resolve: (payload) => payload.trainingRecord }) }) },
);

builder.relayMutationField(
  'deleteTrainingRecord',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Owners and operators only.',
    resolve: async (_root, { input }, context) => {
      const hostId = await context.services.hosts.deleteTrainingRecord(scopeOf(context), localId(String(input.id), 'TrainingRecord'));
      return { deletedId: String(input.id), host: hostId };
    },
  },
  {
    outputFields: (t) => ({
      deletedId: t.exposeID('deletedId'),
      host: t.field({ type: HostRef, description: 'The host the record belonged to.', resolve: (payload) => payload.host }),
    }),
  },
);
