import type { EntityManager } from '@mikro-orm/postgresql';
import type { PluginHost } from '../plugins/plugin-host.js';
import type { SessionEvent } from './audience-event-log.js';

/**
 * The `comment.beforePublish` decision point: the comments among `events` go to the plugins that
 * handle it (time-boxed and fail-open, see PluginHost.intercept); hidden comments are left out
 * and labels are attached. Other events, and every event when no plugin handles the point, pass
 * unchanged. Used for live notices and for the resync page alike, so both show the same feed.
 */
export async function decideComments(plugins: PluginHost, em: EntityManager, organizationId: string, sessionId: string, events: SessionEvent[]): Promise<SessionEvent[]> {
  if (!plugins.handles('comment.beforePublish')) return events;
  const comments = events
    .filter((event) => event.kind === 'COMMENT')
    .map((event) => ({ seq: event.seq, viewerId: event.viewerId, text: typeof event.data.text === 'string' ? event.data.text : '', occurredAt: event.occurredAt }));
  if (!comments.length) return events;
  const answers = await plugins.intercept('comment.beforePublish', { organizationId, sessionId, comments }, em, {});
  // Decisions reach comments only: any other seq a plugin names is ignored.
  const commentSeqs = new Set(comments.map((comment) => comment.seq));
  const hidden = new Set<number>();
  const labels = new Map<number, string[]>();
  for (const { output } of answers) {
    for (const seq of output.hide ?? []) if (commentSeqs.has(seq)) hidden.add(seq);
    for (const { seq, label } of output.labels ?? []) if (commentSeqs.has(seq)) labels.set(seq, [...(labels.get(seq) ?? []), label]);
  }
  if (!hidden.size && !labels.size) return events;
  return events.filter((event) => !hidden.has(event.seq)).map((event) => (labels.has(event.seq) ? { ...event, labels: labels.get(event.seq)! } : event));
}
