import { builder } from '../schema/builder.js';
import { LiveSessionRef, SegmentRef } from '../schema/refs.js';
import { MUTATION_ERRORS, localId } from '../schema/common.schema.js';
import { scopeOf } from '../context.js';
import type { LiveSession, Segment } from './session.entity.js';
import { SESSION_OUTPUT, listedId, sessionId, type PayloadFieldBuilder } from './session-schema-helpers.js';
import { SegmentKindEnum } from './session.schema.js';

// Run-of-show

const SegmentDirectionEnum = builder.enumType('SegmentDirection', { values: ['NEXT', 'PREVIOUS'] as const });

const SegmentCueInput = builder.inputType('SegmentCueInput', {
  fields: (t) => ({
    atSeconds: t.int({ required: true, description: 'Seconds after the segment starts; within its planned duration.' }),
    text: t.string({ required: true, description: 'e.g. 上链接, 放库存, 开价.' }),
  }),
});

type SegmentInputShape = { productIds?: (string | number)[] | null } & Record<string, unknown>;

/** Product ids of a segment input, decoded for the lineup check. */
function segmentInput<T extends SegmentInputShape>(input: T): T {
  return input.productIds ? { ...input, productIds: input.productIds.map((id) => listedId(id, 'Product')) } : input;
}

const SegmentInput = builder.inputType('SegmentInput', {
  description: 'One segment of replaceRunOfShow.',
  fields: (t) => ({
    id: t.id({ description: 'An existing segment to keep (with what actually happened on air); omit for a new one.' }),
    kind: t.field({ type: SegmentKindEnum, required: true }),
    title: t.string({ required: true }),
    plannedOffsetSeconds: t.int({ required: true, description: 'Planned start, seconds after the session’s scheduled start; at least 0.' }),
    plannedDurationSeconds: t.int({ required: true, description: 'Greater than 0.' }),
    productIds: t.idList({ description: 'Products of the session’s lineup.' }),
    talkingPoints: t.stringList({ description: '话术.' }),
    cues: t.field({ type: [SegmentCueInput] }),
  }),
});

const SEGMENT_OUTPUT = {
  outputFields: (t: PayloadFieldBuilder<{ session: LiveSession; segment: Segment }>) => ({
    session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.session }),
    segment: t.field({ type: SegmentRef, resolve: (payload) => payload.segment }),
  }),
};

builder.relayMutationField(
  'createSegment',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true }),
      position: t.int({ description: '0-based place to insert at; default the end.' }),
      kind: t.field({ type: SegmentKindEnum, required: true }),
      title: t.string({ required: true }),
      plannedOffsetSeconds: t.int({ required: true, description: 'At least 0.' }),
      plannedDurationSeconds: t.int({ required: true, description: 'Greater than 0.' }),
      productIds: t.idList({ description: 'Products of the session’s lineup.' }),
      talkingPoints: t.stringList(),
      cues: t.field({ type: [SegmentCueInput] }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: (_root, { input: { sessionId: id, ...input } }, context) =>
      context.services.sessions.runOfShow.create(scopeOf(context), sessionId(id), segmentInput(input)),
  },
  SEGMENT_OUTPUT,
);

builder.relayMutationField(
  'updateSegment',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      kind: t.field({ type: SegmentKindEnum }),
      title: t.string(),
      plannedOffsetSeconds: t.int(),
      plannedDurationSeconds: t.int(),
      productIds: t.idList(),
      talkingPoints: t.stringList(),
      cues: t.field({ type: [SegmentCueInput] }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Changes only the fields that are given; lists are replaced as a whole.',
    resolve: (_root, { input: { id, ...input } }, context) =>
      context.services.sessions.runOfShow.update(scopeOf(context), localId(String(id), 'Segment'), segmentInput(input)),
  },
  SEGMENT_OUTPUT,
);

builder.relayMutationField(
  'deleteSegment',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Segments that have been on air stay for the review.',
    resolve: async (_root, { input }, context) => ({
      session: await context.services.sessions.runOfShow.delete(scopeOf(context), localId(String(input.id), 'Segment')),
      deletedId: String(input.id),
    }),
  },
  {
    outputFields: (t) => ({
      session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.session }),
      deletedId: t.exposeID('deletedId'),
    }),
  },
);

builder.relayMutationField(
  'reorderSegments',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true }),
      segmentIds: t.idList({ required: true, description: 'Every segment of the session, once each, in the new order.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    resolve: async (_root, { input }, context) => ({
      session: await context.services.sessions.runOfShow.reorder(
        scopeOf(context),
        sessionId(input.sessionId),
        input.segmentIds.map((id) => listedId(id, 'Segment')),
      ),
    }),
  },
  SESSION_OUTPUT,
);

builder.relayMutationField(
  'replaceRunOfShow',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true }),
      segments: t.field({ type: [SegmentInput], required: true, description: 'The whole run-of-show, in order.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description:
      'Saves the whole run-of-show editor at once. Every segment is validated and all issues are reported together, e.g. at ["input", "segments", 2, "plannedDurationSeconds"].',
    resolve: (_root, { input }, context) =>
      context.services.sessions.runOfShow.replace(scopeOf(context), sessionId(input.sessionId), {
        segments: input.segments.map(({ id, ...segment }) => ({ ...segmentInput(segment), id: id == null ? id : listedId(id, 'Segment') })),
      }),
  },
  {
    outputFields: (t) => ({
      session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.session }),
      segments: t.field({ type: [SegmentRef], resolve: (payload) => payload.segments }),
    }),
  },
);

builder.relayMutationField(
  'advanceSegment',
  { inputFields: (t) => ({ sessionId: t.id({ required: true }), direction: t.field({ type: SegmentDirectionEnum, required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'LIVE sessions only: takes the segment on air off and puts the next (or previous) one on.',
    resolve: (_root, { input }, context) =>
      context.services.sessions.runOfShow.advance(scopeOf(context), sessionId(input.sessionId), input.direction),
  },
  SEGMENT_OUTPUT,
);

builder.relayMutationField(
  'setSessionAutoAdvance',
  { inputFields: (t) => ({ sessionId: t.id({ required: true }), enabled: t.boolean({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Until the show ends: whether segments advance by themselves at their planned ends (trigger SCHEDULE).',
    resolve: async (_root, { input }, context) => ({
      session: await context.services.sessions.runOfShow.setAutoAdvance(scopeOf(context), sessionId(input.sessionId), input.enabled),
    }),
  },
  SESSION_OUTPUT,
);

builder.relayMutationField(
  'goToSegment',
  { inputFields: (t) => ({ sessionId: t.id({ required: true }), segmentId: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'LIVE sessions only: jumps to a segment of the run-of-show.',
    resolve: (_root, { input }, context) =>
      context.services.sessions.runOfShow.goTo(scopeOf(context), sessionId(input.sessionId), localId(String(input.segmentId), 'Segment')),
  },
  SEGMENT_OUTPUT,
);
