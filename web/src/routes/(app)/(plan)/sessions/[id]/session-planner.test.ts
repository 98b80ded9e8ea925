import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { locale } from '$lib/i18n/locale.svelte.js';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';
import type { PlannerSession } from './planner-documents.js';
import SessionPlanner from './SessionPlanner.svelte';

const money = (amount: number) => ({ amount, currency: 'CNY' });

function segment(id: string, position: number, title: string, offsetMinutes: number, minutes: number, kind: PlannerSession['segments'][number]['kind'] = 'PRODUCT_PITCH') {
  return { id, position, kind, title, plannedOffsetSeconds: offsetMinutes * 60, plannedDurationSeconds: minutes * 60, talkingPoints: [`${title} 要点`], cues: [], products: [] };
}

/** A scheduled show 20:00-21:00 in Shanghai, planned back to back to 20:55. */
function plannerSession(overrides: Partial<PlannerSession> = {}): PlannerSession {
  return {
    __typename: 'LiveSession',
    id: 'S1',
    title: '双十二美妆节主场',
    status: 'SCHEDULED',
    platform: 'DOUYIN',
    roomUrl: null,
    scheduledStart: '2026-11-27T12:00:00.000Z',
    scheduledEnd: '2026-11-27T13:00:00.000Z',
    actualStart: null,
    actualEnd: null,
    cancelReason: null,
    version: 7,
    campaign: { id: 'C1', name: '双十二美妆节', startsAt: '2026-11-20T00:00:00.000Z', endsAt: '2026-12-13T00:00:00.000Z' },
    segments: [segment('A', 0, '开场暖场', 0, 10, 'WARM_UP'), segment('B', 1, '口红专场', 10, 25), segment('C', 2, '精华秒杀', 35, 20, 'FLASH_SALE')],
    lineup: [
      {
        id: 'L1',
        position: 0,
        confirmed: true,
        confirmedAt: '2026-11-26T06:34:00.000Z',
        deliveryPromise: '48小时内发货',
        stockReserved: 200,
        confirmedBy: { id: 'M1', displayName: 'Lina' },
        livePrice: money(6900),
        product: { id: 'P1', title: '丝绒雾面口红', sku: 'BB-LIP-01', brand: 'Bloom', stock: 1200, imageUrls: [], price: money(8900), listPrice: money(12900) },
      },
    ],
    stockWarnings: [],
    hosts: [{ id: 'SH1', role: 'MAIN', host: { id: 'H1', name: '小雅', avatarUrl: null } }],
    checklist: [],
    warmUpPosts: [],
    goalPacing: [],
    ...overrides,
  } as PlannerSession;
}

const ok = (typename: string, payload: Record<string, unknown>) => ({ __typename: typename, ...payload });

/** A fake API that keeps the session: reorders and offset updates show in the next read. */
function plannerClient(session: PlannerSession, extra: Record<string, unknown> = {}) {
  let current = session;
  return createFakeClient({
    SessionPlanner: () => ({ node: current }),
    EnabledPlugins: { installedPlugins: [] },
    PlannerReorderSegments: (variables) => {
      const ids = (variables.input as { segmentIds: string[] }).segmentIds;
      current = { ...current, version: current.version + 1, segments: ids.map((id, position) => ({ ...current.segments.find((other) => other.id === id)!, position })) };
      return { reorderSegments: ok('ReorderSegmentsPayload', { session: { id: current.id, version: current.version } }) };
    },
    PlannerUpdateSegment: (variables) => {
      const input = variables.input as { id: string; plannedOffsetSeconds?: number };
      current = { ...current, segments: current.segments.map((other) => (other.id === input.id ? { ...other, ...input } : other)) };
      return { updateSegment: ok('UpdateSegmentPayload', { segment: { id: input.id, plannedOffsetSeconds: input.plannedOffsetSeconds ?? 0 } }) };
    },
    ...(extra as Record<string, never>),
  });
}

function mount(session: PlannerSession, client = plannerClient(session), workspace = testWorkspace(), search = '') {
  const view = render(SessionPlanner, { id: session.id, url: new URL(`http://localhost/sessions/${session.id}${search}`), ondeleted: () => undefined }, { client, workspace });
  return { ...view, client };
}

const rows = (target: HTMLElement) => Array.from(target.querySelectorAll<HTMLTableRowElement>('tr[data-segment]'));

beforeAll(() => locale.set('en'));
afterEach(cleanup);

describe('session planner: run of show', () => {
  it('renders the segments in order with clock times in the organization zone and the slot balance', async () => {
    const { target } = mount(plannerSession());
    await settle();
    const shown = rows(target);
    expect(shown.map((row) => row.dataset.segment)).toEqual(['A', 'B', 'C']);
    expect(shown.map((row) => row.querySelector('.clock .num')?.textContent)).toEqual(['20:00', '20:10', '20:35']);
    expect(shown[1]!.textContent).toContain('口红专场 要点');
    expect(target.querySelector('h1')?.textContent).toBe('双十二美妆节主场');
    // 55 planned minutes in a 60-minute slot.
    expect(target.textContent).toContain('5:00 of the slot is not planned yet.');
  });

  it('moving a segment up from the keyboard sends reorderSegments with the new order and writes back the start times', async () => {
    const { target, client } = mount(plannerSession());
    await settle();
    const handle = target.querySelector<HTMLButtonElement>('[data-handle="C"]')!;
    handle.focus();
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    flushSync();
    // The row moves before the server answers.
    expect(rows(target).map((row) => row.dataset.segment)).toEqual(['A', 'C', 'B']);
    await settle();
    const reorder = client.calls.find((call) => call.name === 'PlannerReorderSegments');
    expect(reorder?.variables).toEqual({ input: { sessionId: 'S1', segmentIds: ['A', 'C', 'B'] } });
    // C (20 min) now starts after A; B starts after C.
    const offsets = client.calls.filter((call) => call.name === 'PlannerUpdateSegment').map((call) => call.variables.input);
    expect(offsets).toEqual([
      { id: 'C', plannedOffsetSeconds: 600 },
      { id: 'B', plannedOffsetSeconds: 1800 },
    ]);
    expect(document.activeElement).toBe(target.querySelector('[data-handle="C"]'));
    expect(target.textContent).toContain('“精华秒杀” moved to position 2 of 3.');
    // After the server's answer the order and times hold: C at 20:10, B at 20:30.
    expect(rows(target).map((row) => row.dataset.segment)).toEqual(['A', 'C', 'B']);
    expect(rows(target).map((row) => row.querySelector('.clock .num')?.textContent)).toEqual(['20:00', '20:10', '20:30']);
    expect(target.textContent).not.toContain('do not follow this order');
  });

  it('key presses made while a move is saving are saved after it, in order', async () => {
    const { target, client } = mount(plannerSession());
    await settle();
    const handle = target.querySelector<HTMLButtonElement>('[data-handle="A"]')!;
    handle.focus();
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    flushSync();
    target.querySelector<HTMLButtonElement>('[data-handle="A"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    flushSync();
    expect(rows(target).map((row) => row.dataset.segment)).toEqual(['B', 'C', 'A']);
    await settle(12);
    const orders = client.calls.filter((call) => call.name === 'PlannerReorderSegments').map((call) => (call.variables.input as { segmentIds: string[] }).segmentIds);
    expect(orders).toEqual([
      ['B', 'A', 'C'],
      ['B', 'C', 'A'],
    ]);
    expect(rows(target).map((row) => row.dataset.segment)).toEqual(['B', 'C', 'A']);
    // B 25 min, C 20 min, A 10 min: 20:00, 20:25, 20:45, and nothing left out of sequence.
    expect(rows(target).map((row) => row.querySelector('.clock .num')?.textContent)).toEqual(['20:00', '20:25', '20:45']);
    expect(target.textContent).not.toContain('do not follow this order');
  });

  it('the down button moves a segment, and a refused reorder puts the rows back and says why', async () => {
    const session = plannerSession();
    const client = plannerClient(session, {
      PlannerReorderSegments: { reorderSegments: { __typename: 'ConflictError', code: 'CONFLICT', message: 'Cannot change the run-of-show while the session is ENDED' } },
    });
    const { target } = mount(session, client);
    await settle();
    target.querySelector<HTMLButtonElement>('button[aria-label="Move “开场暖场” down"]')!.click();
    await settle();
    expect(client.calls.find((call) => call.name === 'PlannerReorderSegments')?.variables).toEqual({ input: { sessionId: 'S1', segmentIds: ['B', 'A', 'C'] } });
    expect(rows(target).map((row) => row.dataset.segment)).toEqual(['A', 'B', 'C']);
    expect(target.querySelector('[role="alert"]')?.textContent).toContain('Cannot change the run-of-show while the session is ENDED');
    expect(client.calls.some((call) => call.name === 'PlannerUpdateSegment')).toBe(false);
  });

  it('shows a refused field next to its input in the segment editor', async () => {
    const session = plannerSession();
    const client = plannerClient(session, {
      PlannerUpdateSegment: {
        updateSegment: { __typename: 'ValidationError', code: 'VALIDATION', message: 'Input is invalid', issues: [{ path: ['input', 'plannedDurationSeconds'], message: 'must be at most 24 hours' }] },
      },
    });
    const { target } = mount(session, client);
    await settle();
    target.querySelector<HTMLButtonElement>('button[aria-label="Edit “口红专场”"]')!.click();
    flushSync();
    const duration = Array.from(target.querySelectorAll('.segment-editor label')).find((label) => label.textContent?.startsWith('Duration'))!;
    const input = duration.querySelector('input')!;
    expect(input.value).toBe('25:00');
    input.value = '1500:00';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    target.querySelector<HTMLFormElement>('.segment-editor')!.requestSubmit();
    await settle();
    const update = client.calls.find((call) => call.name === 'PlannerUpdateSegment');
    expect(update?.variables.input).toMatchObject({ id: 'B', title: '口红专场', plannedDurationSeconds: 90000, kind: 'PRODUCT_PITCH' });
    expect(duration.querySelector('.field-error')?.textContent).toBe('must be at most 24 hours');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // The editor stays open with what was typed.
    expect(input.value).toBe('1500:00');
  });

  it('warns when the plan over-runs the slot', async () => {
    const { target } = mount(plannerSession({ segments: [segment('A', 0, '暖场', 0, 40, 'WARM_UP'), segment('B', 1, '讲品', 40, 30)] }));
    await settle();
    expect(target.textContent).toContain('The plan runs 10:00 past the end of the slot.');
    expect(rows(target)[1]!.classList.contains('overrun')).toBe(true);
  });

  it('reads again when another operator changes the session, and not for an older echo', async () => {
    const { client } = mount(plannerSession());
    await settle();
    const reads = () => client.calls.filter((call) => call.name === 'SessionPlanner').length;
    expect(reads()).toBe(1);
    client.emit('PlannerSessionUpdated', { sessionUpdated: { id: 'S1', version: 7 } });
    await settle();
    expect(reads()).toBe(1);
    client.emit('PlannerSessionUpdated', { sessionUpdated: { id: 'S1', version: 8 } });
    await settle();
    expect(reads()).toBe(2);
  });

  it('members who only read see the script without editing controls', async () => {
    const { target } = mount(plannerSession(), undefined, testWorkspace({ canEdit: false, me: { id: 'M9', displayName: 'Xiaoya', email: 'x@example.com', role: 'HOST' } }));
    await settle();
    expect(rows(target)).toHaveLength(3);
    expect(target.querySelector('[data-handle]')).toBeNull();
    expect(target.textContent).not.toContain('Add segment');
    expect(target.textContent).not.toContain('OBS overlay');
  });

  it('says so when the id is not a session', async () => {
    const client = createFakeClient({ SessionPlanner: { node: null }, EnabledPlugins: { installedPlugins: [] } });
    const { target } = mount(plannerSession(), client);
    await settle();
    expect(target.textContent).toContain('Session not found');
  });
});

describe('session planner: other sections', () => {
  it('offers to align stored start times that do not follow the order', async () => {
    const session = plannerSession({ segments: [segment('A', 0, '开场暖场', 0, 10, 'WARM_UP'), segment('B', 1, '口红专场', 15, 25)] });
    const { target, client } = mount(session);
    await settle();
    expect(target.textContent).toContain('Stored start times of 1 segments do not follow this order');
    Array.from(target.querySelectorAll('button')).find((button) => button.textContent === 'Align start times')!.click();
    await settle();
    expect(client.calls.filter((call) => call.name === 'PlannerUpdateSegment').map((call) => call.variables.input)).toEqual([{ id: 'B', plannedOffsetSeconds: 600 }]);
    expect(target.textContent).not.toContain('do not follow this order');
  });

  it('confirms a lineup item with the terms as typed, the price in minor units', async () => {
    const session = plannerSession();
    const client = plannerClient(session, {
      PlannerConfirmLineupItem: { confirmLineupItem: ok('ConfirmLineupItemPayload', { lineupItem: { id: 'L1', confirmed: true } }) },
    });
    const { target } = mount(session, client, testWorkspace(), '?tab=lineup');
    await settle();
    const price = target.querySelector<HTMLInputElement>('input[aria-label="Live price · 丝绒雾面口红"]')!;
    expect(price.value).toBe('69');
    price.value = '65.5';
    price.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(target.textContent).toContain('Unsaved changes');
    Array.from(target.querySelectorAll('button')).find((button) => button.textContent === 'Save & confirm')!.click();
    await settle();
    expect(client.calls.find((call) => call.name === 'PlannerConfirmLineupItem')?.variables).toEqual({
      input: { id: 'L1', livePriceAmount: 6550, stockReserved: 200, deliveryPromise: '48小时内发货' },
    });
  });

  it('refuses to confirm without a price and says so next to it', async () => {
    const { target, client } = mount(plannerSession(), undefined, testWorkspace(), '?tab=lineup');
    await settle();
    const price = target.querySelector<HTMLInputElement>('input[aria-label="Live price · 丝绒雾面口红"]')!;
    price.value = '';
    price.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    Array.from(target.querySelectorAll('button')).find((button) => button.textContent === 'Save & confirm')!.click();
    flushSync();
    expect(price.closest('td')?.querySelector('.field-error')?.textContent).toBe('Enter a price in CNY');
    expect(client.calls.some((call) => call.name === 'PlannerConfirmLineupItem')).toBe(false);
  });
});

describe('session planner: header', () => {
  it('scheduling keeps the next step in the last place, where the pointer that pressed it rests', async () => {
    let status: PlannerSession['status'] = 'DRAFT';
    const client = createFakeClient({
      SessionPlanner: () => ({ node: plannerSession({ status }) }),
      EnabledPlugins: { installedPlugins: [] },
      PlannerScheduleSession: () => {
        status = 'SCHEDULED';
        return { scheduleSession: ok('ScheduleSessionPayload', { session: { id: 'S1', status } }) };
      },
    });
    const { target } = mount(plannerSession({ status }), client);
    await settle();
    const actions = () => [...target.querySelectorAll('.planner-header .actions > *')].map((action) => action.textContent?.trim());
    expect(actions().at(-1)).toBe('Schedule');
    [...target.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Schedule')!.click();
    await settle();
    expect(client.calls.find((call) => call.name === 'PlannerScheduleSession')?.variables).toEqual({ input: { id: 'S1' } });
    expect(actions().at(-1)).toBe('● Go live');
    expect(actions()).toContain('Edit details');
  });
});
