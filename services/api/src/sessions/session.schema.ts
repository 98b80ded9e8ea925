import { builder } from '../schema/builder.js';
import { loadScoped } from '../schema/loaders.js';
import { LineupItem, LiveSession, Segment, SessionHost } from './session.entity.js';

export const LiveSessionRef = builder.loadableNodeRef('LiveSession', {
  id: { resolve: (session: LiveSession) => session.id },
  load: loadScoped<LiveSession>(LiveSession),
  sort: (session) => session.id,
});

export const SessionHostRef = builder.loadableNodeRef('SessionHost', {
  id: { resolve: (row: SessionHost) => row.id },
  load: loadScoped<SessionHost>(SessionHost),
  sort: (row) => row.id,
});

export const LineupItemRef = builder.loadableNodeRef('LineupItem', {
  id: { resolve: (item: LineupItem) => item.id },
  load: loadScoped<LineupItem>(LineupItem),
  sort: (item) => item.id,
});

export const SegmentRef = builder.loadableNodeRef('Segment', {
  id: { resolve: (segment: Segment) => segment.id },
  load: loadScoped<Segment>(Segment),
  sort: (segment) => segment.id,
});

// STUB: the sessions domain replaces these with the full types, queries, mutations and subscriptions.
LiveSessionRef.implement({ description: 'A live session (直播场次).', fields: (t) => ({ title: t.exposeString('title') }) });
SessionHostRef.implement({ description: 'A host on a session.', fields: () => ({}) });
LineupItemRef.implement({ description: 'A product in a session lineup.', fields: () => ({}) });
SegmentRef.implement({ description: 'A run-of-show segment.', fields: () => ({}) });
