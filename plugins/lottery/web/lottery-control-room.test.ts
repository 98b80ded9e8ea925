import type { WidgetLocale } from '@broadcart/plugin-sdk';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import LotteryControlRoom from './LotteryControlRoom.svelte';
import { FakeWidgetClient, renderWidget, settle, unmountWidgets } from './testing/fake-widget-client.js';
import { controlGiveaway, notice, page } from './testing/giveaways.js';
import type { ControlGiveaway, SessionStatus } from './types.js';

const SESSION = 'TGl2ZVNlc3Npb246MQ==';

async function renderControlRoom(
  giveaways: ControlGiveaway[],
  locale: WidgetLocale = 'en',
  sessionStatus: SessionStatus = 'LIVE',
): Promise<{ client: FakeWidgetClient; target: HTMLElement }> {
  const client = new FakeWidgetClient()
    .answer('LotteryControlRoomGiveaways', () => page(giveaways))
    .answer('LotteryControlRoomSession', () => ({ node: { id: SESSION, status: sessionStatus, version: 3 } }));
  return { client, target: await renderWidget(LotteryControlRoom, client, locale, SESSION) };
}

function text(element: Element): string {
  return element.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The control labelled `label` (the label's own text, before the control's). */
function field<E extends HTMLElement = HTMLInputElement>(scope: Element, label: string): E {
  const found = [...scope.querySelectorAll('label')].find((element) => element.firstChild?.textContent?.trim() === label || text(element) === label);
  const control = found?.querySelector('input, select');
  if (!control) throw new Error(`no control labelled ${label}`);
  return control as unknown as E;
}

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

function button(scope: Element, name: string): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((element) => text(element) === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-06-01T12:00:00.000Z'));
});

afterEach(() => {
  unmountWidgets();
  vi.useRealTimers();
});

describe('LotteryControlRoom', () => {
  test('lists the session giveaways with status, entrants and countdown', async () => {
    const { client, target } = await renderControlRoom([
      controlGiveaway({ id: 'a', title: 'Tea set', status: 'OPEN', entrantCount: 1500, closesAt: '2025-06-01T12:02:05.000Z', createdAt: '2025-06-01T11:50:00.000Z' }),
      controlGiveaway({ id: 'b', title: 'Mug', status: 'DRAFT', entryDurationSeconds: null, createdAt: '2025-06-01T11:58:00.000Z' }),
    ]);
    const items = [...target.querySelectorAll('article.giveaway')];
    expect(items.map((item) => item.querySelector('h3')?.textContent)).toEqual(['Mug', 'Tea set']);
    const [mug, tea] = items as [Element, Element];
    expect(text(mug)).toContain('Draft');
    expect(text(mug)).toContain('Closed by hand');
    expect(text(tea)).toContain('Open');
    expect(text(tea.querySelector('.entrants')!)).toBe('1,500');
    expect(text(tea.querySelector('.countdown')!)).toBe('2:05');

    vi.advanceTimersByTime(5_000);
    flushSync();
    expect(text(tea.querySelector('.countdown')!)).toBe('2:00');

    client.push(notice(controlGiveaway({ id: 'a', title: 'Tea set', status: 'OPEN', version: 2, entrantCount: 1700, closesAt: '2025-06-01T12:02:05.000Z', createdAt: '2025-06-01T11:50:00.000Z' })));
    expect(text(tea.querySelector('.entrants')!)).toBe('1,700');
  });

  test('creates a giveaway with the value in minor units and shows a typed validation error with its path', async () => {
    const { client, target } = await renderControlRoom([]);
    client.answer('CreateLotteryGiveaway', () => ({
      createLotteryGiveaway: {
        __typename: 'ValidationError',
        code: 'VALIDATION',
        message: 'input.entryDurationSeconds: must be at most 3600',
        issues: [{ path: ['input', 'entryDurationSeconds'], message: 'must be at most 3600' }],
      },
    }));
    const form = target.querySelector('form')!;
    type(field(form, 'Title'), '  Summer tea  ');
    type(field(form, 'Prize'), 'Tea set');
    type(field(form, 'Quantity (winners)'), '3');
    type(field(form, 'Value each (yuan)'), '19.9');
    type(field(form, 'Keyword (口令, optional)'), '我要茶具');
    type(field(form, 'Entry time (seconds)'), '7200');
    field(form, 'Followers only').click();
    field(form, 'Weighted draw').click();
    flushSync();
    type(field(form, 'Fan club member weight (1-100)'), '5');
    const source = field<HTMLSelectElement>(form, 'Public randomness');
    source.value = 'SALT';
    source.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();

    form.requestSubmit();
    await settle();

    const [sent] = client.requestsOf('CreateLotteryGiveaway');
    expect(sent?.variables).toEqual({
      input: {
        sessionId: SESSION,
        title: 'Summer tea',
        mode: 'WEIGHTED',
        winnerCount: 3,
        prizes: [{ name: 'Tea set', quantity: 3, valueAmount: 1990, currency: 'CNY' }],
        conditions: { keyword: '我要茶具', requireFollower: true, requireFanClub: false, minWatchMinutes: null, requirePurchase: false, regions: [] },
        exclusions: { excludeStaff: true, excludeBlocked: true, excludeEarlierWinners: 'SESSION' },
        weights: { fanClubMember: 5, follower: 1 },
        entryDurationSeconds: 7200,
        publicValueSource: 'SALT',
      },
    });
    const alert = form.querySelector('[role="alert"]');
    expect(text(alert!)).toBe('must be at most 3600 (at input.entryDurationSeconds)');
  });

  test('refuses a value that is not yuan before sending anything', async () => {
    const { client, target } = await renderControlRoom([]);
    const form = target.querySelector('form')!;
    type(field(form, 'Value each (yuan)'), '19.999');
    form.requestSubmit();
    await settle();
    expect(client.requestsOf('CreateLotteryGiveaway')).toHaveLength(0);
    expect(text(form.querySelector('[role="alert"]')!)).toContain('input.prizes.0.valueAmount');
  });

  test('adds the created giveaway to the list and shows thrown errors next to the form', async () => {
    const { client, target } = await renderControlRoom([]);
    const created = controlGiveaway({ id: 'new', title: 'Mug' });
    client.answer('CreateLotteryGiveaway', () => ({ createLotteryGiveaway: { __typename: 'CreateLotteryGiveawayPayload', giveaway: created } }));
    const form = target.querySelector('form')!;
    type(field(form, 'Value each (yuan)'), '5');
    form.requestSubmit();
    await settle();
    expect(target.querySelector('article.giveaway h3')?.textContent).toBe('Mug');
    expect(form.querySelector('[role="alert"]')).toBeNull();

    client.answer('CreateLotteryGiveaway', () => {
      throw new Error('Network request failed');
    });
    type(field(form, 'Value each (yuan)'), '5');
    form.requestSubmit();
    await settle();
    expect(text(form.querySelector('[role="alert"]')!)).toBe('Network request failed');
  });

  test('draws a SALT giveaway with the salt typed by the operator and shows the proof', async () => {
    const closed = controlGiveaway({ id: 'g', status: 'CLOSED', publicValueSource: 'SALT', entrantCount: 812, eligibleCount: 800, version: 4 });
    const { client, target } = await renderControlRoom([closed]);
    const item = target.querySelector('article.giveaway')!;

    button(item, 'Draw').click();
    await settle();
    expect(client.requestsOf('DrawLotteryGiveaway')).toHaveLength(0);
    expect(text(item.querySelector('[role="alert"]')!)).toContain('Enter the salt first.');

    const drawn = controlGiveaway({
      ...closed,
      status: 'DRAWN',
      version: 5,
      listHash: 'ab'.repeat(32),
      draws: [
        {
          id: 'd1',
          round: 1,
          seedCommitment: closed.seedCommitment,
          serverSeed: '5eed'.repeat(16),
          publicValue: 'moon-river-42',
          listHash: 'ab'.repeat(32),
          entrantCount: 800,
          nextSeedCommitment: 'ne'.repeat(32),
          proofUrl: '/plugins/lottery/draws/d1/proof.json',
          entrantListUrl: '/plugins/lottery/draws/d1/entrants.txt',
          drawnAt: '2025-06-01T12:00:00.000Z',
        },
      ],
      winners: [
        {
          id: 'w1',
          rank: 1,
          round: 1,
          status: 'PENDING_CLAIM',
          contactStatus: 'NONE',
          addressStatus: 'NONE',
          claimDeadline: '2025-06-02T12:00:00.000Z',
          viewer: { id: 'v1', platformUserId: 'dy_58213377104' },
          prize: { name: 'Tea set' },
        },
      ],
    });
    client.answer('DrawLotteryGiveaway', () => ({ drawLotteryGiveaway: { __typename: 'DrawLotteryGiveawayPayload', giveaway: drawn } }));
    type(field(item, 'Salt'), ' moon-river-42 ');
    button(item, 'Draw').click();
    await settle();

    expect(client.requestsOf('DrawLotteryGiveaway').map((request) => request.variables)).toEqual([{ input: { giveawayId: 'g', salt: 'moon-river-42' } }]);
    const proof = item.querySelector('.proof')!;
    expect(text(proof)).toContain(closed.seedCommitment);
    expect(text(proof)).toContain('ab'.repeat(32));
    expect(text(proof)).toContain('5eed'.repeat(16));
    expect(text(proof)).toContain('npx broadcart-verify-draw proof.json entrants.txt');
    const links = [...proof.querySelectorAll('a')].map((link) => [link.getAttribute('href'), link.getAttribute('download')]);
    expect(links).toEqual([
      ['/plugins/lottery/draws/d1/proof.json', 'proof.json'],
      ['/plugins/lottery/draws/d1/entrants.txt', 'entrants.txt'],
    ]);
    expect(text(item.querySelector('table')!)).toContain('dy_58213377104');
  });

  test('a BEACON draw sends no salt', async () => {
    const { client, target } = await renderControlRoom([controlGiveaway({ id: 'g', status: 'CLOSED' })]);
    client.answer('DrawLotteryGiveaway', () => ({ drawLotteryGiveaway: { __typename: 'ConflictError', code: 'CONFLICT', message: 'Not closed yet', conflictingIds: [] } }));
    const item = target.querySelector('article.giveaway')!;
    expect(item.querySelector('input[name="salt"]')).toBeNull();
    button(item, 'Draw').click();
    await settle();
    expect(client.requestsOf('DrawLotteryGiveaway').map((request) => request.variables)).toEqual([{ input: { giveawayId: 'g' } }]);
    expect(text(item.querySelector('[role="alert"]')!)).toBe('Not closed yet');
  });

  test('opens, closes and cancels through their mutations', async () => {
    const { client, target } = await renderControlRoom([controlGiveaway({ id: 'g', status: 'DRAFT' })]);
    client.answer('OpenLotteryGiveaway', () => ({
      openLotteryGiveaway: { giveaway: controlGiveaway({ id: 'g', status: 'OPEN', version: 2, closesAt: '2025-06-01T12:05:00.000Z' }) },
    }));
    client.answer('CloseLotteryGiveaway', () => ({ closeLotteryGiveaway: { giveaway: controlGiveaway({ id: 'g', status: 'CLOSED', version: 3 }) } }));
    const item = target.querySelector('article.giveaway')!;
    button(item, 'Open').click();
    await settle();
    expect(text(item.querySelector('.countdown')!)).toBe('5:00');
    button(item, 'Close').click();
    await settle();
    expect(text(item.querySelector('.status')!)).toBe('Closed');
    const mutations = client.requests.filter((request) => !request.operation.startsWith('LotteryControlRoom'));
    expect(mutations.map((request) => [request.operation, request.variables])).toEqual([
      ['OpenLotteryGiveaway', { input: { giveawayId: 'g' } }],
      ['CloseLotteryGiveaway', { input: { giveawayId: 'g' } }],
    ]);
  });

  test('changes a winner’s fulfilment status', async () => {
    const winner = {
      id: 'w1',
      rank: 1,
      round: 1,
      status: 'PENDING_CLAIM' as const,
      contactStatus: 'NONE' as const,
      addressStatus: 'NONE' as const,
      claimDeadline: null,
      viewer: { id: 'v1', platformUserId: 'dy_1' },
      prize: null,
    };
    const { client, target } = await renderControlRoom([controlGiveaway({ id: 'g', status: 'DRAWN', winners: [winner] })]);
    client.answer('UpdateLotteryWinner', () => ({ updateLotteryWinner: { winner: { ...winner, contactStatus: 'CONTACTED' } } }));
    const select = target.querySelector<HTMLSelectElement>('select[aria-label="Contact of winner #1"]')!;
    select.value = 'CONTACTED';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(client.requestsOf('UpdateLotteryWinner').map((request) => request.variables)).toEqual([{ input: { winnerId: 'w1', contactStatus: 'CONTACTED' } }]);
    expect(target.querySelector<HTMLSelectElement>('select[aria-label="Contact of winner #1"]')?.value).toBe('CONTACTED');
  });

  test('speaks Chinese in zh-CN', async () => {
    const { target } = await renderControlRoom([controlGiveaway({ status: 'OPEN', closesAt: '2025-06-01T12:01:00.000Z' })], 'zh-CN');
    const content = text(target);
    for (const expected of ['抽奖', '进行中', '参与人数', '剩余时间', '截止', '新建抽奖', '标题', '单价（元）', '口令（可选）', '仅限关注者', '创建抽奖', '¥199.00']) {
      expect(content).toContain(expected);
    }
    expect(content).not.toContain('Giveaway');
  });
});

describe('LotteryControlRoom after the session', () => {
  test('offers no new giveaway once the session has ended, says why, and still draws', async () => {
    const { target } = await renderControlRoom(
      [controlGiveaway({ id: 'draft', title: 'Mug', status: 'DRAFT' }), controlGiveaway({ id: 'closed', title: 'Tea set', status: 'CLOSED', createdAt: '2025-06-01T11:58:00.000Z' })],
      'en',
      'ENDED',
    );
    expect(target.querySelector('form')).toBeNull();
    expect(text(target)).toContain('The session has ended: giveaways can no longer be created or opened');
    const [closed, draft] = [...target.querySelectorAll('article.giveaway')] as [Element, Element];
    expect(draft.querySelector('h3')?.textContent).toBe('Mug');
    // The server refuses to open a giveaway of an ended session; cancelling it still works.
    expect(() => button(draft, 'Open')).toThrow();
    expect(button(draft, 'Cancel giveaway')).toBeTruthy();
    expect(button(closed, 'Draw')).toBeTruthy();
  });

  test('a reviewed session counts as ended', async () => {
    const { target } = await renderControlRoom([], 'en', 'REVIEWED');
    expect(target.querySelector('form')).toBeNull();
    expect(text(target)).toContain('The session has ended');
    expect(text(target)).toContain('This session had no giveaways.');
  });

  test('a cancelled session says so, in Chinese in zh-CN', async () => {
    const { target } = await renderControlRoom([], 'zh-CN', 'CANCELLED');
    expect(target.querySelector('form')).toBeNull();
    expect(text(target)).toContain('本场直播已取消，不能新建抽奖。');
    expect(text(target)).toContain('本场没有抽奖。');
    expect(text(target)).not.toContain('本场直播已结束');
  });

  test('removes the form when the session ends while the room is open, and ignores an older notice', async () => {
    const { client, target } = await renderControlRoom([controlGiveaway({ id: 'draft', status: 'DRAFT' })]);
    expect(client.requestsOf('LotteryControlRoomSession').map((request) => request.variables)).toEqual([{ sessionId: SESSION }]);
    expect(target.querySelector('form')).not.toBeNull();
    expect(button(target, 'Open')).toBeTruthy();

    client.push({ sessionUpdated: { id: SESSION, status: 'ENDED', version: 5 } }, 'LotteryControlRoomSessionUpdated');
    expect(target.querySelector('form')).toBeNull();
    expect(text(target)).toContain('The session has ended');
    expect(() => button(target, 'Open')).toThrow();

    client.push({ sessionUpdated: { id: SESSION, status: 'LIVE', version: 4 } }, 'LotteryControlRoomSessionUpdated');
    expect(target.querySelector('form')).toBeNull();
  });

  test('offers the form when the session status cannot be read (the server still decides)', async () => {
    const client = new FakeWidgetClient()
      .answer('LotteryControlRoomGiveaways', () => page([]))
      .answer('LotteryControlRoomSession', () => {
        throw new Error('Forbidden');
      });
    const target = await renderWidget(LotteryControlRoom, client, 'en', SESSION);
    expect(target.querySelector('form')).not.toBeNull();
    expect(text(target)).not.toContain('The session has ended');
  });

  test('has no heading of its own: the host titles the slot', async () => {
    const { target } = await renderControlRoom([controlGiveaway()]);
    expect(target.querySelector('h1, h2')).toBeNull();
    expect([...target.querySelectorAll('h3')].map((heading) => heading.textContent)).toEqual(['Summer giveaway', 'New giveaway']);
  });
});
