import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { locale } from '$lib/i18n/locale.svelte.js';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';

const location = vi.hoisted(() => ({ url: new URL('http://app.test/calendar?view=week&date=2026-11-26') }));
vi.mock('$app/state', () => ({ page: location }));
const goto = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock('$app/navigation', () => ({ goto }));

const { default: CalendarPage } = await import('./+page.svelte');

const before = locale.current;
beforeEach(() => {
  locale.current = 'en';
  // "Today" is Thursday 2026-11-26 in Shanghai; only the clock is faked, timers stay real.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-26T04:00:00Z'));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  goto.mockClear();
  locale.current = before;
  location.url = new URL('http://app.test/calendar?view=week&date=2026-11-26');
});

const xiaoya = { id: 'h1', name: 'Xiaoya' };
const session = (id: string, start: string, end: string, overrides: Record<string, unknown> = {}) => ({
  id, title: id, status: 'SCHEDULED', platform: 'DOUYIN', scheduledStart: start, scheduledEnd: end, roomUrl: null, campaign: null,
  hosts: [{ id: `${id}-h`, role: 'MAIN', host: xiaoya }], ...overrides,
});
const answer = (nodes: ReturnType<typeof session>[]) => ({
  liveSessions: { totalCount: nodes.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((node) => ({ node })) },
});

describe('calendar page', () => {
  it('lays the week out by day in the organization zone and highlights a double-booked host', async () => {
    const client = createFakeClient({
      CalendarSessions: answer([
        // 20:00–23:00 and 22:30–00:30 Shanghai time on Thursday the 26th, both with Xiaoya.
        session('Main show', '2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z'),
        session('Late encore', '2026-11-26T14:30:00Z', '2026-11-26T16:30:00Z'),
        // 00:30 on Saturday the 28th in Shanghai (still Friday in UTC).
        session('Night owl', '2026-11-27T16:30:00Z', '2026-11-27T18:00:00Z', { hosts: [] }),
      ]),
    });
    const { target } = render(CalendarPage, {}, { client });
    await settle();
    expect(client.calls[0]?.variables).toEqual({ filter: { startsAfter: '2026-11-21T16:00:00.000Z', startsBefore: '2026-11-29T16:00:00.000Z' }, after: null });
    const days = [...target.querySelectorAll<HTMLElement>('.day')];
    expect(days).toHaveLength(7);
    const titlesOn = (index: number) => [...days[index]!.querySelectorAll('.title')].map((title) => title.textContent);
    expect(titlesOn(3)).toEqual(['Main show', 'Late encore']);
    expect(titlesOn(5)).toEqual(['Night owl']);
    expect(days[3]!.querySelectorAll('a.clash')).toHaveLength(2);
    expect(days[5]!.querySelector('a.clash')).toBeNull();
    expect(target.querySelector('#conflicts')?.textContent).toContain('Xiaoya is booked on two sessions at once');
    expect(target.querySelector('a[href^="/sessions/Main"]')).not.toBeNull();
    expect(target.querySelector('a[href="/sessions?new=1&date=2026-11-28"]')).not.toBeNull();
  });

  it('moves a week on, keeping the view, through the URL', async () => {
    const client = createFakeClient({ CalendarSessions: answer([]) });
    const { target } = render(CalendarPage, {}, { client });
    await settle();
    target.querySelector<HTMLButtonElement>('button[aria-label="Next week"]')!.click();
    const [url] = goto.mock.calls[0] as unknown as [URL];
    expect(url.searchParams.get('date')).toBe('2026-12-03');
    expect(url.searchParams.get('view')).toBe('week');
    expect(target.querySelector<HTMLButtonElement>('.toolbar button:disabled')?.textContent).toBe('Today');
    expect(target.textContent).toContain('Nothing scheduled in this range');
  });

  it('shows the month grid and offers no new-session links to analysts', async () => {
    location.url = new URL('http://app.test/calendar?view=month&date=2026-11-26');
    const client = createFakeClient({ CalendarSessions: answer([session('Main show', '2026-11-26T12:00:00Z', '2026-11-26T15:00:00Z')]) });
    const { target } = render(CalendarPage, {}, { client, workspace: testWorkspace({ canEdit: false }) });
    await settle();
    expect(target.querySelectorAll('table.month tbody tr')).toHaveLength(6);
    expect(target.querySelector('td.today')?.textContent).toContain('Main show');
    expect(target.querySelector('a[href^="/sessions?new=1"]')).toBeNull();
  });
});
