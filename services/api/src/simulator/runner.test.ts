import { describe, expect, it } from 'vitest';
import type { IngestReply, WireEvent } from '../ingest/contract.js';
import { SimulationRunner, SinkError, type ShowSource, type SimulationSink } from './runner.js';
import type { ShowState } from './traffic-model.js';

/** An in-memory ingestion endpoint: remembers ids, answers duplicates, can fail on demand. */
function memorySink(failures: (call: number) => SinkError | null = () => null) {
  const stored = new Map<string, WireEvent>();
  const batches: WireEvent[][] = [];
  let calls = 0;
  const sink: SimulationSink = {
    async send(_sessionId, events): Promise<IngestReply> {
      batches.push(events);
      const failure = failures(++calls);
      if (failure) {
        // A failure after the write: the events landed but the reply was lost.
        if (failure.retryable) for (const event of events) stored.set(event.id, event);
        throw failure;
      }
      const reply: IngestReply = { accepted: [], duplicates: [], rejected: [] };
      events.forEach((event, index) => {
        if (stored.has(event.id)) reply.duplicates.push({ index, id: event.id });
        else {
          stored.set(event.id, event);
          reply.accepted.push({ index, id: event.id, seq: stored.size });
        }
      });
      return reply;
    },
  };
  return { sink, stored, batches };
}

const onAir: ShowState = { segmentId: 's1', segmentKind: 'PRODUCT_PITCH', products: [{ id: 'p1', priceAmount: 6900 }], giveawayKeyword: null };

function showSource(liveForReads = Infinity): ShowSource & { reads: number } {
  const source = {
    reads: 0,
    async read() {
      source.reads++;
      return { live: source.reads <= liveForReads, show: onAir };
    },
  };
  return source;
}

const options = { seed: 1, runId: 'r1', peakViewers: 50, sessionId: 'session-1', speed: Infinity };

describe('simulation runner', () => {
  it('runs the show to its duration, one batch per tick, and the viewers leave at the end', async () => {
    const { sink, stored, batches } = memorySink();
    const runner = new SimulationRunner({ ...options, durationSeconds: 20, sink, showSource: showSource() });
    expect(await runner.run()).toBe('DURATION');
    expect(runner.stats.elapsedSeconds).toBe(20);
    expect(batches.length).toBe(20 * 4 + 1);
    expect(runner.stats.accepted).toBe(stored.size);
    expect(runner.stats.eventsSent).toBe(stored.size);
    expect(runner.stats.online).toBe(0);
    const joined = [...stored.values()].filter((event) => event.kind === 'VIEWER_JOINED').length;
    expect([...stored.values()].filter((event) => event.kind === 'VIEWER_LEFT').length).toBe(joined);
  });

  it('sends a batch again with the same ids after a network error, so nothing is lost or doubled', async () => {
    const { sink, stored, batches } = memorySink((call) => (call === 3 ? new SinkError('socket hang up', true) : null));
    const runner = new SimulationRunner({ ...options, durationSeconds: 5, sink, showSource: showSource() });
    expect(await runner.run()).toBe('DURATION');
    expect(batches[3]!.map((event) => event.id)).toEqual(batches[2]!.map((event) => event.id));
    expect(runner.stats.errors).toBe(1);
    expect(runner.stats.duplicates).toBe(batches[2]!.length);
    expect(runner.stats.accepted + runner.stats.duplicates).toBe(stored.size);
    expect(runner.stats.eventsSent).toBe(stored.size);
  });

  it('gives up on a refused batch instead of retrying it', async () => {
    const { sink, batches } = memorySink(() => new SinkError('POST /ingest answered 401: bad signature', false));
    const runner = new SimulationRunner({ ...options, durationSeconds: 5, sink, showSource: showSource() });
    expect(await runner.run()).toBe('FAILED');
    expect(batches).toHaveLength(1);
    expect(runner.stats.lastProblems).toEqual(['POST /ingest answered 401: bad signature']);
  });

  it('keeps the show as it was when a later read fails, and fails at once when the first does', async () => {
    let reads = 0;
    const flaky: ShowSource = {
      read: async () => {
        reads++;
        if (reads === 3 || reads === 4) throw new Error('fetch failed');
        return { live: true, show: onAir };
      },
    };
    const { sink } = memorySink();
    const runner = new SimulationRunner({ ...options, durationSeconds: 10, sink, showSource: flaky });
    expect(await runner.run()).toBe('DURATION');
    expect(runner.stats.errors).toBe(2);
    expect(runner.stats.lastProblems).toContain('reading the show: fetch failed');

    const broken = new SimulationRunner({ ...options, durationSeconds: 10, sink, showSource: { read: () => Promise.reject(new Error('session not found')) } });
    expect(await broken.run()).toBe('FAILED');
    expect(broken.stats.eventsSent).toBe(0);
    expect(broken.stats.lastProblems).toEqual(['session not found']);
  });

  it('stops when the session is no longer live', async () => {
    const { sink } = memorySink();
    const source = showSource(3);
    const runner = new SimulationRunner({ ...options, durationSeconds: 60, sink, showSource: source });
    expect(await runner.run()).toBe('SESSION_ENDED');
    expect(runner.stats.elapsedSeconds).toBe(3);
  });

  it('stops on request', async () => {
    const { sink } = memorySink();
    const runner = new SimulationRunner({ ...options, speed: 1, durationSeconds: 600, sink, showSource: showSource() });
    const done = runner.run();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await runner.stop()).toBe('STOPPED');
    expect(await done).toBe('STOPPED');
    expect(runner.stats.elapsedSeconds).toBeLessThan(600);
  });
});
