import { filter, map, pipe } from 'graphql-yoga';
import { builder } from '../schema/builder.js';
import { Money } from '../schema/common.schema.js';
import { LiveSessionRef, ProductRef } from '../schema/refs.js';
import { scopeOf } from '../context.js';
import { decideComments } from './comment-decisions.js';
import { AudienceEventKindEnum } from '../ingest/ingest.schema.js';
import type { AudienceEventKind } from '../ingest/contract.js';
import { sessionId } from '../sessions/session-schema-helpers.js';
import { ValidationError } from '../shared/errors.js';
import type { SessionEventsNotice } from '../realtime.js';
import { MAX_AUDIENCE_EVENTS_PAGE, readAudienceEventPages, type AudienceEventPage, type SessionEvent } from './audience-event-log.js';
import { asGraphQLError, refreshForEvent } from './subscription-context.js';

/**
 * Resync rule (documented in the schema too): subscribe to `sessionEvents` first and hold its
 * batches, then page `LiveSession.audienceEvents(afterSeq: <last version applied>)` until `hasMore`
 * is false, apply those events, then the held and later batches, skipping every `seq` already
 * applied. The page and the stream may overlap; deduplicating by `seq` makes that harmless, so the
 * client ends with every event exactly once. Within one process flushes commit in `seq` order, so
 * nothing at or below a delivered version can appear later; when several processes ingest into one
 * session, a flush may commit after a higher-numbered one, and a client that must be exact across
 * that resumes from a version it had a few seconds before it disconnected (the dedupe absorbs the
 * longer overlap).
 */

interface SessionEventBatch {
  version: number;
  events: SessionEvent[];
}

const text = (event: SessionEvent, key: string) => (typeof event.data[key] === 'string' ? (event.data[key] as string) : null);
const integer = (event: SessionEvent, key: string) => (typeof event.data[key] === 'number' ? (event.data[key] as number) : null);

const AudienceEventItemRef = builder.objectRef<SessionEvent>('AudienceEventItem').implement({
  description: 'One accepted audience event of the session’s log.',
  fields: (t) => ({
    seq: t.expose('seq', { type: 'SafeInt', description: 'Position in the global event log (a 64-bit integer): grows with arrival; the key to deduplicate on when resyncing.' }),
    kind: t.field({ type: AudienceEventKindEnum, resolve: (event) => event.kind as AudienceEventKind }),
    occurredAt: t.field({ type: 'DateTime', description: 'When it happened on the platform.', resolve: (event) => new Date(event.occurredAt) }),
    viewerId: t.id({ nullable: true, description: 'The pseudonymous viewer (the same id in every session of the organization); null for VIEWER_COUNT.', resolve: (event) => event.viewerId }),
    product: t.field({ type: ProductRef, nullable: true, description: 'The product of impressions, clicks and add-to-carts.', resolve: (event) => event.productId }),
    count: t.int({ description: 'LIKE: taps; VIEWER_COUNT: viewers online as the platform reported; 1 otherwise.', resolve: (event) => integer(event, 'count') ?? 1 }),
    text: t.string({ nullable: true, description: 'COMMENT: the comment.', resolve: (event) => text(event, 'text') }),
    amount: t.field({
      type: Money,
      nullable: true,
      description: 'ORDER_CREATED: the order total; ORDER_PAID and ORDER_REFUNDED: the amount paid or refunded.',
      resolve: (event, _args, context) => {
        const amount = integer(event, 'amount');
        return amount === null ? null : { amount, currency: scopeOf(context).actor.currency };
      },
    }),
    orderId: t.string({ nullable: true, description: 'ORDER_*: the platform’s order id.', resolve: (event) => text(event, 'orderId') }),
    labels: t.stringList({
      description: 'COMMENT: labels plugins gave it (`<namespace>:<key>`, e.g. `lottery:keyword`); comments plugins hide are not listed at all.',
      resolve: (event) => event.labels ?? [],
    }),
  }),
});

const SessionEventBatchRef = builder.objectRef<SessionEventBatch>('SessionEventBatch').implement({
  description: 'Audience events accepted together, in log order.',
  fields: (t) => ({
    version: t.expose('version', { type: 'SafeInt',
      description: 'The `seq` of the last event of the accepted batch (kinds filtered out included): resume with `audienceEvents(afterSeq: version)`.',
    }),
    events: t.field({ type: [AudienceEventItemRef], resolve: (batch) => batch.events }),
  }),
});

const AudienceEventPageRef = builder.objectRef<AudienceEventPage>('AudienceEventPage').implement({
  description: 'A page of the session’s event log after a given seq.',
  fields: (t) => ({
    events: t.field({ type: [AudienceEventItemRef], resolve: (page) => page.events }),
    version: t.expose('version', { type: 'SafeInt', description: 'The `seq` of the last event of the page (`afterSeq` when it is empty): the next page’s `afterSeq`.' }),
    hasMore: t.exposeBoolean('hasMore', { description: 'More events follow this page.' }),
  }),
});

/** The events of a notice that the subscriber asked for; null or empty `kinds` means every kind. */
function batchOf(notice: SessionEventsNotice, kinds: ReadonlySet<string> | null): SessionEventBatch {
  return { version: notice.version, events: kinds ? notice.events.filter((event) => kinds.has(event.kind)) : notice.events };
}

builder.subscriptionFields((t) => ({
  sessionEvents: t.field({
    type: SessionEventBatchRef,
    description:
      'Audience events accepted for the session, one batch per ingestion flush, in log order; batches left empty by `kinds` are not sent. ' +
      'To resume after a disconnect: subscribe, then page `LiveSession.audienceEvents(afterSeq: <last version>)`, and deduplicate by `seq`.',
    args: {
      sessionId: t.arg.id({ required: true }),
      kinds: t.arg({ type: [AudienceEventKindEnum], required: false, description: 'Only these kinds (omitted or empty: every kind).' }),
    },
    subscribe: async (_root, args, context) => {
      try {
        const { actor } = scopeOf(context);
        const session = await context.services.sessions.get({ em: context.em.fork(), actor }, sessionId(args.sessionId));
        const kinds = args.kinds?.length ? new Set<string>(args.kinds) : null;
        return pipe(
          context.realtime.subscribe('session:events', session.id),
          filter((notice) => notice.organizationId === actor.organizationId),
          map((notice) => batchOf(notice, kinds)),
          filter((batch) => batch.events.length > 0),
        );
      } catch (error) {
        return asGraphQLError(error);
      }
    },
    resolve: (batch, _args, context) => {
      refreshForEvent(context);
      return batch;
    },
  }),
}));

builder.objectFields(LiveSessionRef, (t) => ({
  audienceEvents: t.loadable({
    type: AudienceEventPageRef,
    byPath: true,
    description:
      'The event log after `afterSeq`, in seq order: how a client that reconnects to `sessionEvents` catches up ' +
      '(page until `hasMore` is false, then take live batches, deduplicating by `seq`).',
    args: {
      afterSeq: t.arg({ type: 'SafeInt', required: false, defaultValue: 0, description: 'Only events with a greater seq (the last version the client applied).' }),
      kinds: t.arg({ type: [AudienceEventKindEnum], required: false, description: 'Only these kinds (omitted or empty: every kind).' }),
      first: t.arg.int({ required: false, defaultValue: 100, description: `Page size, at most ${MAX_AUDIENCE_EVENTS_PAGE}.` }),
    },
    load: async (sessionIds: string[], context, args) => {
      const first = args.first ?? 100;
      if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIENCE_EVENTS_PAGE) {
        throw ValidationError.field(['first'], `must be an integer from 1 to ${MAX_AUDIENCE_EVENTS_PAGE}`);
      }
      const afterSeq = args.afterSeq ?? 0;
      if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw ValidationError.field(['afterSeq'], 'must be a non-negative integer');
      const { em, actor } = scopeOf(context);
      const pages = await readAudienceEventPages(em, actor.organizationId, sessionIds, { afterSeq, kinds: args.kinds ?? null, first });
      // The same feed as the live notices: comments go through the plugins' comment.beforePublish.
      return Promise.all(
        sessionIds.map(async (id) => {
          const page = pages.get(id)!;
          return { ...page, events: await decideComments(context.plugins, em.fork(), actor.organizationId, id, page.events) };
        }),
      );
    },
    resolve: (session) => session.id,
  }),
}));
