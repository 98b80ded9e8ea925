import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DeliveryWorker } from './delivery-worker.js';
import type { Scheduler } from './scheduler.js';

/** Which loops a process runs: `api` serves only, `worker` runs delivery and the scheduler, `all` both. */
export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

const backgroundWork = new AsyncLocalStorage<string>();

/** Runs `work` marked as background work (`loop` names it), for everything it awaits. */
export function runInBackground<T>(loop: string, work: () => T): T {
  return backgroundWork.run(loop, work);
}

/**
 * Whether the caller runs inside the delivery worker or a scheduled tick. `AppOptions.onQuery`
 * leaves their statements out, so statement counts of requests do not depend on timer ticks.
 */
export function inBackground(): boolean {
  return backgroundWork.getStore() !== undefined;
}

export interface Background {
  /** Stops the loops, waiting for handlers and scheduled ticks in flight. */
  stop(): Promise<void>;
}

/**
 * Starts the delivery worker and the scheduler once the outbox tables exist and `migrated` says
 * the rest is in place too (apps are created before their migrations run, in `main.ts` as in
 * tests; plugin timers must not tick before their tables exist), checking every `checkMs`.
 */
export function startBackground(
  orm: MikroORM,
  worker: DeliveryWorker,
  scheduler: Scheduler,
  logger: Logger,
  { checkMs = 200, migrated = async () => true }: { checkMs?: number; migrated?: () => Promise<boolean> } = {},
): Background {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  // Marked background too: its readiness checks may still run while the first requests are counted.
  const started = runInBackground('startup', async () => {
    while (!stopped) {
      const ready = await orm.em
        .getConnection()
        .execute<{ ready: boolean }[]>(`select to_regclass('event_deliveries') is not null as ready`)
        .then(async ([row]) => row?.ready === true && (await migrated()))
        .catch(() => false);
      if (ready || stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, checkMs);
      });
    }
    if (stopped) return;
    worker.start();
    scheduler.start();
    logger.info({ tasks: scheduler.names() }, 'worker role started: event delivery and scheduled tasks');
  });
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await started;
      await Promise.all([worker.stop(), scheduler.stop()]);
    },
  };
}
