import { Repeater } from 'graphql-yoga';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { canonicalJson, shareKey, SubscriptionHub } from './shared-subscriptions.js';

/** A socket that records what it is sent. */
function fakeSocket(bufferedAmount = 0) {
  const sent: string[] = [];
  const socket = { OPEN: 1, readyState: 1, bufferedAmount, send: (text: string) => void sent.push(text) };
  return { socket: socket as unknown as WebSocket, sent };
}

/** A source whose results the test pushes; `stopped` tells whether it was returned. */
function controlledSource() {
  let push!: (value: unknown) => Promise<unknown>;
  let stop!: (error?: unknown) => void;
  const state = { stopped: false };
  const source = new Repeater<unknown>(async (next, stopped) => {
    push = next;
    stop = stopped;
    await stopped;
    state.stopped = true;
  });
  return { source, push: (value: unknown) => push(value), fail: (error: unknown) => stop(error), state };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('canonicalJson and shareKey', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });

  it('separates scopes, roles, operation names and variables but not key order', () => {
    const scope = { organizationId: 'o1', role: 'OWNER' };
    const request = { query: 'subscription { x }', variables: { a: 1, b: 2 } };
    expect(shareKey(scope, request)).toBe(shareKey(scope, { ...request, variables: { b: 2, a: 1 } }));
    expect(shareKey(scope, request)).not.toBe(shareKey({ ...scope, role: 'HOST' }, request));
    expect(shareKey(scope, request)).not.toBe(shareKey({ ...scope, organizationId: 'o2' }, request));
    expect(shareKey(scope, request)).not.toBe(shareKey(null, request));
    expect(shareKey(scope, request)).not.toBe(shareKey(scope, { ...request, operationName: 'X' }));
    expect(shareKey(scope, request)).not.toBe(shareKey(scope, { ...request, variables: { a: 1 } }));
  });
});

describe('SubscriptionHub', () => {
  it('starts one source per key, serializes each result once and sends every socket its own envelope', async () => {
    const hub = new SubscriptionHub();
    const { source, push } = controlledSource();
    let starts = 0;
    const start = () => {
      starts += 1;
      return source;
    };
    const [one, two] = [fakeSocket(), fakeSocket()];
    await hub.subscribe({ key: 'k', id: '1', socket: one.socket }, start);
    await hub.subscribe({ key: 'k', id: 'a"b', socket: two.socket }, start);
    expect(starts).toBe(1);
    expect(hub.stats()).toEqual({ executions: 0, groups: 1, subscribers: 2 });

    await push({ data: { n: 1 } });
    await flush();
    expect(one.sent).toEqual(['{"id":"1","type":"next","payload":{"data":{"n":1}}}']);
    expect(JSON.parse(two.sent[0]!)).toEqual({ id: 'a"b', type: 'next', payload: { data: { n: 1 } } });
    expect(hub.stats().executions).toBe(1);
  });

  it('stops the source only when the last subscriber leaves', async () => {
    const hub = new SubscriptionHub();
    const { source, push, state } = controlledSource();
    const [one, two] = [fakeSocket(), fakeSocket()];
    const first = (await hub.subscribe({ key: 'k', id: '1', socket: one.socket }, () => source)) as AsyncIterableIterator<never>;
    const second = (await hub.subscribe({ key: 'k', id: '1', socket: two.socket }, () => source)) as AsyncIterableIterator<never>;
    await first.return!();
    await push({ data: { n: 2 } });
    await flush();
    expect(one.sent).toEqual([]);
    expect(two.sent).toHaveLength(1);
    expect(state.stopped).toBe(false);
    await second.return!();
    await flush();
    expect(state.stopped).toBe(true);
    expect(hub.stats()).toEqual({ executions: 1, groups: 0, subscribers: 0 });
  });

  it('gives a start that is not a stream to its own subscriber and keeps no group', async () => {
    const hub = new SubscriptionHub();
    const refused = { errors: [{ message: 'Sign in first' }] };
    const result = await hub.subscribe({ key: 'k', id: '1', socket: fakeSocket().socket }, () => refused);
    expect(result).toBe(refused);
    expect(hub.stats()).toEqual({ executions: 0, groups: 0, subscribers: 0 });
  });

  it('ends every subscriber with the source’s error, and a too slow socket alone with its own', async () => {
    const hub = new SubscriptionHub();
    const { source, push, fail } = controlledSource();
    const slow = fakeSocket(64 * 1024 * 1024);
    const fast = fakeSocket();
    const slowStream = (await hub.subscribe({ key: 'k', id: '1', socket: slow.socket }, () => source)) as AsyncIterableIterator<never>;
    const fastStream = (await hub.subscribe({ key: 'k', id: '1', socket: fast.socket }, () => source)) as AsyncIterableIterator<never>;
    const slowEnd = slowStream.next();
    const fastEnd = fastStream.next();
    await push({ data: { n: 3 } });
    await expect(slowEnd).rejects.toThrow(/cannot keep up/);
    expect(slow.sent).toEqual([]);
    expect(fast.sent).toHaveLength(1);
    fail(new Error('source broke'));
    await expect(fastEnd).rejects.toThrow('source broke');
    await flush();
    expect(hub.stats().groups).toBe(0);
  });
});
