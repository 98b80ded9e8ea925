import type { WidgetClient } from '@broadcart/plugin-sdk';
import { untrack } from 'svelte';
import { sessionStatusDocuments } from './control-room-documents.js';
import { followWithResync } from './resync.js';
import type { SessionStatus } from './types.js';

/** Why a session takes no new giveaway. */
export type GiveawaysClosedReason = 'ENDED' | 'CANCELLED';

/**
 * Why a session in `status` takes no new giveaway, or null while it does. Mirrors the server,
 * which refuses to create or open giveaways once a session has ended, been reviewed or cancelled.
 */
export function giveawaysClosedReason(status: SessionStatus | null): GiveawaysClosedReason | null {
  if (status === 'ENDED' || status === 'REVIEWED') return 'ENDED';
  if (status === 'CANCELLED') return 'CANCELLED';
  return null;
}

interface SessionFields {
  id: string;
  status: SessionStatus;
  version: number;
}

interface SessionRead {
  // `node` answers any type; a non-session id answers an object without these fields.
  node: Partial<SessionFields> | null;
}

interface SessionUpdate {
  sessionUpdated?: SessionFields | null;
}

/** The status of one session, read once and kept current by `sessionUpdated`. */
export class SessionStatusWatch {
  /** Null until read, and when the session cannot be read. */
  status = $state<SessionStatus | null>(null);
  /**
   * Whether the first read has answered or failed. Before that the widget cannot tell whether the
   * session takes giveaways; after a failure it offers them and lets the server decide.
   */
  settled = $state(false);
  readonly closedReason: GiveawaysClosedReason | null = $derived(giveawaysClosedReason(this.status));

  #version = -1;

  /** Starts following `sessionId`; returns the stop function. Safe to call from an `$effect`. */
  connect(client: WidgetClient, sessionId: string): () => void {
    return untrack(() => {
      this.status = null;
      this.settled = false;
      this.#version = -1;
      return followWithResync<SessionUpdate, SessionRead>(client, sessionStatusDocuments, { sessionId }, {
        // A deleted session notifies null: the host page says so, the widget keeps what it knew.
        onUpdate: (data) => data.sessionUpdated && this.#take(data.sessionUpdated),
        onRead: (data) => {
          const node = data.node;
          if (node?.status && typeof node.version === 'number') this.#take({ id: node.id ?? sessionId, status: node.status, version: node.version });
          this.settled = true;
        },
        onFailure: () => {
          this.settled = true;
        },
      });
    });
  }

  // A read answered before a newer notice arrived must not bring back an older status.
  #take(session: SessionFields): void {
    if (session.version < this.#version) return;
    this.#version = session.version;
    this.status = session.status;
  }
}
