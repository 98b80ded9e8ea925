import { randomBytes } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DEMO_EMAIL } from '../demo/seed-demo.js';
import type { IngestReply, WireEvent } from '../ingest/contract.js';
import { Member } from '../organizations/member.entity.js';
import { Product } from '../products/product.entity.js';
import { LineupItem, LiveSession, Segment } from '../sessions/session.entity.js';
import { EDITOR_ROLES, requireRole, type Actor, type Scope } from '../shared/actor.js';
import { ConflictError, ForbiddenError } from '../shared/errors.js';
import { findInOrganization } from '../shared/lookup.js';
import { parseInput } from '../shared/validate.js';
import { seedFrom } from './random.js';
import { SimulationRunner, SinkError, type ShowSource, type SimulationSink, type StopReason } from './runner.js';
import { giveawayKeyword, OFF_AIR } from './traffic-model.js';

/** Ingests one batch as `actor` would through `ingestEvents` (the in-process path of the demo). */
export type IngestBatch = (scope: Scope, sessionId: string, events: WireEvent[]) => Promise<IngestReply>;

/** A demo simulation of this process, running or finished. */
export interface SimulationStatus {
  organizationId: string;
  sessionId: string;
  running: boolean;
  startedAt: Date;
  endedAt: Date | null;
  stopReason: StopReason | null;
  viewers: number;
  durationSeconds: number;
  runner: SimulationRunner;
}

const startInput = z.object({
  viewers: z.number().int().min(1).max(5000),
  durationSeconds: z.number().int().min(10).max(6 * 3600),
});

/**
 * Demo audience simulations: the same runner as `npm run simulate`, started from the API for the
 * demo organization only, sending through the ingestion service in-process. An HTTP round trip to
 * itself would need the app's own URL (it does not listen by itself) and a source secret; the
 * in-process call goes through the same validation, idempotency and metrics as `/ingest`.
 * Simulations live in the process that started them and stop when their session is no longer
 * LIVE, when stopped, or when the app closes.
 */
export class SimulationService {
  readonly #runs = new Map<string, SimulationStatus>();

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
    private readonly ingest: IngestBatch,
  ) {}

  async start({ em, actor }: Scope, sessionId: string, raw: unknown): Promise<SimulationStatus> {
    const input = parseInput(startInput, raw);
    await this.requireDemo(em, actor, 'start an audience simulation');
    const session = await findInOrganization(em, LiveSession, actor, sessionId);
    if (session.status !== 'LIVE') throw new ConflictError(`Simulations run only on LIVE sessions; this one is ${session.status}`);
    if (this.#runs.get(session.id)?.running) throw new ConflictError('A simulation is already running on this session; stop it first');

    const runId = randomBytes(4).toString('hex');
    const runner = new SimulationRunner({
      sessionId: session.id,
      runId,
      seed: seedFrom(runId),
      peakViewers: input.viewers,
      durationSeconds: input.durationSeconds,
      sink: this.sink(actor),
      showSource: this.showSource(actor, session.id),
    });
    const status: SimulationStatus = {
      organizationId: actor.organizationId,
      sessionId: session.id,
      running: true,
      startedAt: new Date(),
      endedAt: null,
      stopReason: null,
      viewers: input.viewers,
      durationSeconds: input.durationSeconds,
      runner,
    };
    this.#runs.set(session.id, status);
    void runner.run().then((reason) => {
      status.running = false;
      status.endedAt = new Date();
      status.stopReason = reason;
      this.logger.info({ sessionId: session.id, reason, ...runner.stats }, 'audience simulation finished');
    });
    this.logger.info({ sessionId: session.id, runId, viewers: input.viewers, durationSeconds: input.durationSeconds }, 'audience simulation started');
    return status;
  }

  async stop({ em, actor }: Scope, sessionId: string): Promise<SimulationStatus> {
    await this.requireDemo(em, actor, 'stop an audience simulation');
    const session = await findInOrganization(em, LiveSession, actor, sessionId);
    const status = this.#runs.get(session.id);
    if (!status?.running) throw new ConflictError('No simulation is running on this session');
    await status.runner.stop();
    return status;
  }

  /** The latest simulation of the session in this process, if any. */
  status(actor: Actor, sessionId: string): SimulationStatus | null {
    const status = this.#runs.get(sessionId);
    return status && status.organizationId === actor.organizationId ? status : null;
  }

  /** Stops every simulation (the app is closing). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#runs.values()].map((status) => status.runner.stop()));
  }

  /** The demo organization is the one the demo seed signs up with DEMO_EMAIL (e-mails are unique). */
  private async requireDemo(em: EntityManager, actor: Actor, action: string): Promise<void> {
    requireRole(actor, EDITOR_ROLES, action);
    const demoOwner = await em.findOne(Member, { email: DEMO_EMAIL }, { fields: ['organization'] });
    if (demoOwner?.organization !== actor.organizationId) {
      throw new ForbiddenError('Audience simulations from the API are only available in the demo organization; use `npm run simulate` with an ingestion source');
    }
  }

  private sink(actor: Actor): SimulationSink {
    return {
      send: async (sessionId, events) => {
        try {
          return await this.ingest({ em: this.orm.em.fork(), actor }, sessionId, events);
        } catch (error) {
          // Typed errors (the session ended, the member lost their role) will not change on a retry.
          const retryable = !(error instanceof Error && 'code' in error);
          throw new SinkError(error instanceof Error ? error.message : String(error), retryable);
        }
      },
    };
  }

  private showSource(actor: Actor, sessionId: string): ShowSource {
    return {
      read: async () => {
        const em = this.orm.em.fork();
        const session = await findInOrganization(em, LiveSession, actor, sessionId);
        if (session.status !== 'LIVE' || !session.currentSegment) return { live: session.status === 'LIVE', show: OFF_AIR };
        const segment = await em.findOneOrFail(Segment, { id: session.currentSegment, organization: actor.organizationId });
        const productIds = segment.productIds as string[];
        const [products, lineup] = await Promise.all([
          em.find(Product, { id: { $in: productIds }, organization: actor.organizationId }, { fields: ['id', 'priceAmount'] }),
          em.find(LineupItem, { session: sessionId, product: { $in: productIds } }, { fields: ['product', 'livePriceAmount'] }),
        ]);
        const livePrice = new Map(lineup.map((item) => [item.product, item.livePriceAmount]));
        const prices = new Map(products.map((product) => [product.id, livePrice.get(product.id) ?? product.priceAmount]));
        return {
          live: true,
          show: {
            segmentId: segment.id,
            segmentKind: segment.kind,
            products: productIds.filter((id) => prices.has(id)).map((id) => ({ id, priceAmount: prices.get(id)! })),
            giveawayKeyword: segment.kind === 'GIVEAWAY' ? giveawayKeyword(segment.talkingPoints as string[]) : null,
          },
        };
      },
    };
  }
}
