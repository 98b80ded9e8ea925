/**
 * The load side of the ingestion benchmark, in a worker thread so it never shares the server's
 * event loop: `senders` concurrent connectors, each with its own seeded audience, posting signed
 * batches of `batchSize` events back to back. Events of requests that complete inside the measured
 * window count; the warm-up is discarded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { build } from 'hdr-histogram-js';
import { signedHeaders, TrafficModel, type IngestReply, type ShowProduct, type WireEvent } from '@broadcart/api';

export interface SenderConfig {
  url: string;
  sourceId: string;
  secret: string;
  sessionId: string;
  products: ShowProduct[];
  senders: number;
  batchSize: number;
  warmupSeconds: number;
  seconds: number;
  runId: string;
}

export interface SenderReport {
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  requests: number;
  errors: number;
  kinds: Record<string, number>;
  rejections: string[];
  requestLatencyMs: { p50: number; p99: number; max: number };
  measuredSeconds: number;
}

const config = workerData as SenderConfig;
const endpoint = `${config.url}/ingest/${config.sourceId}`;
const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
const report: SenderReport = {
  events: 0, accepted: 0, duplicates: 0, rejected: 0, requests: 0, errors: 0, kinds: {}, rejections: [],
  requestLatencyMs: { p50: 0, p99: 0, max: 0 }, measuredSeconds: config.seconds,
};

const start = performance.now();
const measureFrom = start + config.warmupSeconds * 1000;
const measureUntil = measureFrom + config.seconds * 1000;

async function sender(index: number): Promise<void> {
  // A big crowd per connector so every batch is full; its shape is the simulator's (likes dominate).
  const model = new TrafficModel({ seed: 1000 + index, runId: `${config.runId}-${index}`, peakViewers: 8000, durationSeconds: 24 * 3600 });
  model.setShow({ segmentId: 'bench', segmentKind: 'PRODUCT_PITCH', products: config.products, giveawayKeyword: null });
  let backlog: WireEvent[] = [];
  while (performance.now() < measureUntil) {
    while (backlog.length < config.batchSize) backlog.push(...model.step(new Date()));
    const events = backlog.slice(0, config.batchSize);
    backlog = backlog.slice(config.batchSize);
    const body = JSON.stringify({ sessionId: config.sessionId, events });
    const sentAt = performance.now();
    try {
      const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(config.secret, body) }, body });
      const text = await response.text();
      const doneAt = performance.now();
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
      if (sentAt < measureFrom || doneAt > measureUntil) continue;
      const reply = JSON.parse(text) as IngestReply;
      histogram.recordValue(Math.max(1, Math.round((doneAt - sentAt) * 1000)));
      report.requests++;
      report.events += events.length;
      report.accepted += reply.accepted.length;
      report.duplicates += reply.duplicates.length;
      report.rejected += reply.rejected.length;
      for (const event of events) report.kinds[event.kind] = (report.kinds[event.kind] ?? 0) + 1;
      for (const rejection of reply.rejected) if (report.rejections.length < 5) report.rejections.push(`${rejection.id}: ${rejection.reason}`);
    } catch (error) {
      report.errors++;
      if (report.rejections.length < 5) report.rejections.push(String(error));
    }
  }
}

await Promise.all(Array.from({ length: config.senders }, (_, index) => sender(index)));
report.requestLatencyMs = {
  p50: histogram.getValueAtPercentile(50) / 1000,
  p99: histogram.getValueAtPercentile(99) / 1000,
  max: histogram.maxValue / 1000,
};
parentPort!.postMessage(report);
