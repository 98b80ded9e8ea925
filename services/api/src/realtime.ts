import { createPubSub } from 'graphql-yoga';

/** Realtime topics and their payloads (in-process now; Redis-backed in the live-engine issue). */
export type RealtimeTopics = {
  /** A session's status, segment or schedule changed; the payload is the session id. */
  'session:updated': [sessionId: string, payload: { sessionId: string; organizationId: string; version: number }];
};

export type Realtime = ReturnType<typeof createRealtime>;

export function createRealtime() {
  return createPubSub<RealtimeTopics>();
}
