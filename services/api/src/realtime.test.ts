import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRealtime } from './realtime.js';

const notice = { sessionId: 's1', organizationId: 'o1', version: 1 };

describe('createRealtime', () => {
  it('delivers in the process without REDIS_URL and counts listeners per topic and id', async () => {
    const realtime = createRealtime();
    expect(realtime.transport).toBe('memory');
    expect(realtime.redisReady()).toBeNull();
    const iterator = realtime.subscribe('session:updated', 's1')[Symbol.asyncIterator]();
    const next = iterator.next();
    expect(realtime.subscriberCount('session:updated', 's1')).toBe(1);
    expect(realtime.subscriberCount('session:updated', 's2')).toBe(0);
    realtime.publish('session:updated', 's1', notice);
    expect((await next).value).toEqual(notice);
    await iterator.return!();
    expect(realtime.subscriberCount('session:updated', 's1')).toBe(0);
    await realtime.close();
  });

  it('logs publishes that Redis cannot take instead of failing the process', async () => {
    const warnings: { command?: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    // Nothing listens on port 1: every connection attempt is refused.
    const realtime = createRealtime({ redisUrl: 'redis://127.0.0.1:1', logger });
    expect(realtime.transport).toBe('redis');
    realtime.publish('session:updated', 's1', notice);
    const deadline = Date.now() + 10_000;
    while (!warnings.some((warning) => warning.command === 'publish') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warnings.some((warning) => warning.command === 'publish')).toBe(true);
    expect(realtime.redisReady()).toBe(false);
    await realtime.close();
  });
});
