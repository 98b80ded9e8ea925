import { NotFoundError, PluginUnavailableError } from '@broadcart/plugin-sdk';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PluginGuard, PluginTimeoutError } from './isolation.js';

const silent = pino({ level: 'silent' });

function guardWithClock(options: { failureThreshold?: number; openMs?: number } = {}) {
  let now = 0;
  const guard = new PluginGuard('test-plugin', silent, { ...options, clock: () => new Date(now) });
  return { guard, advance: (ms: number) => (now += ms) };
}

const boom = () => {
  throw new Error('boom');
};

describe('plugin guard', () => {
  it('opens the circuit after consecutive failures and then refuses calls without running them', async () => {
    const { guard } = guardWithClock({ failureThreshold: 3 });
    for (let i = 0; i < 3; i += 1) await expect(guard.run('field', 'Query.x', boom, null)).rejects.toThrow('boom');
    expect(guard.state).toBe('OPEN');
    let ran = false;
    await expect(guard.run('field', 'Query.x', () => (ran = true), null)).rejects.toBeInstanceOf(PluginUnavailableError);
    expect(ran).toBe(false);
    expect(guard.stats.field).toEqual({ calls: 3, failures: 3, timeouts: 0, rejected: 1 });
  });

  it('lets one trial call through after the open period: success closes the circuit, failure reopens it', async () => {
    const { guard, advance } = guardWithClock({ failureThreshold: 2, openMs: 1000 });
    await guard.run('handler', 'h', boom, null).catch(() => undefined);
    await guard.run('handler', 'h', boom, null).catch(() => undefined);
    advance(1000);
    expect(guard.state).toBe('HALF_OPEN');
    await expect(guard.run('handler', 'h', boom, null)).rejects.toThrow('boom');
    expect(guard.state).toBe('OPEN');
    advance(1000);
    await expect(guard.run('handler', 'h', () => 'ok', null)).resolves.toBe('ok');
    expect(guard.state).toBe('CLOSED');
  });

  it('counts expected failures (typed errors) as answers, not faults', async () => {
    const { guard } = guardWithClock({ failureThreshold: 2 });
    for (let i = 0; i < 5; i += 1) {
      await expect(
        guard.run('field', 'Query.x', () => {
          throw new NotFoundError('Thing', 'x');
        }, null),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(guard.state).toBe('CLOSED');
    expect(guard.stats.field.failures).toBe(0);
  });

  it('times out a slow call with an error naming the plugin and the call', async () => {
    const { guard } = guardWithClock();
    const slow = () => new Promise((resolve) => setTimeout(resolve, 200));
    const error = await guard.run('field', 'Query.slow', slow, 20).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginTimeoutError);
    expect((error as Error).message).toBe('plugin test-plugin: Query.slow did not finish within 20 ms');
    expect(guard.stats.field.timeouts).toBe(1);
  });

  it('a success in between resets the count of consecutive failures', async () => {
    const { guard } = guardWithClock({ failureThreshold: 3 });
    await guard.run('job', 'j', boom, null).catch(() => undefined);
    await guard.run('job', 'j', boom, null).catch(() => undefined);
    await guard.run('job', 'j', () => 1, null);
    await guard.run('job', 'j', boom, null).catch(() => undefined);
    await guard.run('job', 'j', boom, null).catch(() => undefined);
    expect(guard.state).toBe('CLOSED');
  });

  it('a disabled plugin (optional, failed setup) refuses every call and says why', async () => {
    const { guard } = guardWithClock();
    guard.disable('setup failed: no license');
    const error = await guard.run('handler', 'h', () => 1, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginUnavailableError);
    expect((error as Error).message).toBe('plugin test-plugin is not running on this server (setup failed: no license)');
    expect(guard.state).toBe('DISABLED');
  });

  it('calls at a decision point (circuit: false) are counted but never move the circuit', async () => {
    const { guard } = guardWithClock({ failureThreshold: 2 });
    for (let i = 0; i < 5; i += 1) await guard.run('intercept', 'comment.beforePublish', boom, null, { circuit: false }).catch(() => undefined);
    expect(guard.state).toBe('CLOSED');
    expect(guard.stats.intercept.failures).toBe(5);
  });
});
