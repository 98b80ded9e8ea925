import { describe, expect, it } from 'vitest';
import type { PluginHost } from '../plugins/plugin-host.js';
import type { SessionEvent } from './audience-event-log.js';
import { decideComments } from './comment-decisions.js';

const event = (seq: number, kind: string, text?: string): SessionEvent => ({
  seq,
  kind,
  occurredAt: '2026-11-11T12:00:00.000Z',
  viewerId: 'v',
  productId: null,
  data: text === undefined ? { count: 1 } : { text, count: 1 },
});

/** A host whose only plugin answers `output` at the comment point. */
function hostAnswering(output: object, asked: unknown[] = []): PluginHost {
  return {
    handles: (point: string) => point === 'comment.beforePublish',
    intercept: async (_point: string, input: unknown) => {
      asked.push(input);
      return [{ namespace: 'mod', output }];
    },
  } as unknown as PluginHost;
}

describe('decideComments', () => {
  const events = [event(1, 'COMMENT', 'hi'), event(2, 'LIKE'), event(3, 'COMMENT', 'spam'), event(4, 'ORDER_PAID')];

  it('asks about comments only, hides and labels them, and ignores decisions about other events', async () => {
    const asked: unknown[] = [];
    const decided = await decideComments(hostAnswering({ hide: [3, 4], labels: [{ seq: 1, label: 'mod:greeting' }, { seq: 2, label: 'mod:like' }] }, asked), {} as never, 'o', 's', events);
    expect(asked).toEqual([
      { organizationId: 'o', sessionId: 's', comments: [{ seq: 1, viewerId: 'v', text: 'hi', occurredAt: '2026-11-11T12:00:00.000Z' }, { seq: 3, viewerId: 'v', text: 'spam', occurredAt: '2026-11-11T12:00:00.000Z' }] },
    ]);
    expect(decided.map((entry) => [entry.seq, entry.labels ?? []])).toEqual([
      [1, ['mod:greeting']],
      [2, []],
      [4, []],
    ]);
  });

  it('passes the events unchanged when no plugin handles the point', async () => {
    const host = { handles: () => false } as unknown as PluginHost;
    expect(await decideComments(host, {} as never, 'o', 's', events)).toBe(events);
  });
});
