import { z } from 'zod';

/** The options of `installPlugin(lottery, options)` in the host's configuration module. */
export const lotteryConfigSchema = z.object({
  /**
   * A public randomness beacon for draws whose public value source is BEACON (drand's HTTP API
   * shape). Without it, giveaways use an operator-typed SALT.
   */
  beacon: z
    .object({
      /** The URL of one round, with `{round}`, e.g. `https://api.drand.sh/public/{round}`. */
      urlTemplate: z.string().url().refine((url) => url.includes('{round}'), 'must contain {round}'),
      /** Unix time of round 1 in seconds (drand's `genesis_time`), or an ISO-8601 instant. */
      genesisTime: z.union([z.number().nonnegative(), z.iso.datetime({ offset: true }).transform((text) => Date.parse(text) / 1000)]),
      /** Seconds between rounds (drand's `period`). */
      periodSeconds: z.number().positive(),
      /** @default 5000 */
      timeoutMs: z.number().int().positive().default(5000),
    })
    .optional(),
  /**
   * How long after `closesAt` the close timer waits before freezing the list, so comments posted
   * just before the deadline but delivered a little later still count (only comments posted
   * before `closesAt` enter). @default 3000
   */
  closeGraceMs: z.number().int().min(0).max(60_000).default(3000),
  /** The claim window of giveaways that do not set one. @default 86400 (one day) */
  defaultClaimWindowSeconds: z.number().int().min(60).max(90 * 86400).default(86400),
  /**
   * Prepended to the download paths in `proofUrl` and `entrantListUrl` (e.g.
   * `https://api.example.com`); without it they are paths on the API server. @default ''
   */
  publicBaseUrl: z.string().url().or(z.literal('')).default(''),
});

export type LotteryConfig = z.output<typeof lotteryConfigSchema>;
