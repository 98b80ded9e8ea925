import { Client, CombinedError, type Exchange } from '@urql/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, map, pipe } from 'wonka';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle } from '$lib/testing/render.js';
import OverlayStage from './OverlayStage.svelte';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const product = (id: string, title: string) => ({ id, title, imageUrls: [], sellingPoints: ['持妆8小时'], price: cny(12_900), listPrice: cny(19_900) });
const overlaySession = (version: number, products: ReturnType<typeof product>[], status = 'LIVE') => ({
  __typename: 'LiveSession',
  id: 'S1',
  version,
  status,
  currentSegment: { id: `G${version}`, kind: 'PRODUCT_PITCH', products },
  lineup: products.map((item) => ({ id: `L-${item.id}`, product: { id: item.id }, livePrice: cny(9_900), deliveryPromise: '48小时内发货' })),
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const text = (target: HTMLElement, selector: string) => target.querySelector(selector)?.textContent?.trim();

describe('overlay', () => {
  it('shows the product on air with its live price against the list price', async () => {
    const client = createFakeClient({ OverlaySession: { node: overlaySession(1, [product('P1', '丝绒雾面口红')]) }, EnabledPlugins: { installedPlugins: [] } });
    const { target } = render(OverlayStage, { sessionId: 'S1' }, { client });
    await settle();
    expect(text(target, '.title')).toBe('丝绒雾面口红');
    expect(text(target, '.price')).toMatch(/99\.00$/);
    expect(text(target, '.was')).toMatch(/199\.00$/);
    expect(text(target, '.point')).toBe('持妆8小时');
    expect(text(target, '.promise')).toBe('48小时内发货');
    expect(client.calls.find((call) => call.name === 'OverlaySession')?.variables).toEqual({ sessionId: 'S1' });
  });

  it('follows sessionUpdated to the next product and ignores older notices', async () => {
    const client = createFakeClient({ OverlaySession: { node: overlaySession(1, [product('P1', '口红')]) }, EnabledPlugins: { installedPlugins: [] } });
    const { target } = render(OverlayStage, { sessionId: 'S1' }, { client });
    await settle();
    client.emit('OverlaySessionUpdated', { sessionUpdated: overlaySession(3, [product('P2', '眼影盘')]) });
    await settle();
    expect(text(target, '.title')).toBe('眼影盘');
    client.emit('OverlaySessionUpdated', { sessionUpdated: overlaySession(2, [product('P1', '口红')]) });
    await settle();
    expect(text(target, '.title')).toBe('眼影盘');
  });

  it('re-reads the session after a reconnect, so a change missed while down shows', async () => {
    let reads = 0;
    const client = createFakeClient({
      OverlaySession: () => {
        reads++;
        return { node: reads === 1 ? overlaySession(1, [product('P1', '口红')]) : overlaySession(4, [product('P3', '化妆刷套装')]) };
      },
      EnabledPlugins: { installedPlugins: [] },
    });
    const { target } = render(OverlayStage, { sessionId: 'S1' }, { client });
    await settle();
    expect(text(target, '.title')).toBe('口红');
    client.reconnect();
    await settle();
    expect(reads).toBe(2);
    expect(text(target, '.title')).toBe('化妆刷套装');
  });

  it('shows nothing when the show is not live', async () => {
    const client = createFakeClient({ OverlaySession: { node: overlaySession(1, [product('P1', '口红')], 'ENDED') }, EnabledPlugins: { installedPlugins: [] } });
    const { target } = render(OverlayStage, { sessionId: 'S1' }, { client });
    await settle();
    expect(target.querySelector('.product-card')).toBeNull();
  });

  it('shows nothing on stream when the API refuses the token, and says why in the console', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const refusing: Exchange = () => (operations$) =>
      pipe(
        operations$,
        filter((operation) => operation.kind === 'query'),
        map((operation) => ({
          operation,
          data: undefined,
          error: new CombinedError({ graphQLErrors: [{ message: 'Invalid or expired token', extensions: { code: 'UNAUTHENTICATED' } }] }),
          stale: false,
          hasNext: false,
        })),
      );
    const client = { ...createFakeClient({}), urql: new Client({ url: 'http://fake.test/graphql', exchanges: [refusing], requestPolicy: 'network-only' }) };
    const { target } = render(OverlayStage, { sessionId: 'S1' }, { client });
    await settle();
    expect(target.querySelector('.product-card')).toBeNull();
    expect(target.querySelector('.widgets')).toBeNull();
    expect(logged.mock.calls.flat().join(' ')).toContain('the overlay token was refused (UNAUTHENTICATED: Invalid or expired token)');
  });

  it('takes the card off stream when the socket refuses a revoked token', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let refuse: (() => void) | undefined;
    const base = createFakeClient({ OverlaySession: { node: overlaySession(1, [product('P1', '口红')]) }, EnabledPlugins: { installedPlugins: [] } });
    const client = {
      ...base,
      onUnauthorized: (listener: () => void) => {
        refuse = listener;
        return () => undefined;
      },
    };
    const { target } = render(OverlayStage, { sessionId: 'S1' }, { client });
    await settle();
    expect(target.querySelector('.product-card')).not.toBeNull();
    refuse?.();
    await settle();
    expect(target.querySelector('.product-card')).toBeNull();
    expect(logged).toHaveBeenCalledOnce();
  });
});
