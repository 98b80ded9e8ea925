import type { WidgetClient } from '@broadcart/plugin-sdk';

/** Waits before resubscribing after the n-th failure in a row; the last one repeats. */
const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/** A subscription, and the query that reads the same state in full. */
export interface ResyncDocuments {
  subscription: string;
  query: string;
}

export interface ResyncHandlers<Update, Read> {
  /** Each notice of the subscription. */
  onUpdate: (data: Update) => void;
  /** Each answer of the query: after subscribing, and again after every failure. */
  onRead: (data: Read) => void;
  /** A failed subscription or read; a retry follows by itself. */
  onFailure: (error: unknown) => void;
}

/**
 * Follows `documents.subscription` and reads `documents.query` each time the subscription starts,
 * since notices sent while disconnected are lost. A failure of either (a disconnect looks like one
 * to a widget) starts both again after a growing delay. Returns the stop function.
 */
export function followWithResync<Update, Read>(
  client: WidgetClient,
  documents: ResyncDocuments,
  variables: Record<string, unknown>,
  handlers: ResyncHandlers<Update, Read>,
): () => void {
  let stopped = false;
  let attempt = 0;
  // Callbacks of an abandoned subscription or read may still fire; they carry their generation.
  let generation = 0;
  let unsubscribe: (() => void) | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const fail = (run: number, error: unknown): void => {
    if (stopped || run !== generation) return;
    generation += 1;
    handlers.onFailure(error);
    unsubscribe?.();
    unsubscribe = null;
    const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
    attempt += 1;
    retryTimer = setTimeout(start, delay);
  };

  function start(): void {
    const run = generation;
    let stop: () => void;
    try {
      // Subscribe before reading so nothing changes unseen between the two.
      stop = client.subscribe<Update>(
        documents.subscription,
        variables,
        (data) => {
          if (stopped || run !== generation) return;
          handlers.onUpdate(data);
        },
        (error) => fail(run, error),
      );
    } catch (error) {
      fail(run, error);
      return;
    }
    // A client may report a failure from inside subscribe(), before its stop function exists.
    if (stopped || run !== generation) {
      stop();
      return;
    }
    unsubscribe = stop;
    client.request<Read>(documents.query, variables).then(
      (data) => {
        if (stopped || run !== generation) return;
        attempt = 0;
        handlers.onRead(data);
      },
      (error: unknown) => fail(run, error),
    );
  }

  start();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    unsubscribe?.();
  };
}
