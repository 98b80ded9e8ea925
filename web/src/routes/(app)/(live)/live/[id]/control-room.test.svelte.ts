import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';
import ControlRoom from './ControlRoom.svelte';

// Charts draw on a canvas jsdom lacks; the fake records what would be drawn.
const drawn = vi.hoisted(() => [] as unknown[]);
vi.mock('$lib/charts/echarts.js', () => ({
  init: () => ({ setOption: (option: unknown) => drawn.push(option), resize: () => undefined, dispose: () => undefined }),
}));

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const started = new Date(Date.now() - 5 * 60_000).toISOString();

const segment = (id: string, position: number, title: string) => ({
  id,
  position,
  kind: 'PRODUCT_PITCH',
  title,
  plannedOffsetSeconds: position * 600,
  plannedDurationSeconds: 600,
  talkingPoints: ['先讲成分'],
  cues: [{ atSeconds: 120, text: '上链接' }],
  products: [{ id: 'P1', title: '玻尿酸精华', imageUrls: [], sellingPoints: ['补水'], price: cny(19_900), listPrice: cny(29_900) }],
});

const session = (overrides: Record<string, unknown> = {}) => ({
  __typename: 'LiveSession',
  id: 'S1',
  version: 5,
  title: '双十二主场',
  status: 'LIVE',
  platform: 'DOUYIN',
  autoAdvance: false,
  scheduledStart: started,
  scheduledEnd: new Date(Date.now() + 55 * 60_000).toISOString(),
  actualStart: started,
  actualEnd: null,
  currentSegmentSince: started,
  updatedAt: started,
  hosts: [{ id: 'SH1', role: 'MAIN', host: { id: 'H1', name: '小雅' } }],
  currentSegment: segment('G1', 0, '开场福利'),
  nextSegment: { id: 'G2' },
  segments: [segment('G1', 0, '开场福利'), segment('G2', 1, '精华讲解')],
  lineup: [{ id: 'L1', position: 0, stockReserved: 100, livePrice: cny(15_900), product: { id: 'P1', title: '玻尿酸精华', sku: 'SK-1', stock: 400, price: cny(19_900) } }],
  stockWarnings: [],
  ...overrides,
});

const metrics = (version: number, onlineNow: number, gmv: number) => ({
  version,
  updatedAt: new Date().toISOString(),
  onlineNow,
  peakOnline: Math.max(onlineNow, 2000),
  uv: 5000,
  pv: 9000,
  gmvPaid: cny(gmv),
  gmvCreated: cny(gmv + 10_000),
  conversionRate: 0.031,
  gpm: cny(4_500),
  uvValue: cny(250),
  ordersPaid: 42,
  ordersCreated: 50,
  buyers: 40,
  aov: cny(15_900),
  likes: 800,
  comments: 120,
  follows: 33,
  productCtr: 0.12,
  products: [{ product: { id: 'P1' }, impressions: 1000, clicks: 120, ctr: 0.12, units: 42, orders: 42, gmvPaid: cny(gmv) }],
});

const alert = { id: 'A1', version: 1, active: true, condition: 'DROP_PERCENT', metric: 'ONLINE_VIEWERS', value: 35, threshold: 30, messageEn: 'Online viewers dropped 35%', messageZh: '在线人数下降 35%', firedAt: new Date().toISOString(), acknowledgedAt: null, acknowledgedBy: null, clearedAt: null };

function controlRoomClient(answers: Record<string, unknown> = {}) {
  return createFakeClient({
    ControlRoom: { node: { ...session(), liveMetrics: { ...metrics(3, 1234, 5_000_000), series: [{ metric: 'ONLINE_MAX', minute: started, value: 900 }] }, alerts: [] } },
    ControlRoomPulse: { node: { __typename: 'LiveSession', id: 'S1', goalPacing: [], simulation: null } },
    EnabledPlugins: { installedPlugins: [] },
    ...(answers as Record<string, Record<string, unknown>>),
  });
}

const tile = (target: HTMLElement, metric: string) => target.querySelector(`[data-metric="${metric}"] .value`)?.textContent?.trim();

beforeEach(() => {
  drawn.length = 0;
  globalThis.ResizeObserver ??= class {
    observe() {}
    disconnect() {}
    unobserve() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

describe('control room', () => {
  it('shows the live numbers, the segment on air and the lineup', async () => {
    const client = controlRoomClient();
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    expect(target.querySelector('h1')?.textContent).toBe('双十二主场');
    expect(tile(target, 'online')).toBe('1,234');
    expect(tile(target, 'gmv')).toMatch(/¥50,000\.00$/);
    expect(tile(target, 'conversion')).toBe('3.10%');
    expect(target.querySelector('.current .title')?.textContent).toBe('开场福利');
    expect(target.querySelector('tbody tr.on-air th')?.textContent).toContain('玻尿酸精华');
    expect(client.calls.find((call) => call.name === 'ControlRoom')?.variables).toEqual({ id: 'S1' });
  });

  it('takes metric ticks with a higher version only, and extends the chart', async () => {
    const client = controlRoomClient();
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    client.emit('ControlRoomMetricsTick', { sessionMetrics: metrics(4, 1500, 5_200_000) });
    await settle();
    expect(tile(target, 'online')).toBe('1,500');
    expect(tile(target, 'gmv')).toMatch(/¥52,000\.00$/);
    client.emit('ControlRoomMetricsTick', { sessionMetrics: metrics(2, 10, 1) });
    await settle();
    expect(tile(target, 'online')).toBe('1,500');
    // Each chart got the new point merged in: the latest option of each ends with the tick's numbers.
    const latest = (name: string) =>
      (drawn as { series: { name: string; data: [number, number][] }[] }[]).filter((option) => option.series[0]?.name === name).at(-1)?.series[0]?.data.at(-1)?.[1];
    expect(latest('Online viewers')).toBe(1500);
    expect(latest('GMV (CNY)')).toBe(52_000);
  });

  it('Next sends advanceSegment and shows the segment the API put on air; N does the same', async () => {
    const advanced = session({ version: 6, currentSegment: segment('G2', 1, '精华讲解'), nextSegment: null });
    const client = controlRoomClient({ AdvanceSegment: { advanceSegment: { __typename: 'AdvanceSegmentPayload', session: advanced } } });
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    const next = [...target.querySelectorAll('button')].find((button) => button.textContent?.includes('Next segment'))!;
    next.click();
    await settle();
    expect(client.calls.filter((call) => call.name === 'AdvanceSegment').map((call) => call.variables)).toEqual([{ input: { sessionId: 'S1', direction: 'NEXT' } }]);
    expect(target.querySelector('.current .title')?.textContent).toBe('精华讲解');

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
    await settle();
    expect(client.calls.filter((call) => call.name === 'AdvanceSegment').at(-1)?.variables).toEqual({ input: { sessionId: 'S1', direction: 'PREVIOUS' } });
  });

  it('shows why a step was refused', async () => {
    const client = controlRoomClient({
      AdvanceSegment: { advanceSegment: { __typename: 'ConflictError', code: 'CONFLICT', message: 'Cannot go to the next segment: this is the last segment' } },
    });
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    [...target.querySelectorAll('button')].find((button) => button.textContent?.includes('Next segment'))!.click();
    await settle();
    expect(target.querySelector('[role="alert"].alert-box')?.textContent).toContain('this is the last segment');
  });

  it('announces an alert that fires and lets an operator acknowledge it', async () => {
    const client = controlRoomClient({
      AcknowledgeAlert: { acknowledgeAlert: { __typename: 'AcknowledgeAlertPayload', alert: { ...alert, version: 2, acknowledgedAt: new Date().toISOString(), acknowledgedBy: { id: 'M1', displayName: 'Lina' } } } },
    });
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    client.emit('ControlRoomAlerts', { alerts: { version: 1, alert } });
    await settle();
    expect(target.querySelector('[aria-live="assertive"]')?.textContent).toBe('Online viewers dropped 35%');
    expect(target.querySelector('.alert.danger')).not.toBeNull();
    [...target.querySelectorAll('button')].find((button) => button.textContent?.includes('Acknowledge'))!.click();
    await settle();
    expect(client.calls.find((call) => call.name === 'AcknowledgeAlert')?.variables).toEqual({ input: { id: 'A1' } });
    expect(target.querySelector('.alert')?.textContent).toContain('Seen by Lina');
  });

  it('re-reads everything after a reconnect', async () => {
    let reads = 0;
    const client = controlRoomClient({
      ControlRoom: () => {
        reads++;
        return { node: { ...session({ version: 5 + reads }), liveMetrics: { ...metrics(3 + reads, 1000 * reads, 100), series: [] }, alerts: [] } };
      },
    });
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    expect(tile(target, 'online')).toBe('1,000');
    client.reconnect();
    await settle();
    expect(reads).toBe(2);
    expect(tile(target, 'online')).toBe('2,000');
  });

  it('hides controls from members who cannot edit', async () => {
    const client = controlRoomClient();
    const workspace = testWorkspace({ canEdit: false, me: { id: 'M2', displayName: 'Host', email: 'h@example.com', role: 'HOST' } });
    const { target } = render(ControlRoom, { id: 'S1' }, { client, workspace });
    await settle();
    const labels = [...target.querySelectorAll('button')].map((button) => button.textContent?.trim());
    expect(labels.some((label) => label?.includes('Next segment'))).toBe(false);
    expect(labels.some((label) => label?.includes('End the show'))).toBe(false);
    expect(target.querySelector('a[href$="?tab=overlay"]')).toBeNull();
    expect(target.querySelector('a[href$="/review"]')).not.toBeNull();
    expect(tile(target, 'online')).toBe('1,234');
  });

  it('starts a scheduled show and shows the plugins\' warnings', async () => {
    const scheduled = session({ status: 'SCHEDULED', actualStart: null, currentSegment: null, currentSegmentSince: null, nextSegment: { id: 'G1' } });
    const client = controlRoomClient({
      ControlRoom: { node: { ...scheduled, liveMetrics: { ...metrics(0, 0, 0), series: [] }, alerts: [] } },
      StartSession: { startSession: { __typename: 'StartSessionPayload', warnings: ['Giveaway “开场福袋” is still a draft'], session: session({ version: 6 }) } },
    });
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    // No audience event yet (version 0): the charts wait instead of drawing a lone zero.
    expect(target.textContent).toContain('The lines start with the first audience events.');
    [...target.querySelectorAll('button')].find((button) => button.textContent?.includes('Start the show'))!.click();
    await settle();
    expect(client.calls.find((call) => call.name === 'StartSession')?.variables).toEqual({ input: { id: 'S1' } });
    expect(target.querySelector('.alert-box.warn')?.textContent).toContain('is still a draft');
    expect(target.querySelector('.current .title')?.textContent).toBe('开场福利');
  });

  it('re-reads the simulator when the numbers move, not only on its timer', async () => {
    let reads = 0;
    const client = controlRoomClient({
      ControlRoomPulse: () => {
        reads++;
        const simulation = { running: true, viewers: 800, durationSeconds: 1800, elapsedSeconds: 60 * reads, online: 100 * reads, eventsSent: 1000 * reads, stopReason: null };
        return { node: { __typename: 'LiveSession', id: 'S1', goalPacing: [], simulation } };
      },
    });
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    expect(target.querySelector('.simulator .figures')?.textContent?.trim()).toBe('1,000 events sent · 1:00 of 30:00');
    client.emit('ControlRoomMetricsTick', { sessionMetrics: metrics(4, 1500, 5_200_000) });
    await settle();
    expect(reads).toBe(2);
    expect(target.querySelector('.simulator .figures')?.textContent?.trim()).toBe('2,000 events sent · 2:00 of 30:00');
    // A burst of ticks within the interval waits for one read at its end instead of one each.
    client.emit('ControlRoomMetricsTick', { sessionMetrics: metrics(5, 1600, 5_300_000) });
    client.emit('ControlRoomMetricsTick', { sessionMetrics: metrics(6, 1700, 5_400_000) });
    await settle();
    expect(reads).toBe(2);
  });

  it('shows stock left of the reservation, or of the units on hand when nothing is reserved', async () => {
    const lineup = [
      { id: 'L1', position: 0, stockReserved: 100, livePrice: cny(15_900), product: { id: 'P1', title: '玻尿酸精华', sku: 'SK-1', stock: 400, price: cny(19_900) } },
      { id: 'L2', position: 1, stockReserved: 0, livePrice: null, product: { id: 'P2', title: '口红', sku: 'SK-2', stock: 300, price: cny(12_990) } },
    ];
    const client = controlRoomClient({ ControlRoom: { node: { ...session({ lineup }), liveMetrics: { ...metrics(3, 1234, 5_000_000), series: [] }, alerts: [] } } });
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    const stock = [...target.querySelectorAll('.products tbody td.stock')].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim());
    expect(stock).toEqual(['58 of 100 reserved', '300']);
  });

  it('re-reads the numbers when the show ends and shows nobody online, with the peak', async () => {
    let reads = 0;
    const client = controlRoomClient({
      ControlRoom: () => {
        reads++;
        const ended = reads > 1 ? { status: 'ENDED', version: 7, actualEnd: new Date().toISOString(), currentSegment: null, nextSegment: null } : {};
        return { node: { ...session(ended), liveMetrics: { ...metrics(3 + reads, 39, 100), peakOnline: 40 + reads, series: [] }, alerts: [] } };
      },
    });
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    expect(tile(target, 'online')).toBe('39');
    client.emit('ControlRoomSessionUpdated', { sessionUpdated: session({ status: 'ENDED', version: 6, actualEnd: new Date().toISOString(), currentSegment: null, nextSegment: null }) });
    await settle();
    expect(reads).toBe(2);
    expect(tile(target, 'online')).toBe('—');
    expect(target.querySelector('[data-metric="online"] .sub')?.textContent).toBe('Off air · peak 42');
    expect(target.querySelector('#live-numbers-heading')?.textContent).toBe('Final numbers');
    expect(target.textContent).toContain('The numbers below are final.');
  });

  it('says why goal pace is missing when its read fails, instead of claiming there are no targets', async () => {
    const client = controlRoomClient({ ControlRoomPulse: undefined });
    const { target } = render(ControlRoom, { id: 'S1' }, { client });
    await settle();
    const side = target.querySelector('.column.side')!;
    expect(side.querySelector('.alert-box.error')?.textContent).toContain('no fake answer for ControlRoomPulse');
  });

  it('says so when the session does not exist', async () => {
    const client = controlRoomClient({ ControlRoom: { node: null } });
    const { target } = render(ControlRoom, { id: 'nope' }, { client });
    await settle();
    expect(target.textContent).toContain('Session not found');
  });
});
