import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { OrganizationService } from '../organizations/organization.service.js';
import type { Realtime } from '../realtime.js';
import type { Actor } from '../shared/actor.js';

/** How a revoked overlay token's sockets are closed (4403 is graphql-ws's Forbidden: clients do not retry it blindly). */
export const OVERLAY_REVOKED_CLOSE = { code: 4403, reason: 'overlay token revoked' } as const;

/**
 * The graphql-ws sockets of this process that subscribed with an overlay token, by token id, so a
 * revocation can close them: a subscription keeps the actor it started with and would otherwise
 * outlive the token.
 */
export class OverlaySockets {
  readonly #byToken = new Map<string, Set<WebSocket>>();

  /** Remembers `socket` under the actor's token until it closes; members are not tracked. */
  track(actor: Actor | null, socket: WebSocket): void {
    if (actor?.role !== 'OVERLAY') return;
    const tokenId = actor.memberId;
    let sockets = this.#byToken.get(tokenId);
    if (!sockets) this.#byToken.set(tokenId, (sockets = new Set()));
    if (sockets.has(socket)) return;
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      if (!sockets.size && this.#byToken.get(tokenId) === sockets) this.#byToken.delete(tokenId);
    });
  }

  /** Closes the token's sockets; returns how many. */
  close(tokenId: string): number {
    const sockets = this.#byToken.get(tokenId);
    if (!sockets) return 0;
    this.#byToken.delete(tokenId);
    for (const socket of sockets) socket.close(OVERLAY_REVOKED_CLOSE.code, OVERLAY_REVOKED_CLOSE.reason);
    return sockets.size;
  }
}

export interface OverlayRevocationDeps {
  realtime: Realtime;
  organizations: OrganizationService;
  sockets: OverlaySockets;
  logger: Logger;
}

/**
 * Sends this process's revocations to every API process (through Redis when configured) and acts
 * on all of them: the token's cached resolution is dropped and its sockets are closed, so a revoked
 * overlay is cut off everywhere at once instead of when the actor cache expires. Returns `stop`.
 */
export function watchOverlayRevocations({ realtime, organizations, sockets, logger }: OverlayRevocationDeps): () => Promise<void> {
  const unlisten = organizations.overlayTokens.onRevoked((tokens) => {
    for (const token of tokens) realtime.publish('overlay:revoked', token);
  });
  const revocations = realtime.subscribe('overlay:revoked');
  const watching = (async () => {
    for await (const { tokenId } of revocations) {
      organizations.forgetOverlayToken(tokenId);
      const closed = sockets.close(tokenId);
      if (closed) logger.info({ tokenId, sockets: closed }, 'closed the sockets of a revoked overlay token');
    }
  })().catch((error: unknown) => logger.error({ err: error }, 'overlay revocations stopped'));
  return async () => {
    unlisten();
    await revocations.return();
    await watching;
  };
}
