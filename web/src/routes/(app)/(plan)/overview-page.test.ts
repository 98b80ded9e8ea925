import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle } from '$lib/testing/render.js';

const location_ = vi.hoisted(() => ({ url: new URL('http://app.test/') }));
vi.mock('$app/state', () => ({ page: location_ }));
vi.mock('$app/navigation', () => ({ goto: vi.fn(async () => undefined) }));

const { default: OverviewPage } = await import('./+page.svelte');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  // 20:00 on Friday 12 Dec 2025 in Shanghai.
  vi.setSystemTime(new Date('2025-12-12T12:00:00Z'));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  location_.url = new URL('http://app.test/');
});

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const empty = {
  live: { edges: [] },
  upcoming: { totalCount: 0, edges: [] },
  allSessions: { totalCount: 0 },
  tasks: { totalCount: 0, edges: [] },
  overdueTasks: { totalCount: 0 },
  campaigns: { totalCount: 0, edges: [] },
};

describe('overview', () => {
  it('asks for today and the next 7 days in the organization’s zone', async () => {
    const client = createFakeClient({ Overview: empty });
    render(OverviewPage, {}, { client });
    await settle();
    expect(client.calls[0]).toEqual({
      name: 'Overview',
      variables: {
        from: '2025-12-11T16:00:00.000Z',
        to: '2025-12-19T16:00:00.000Z',
        now: '2025-12-12T12:00:00.000Z',
        soon: '2025-12-15T12:00:00.000Z',
        assigneeId: null,
      },
    });
  });

  it('invites a new team to plan its first session', async () => {
    const client = createFakeClient({ Overview: empty });
    const { target } = render(OverviewPage, {}, { client });
    await settle();
    const first = [...target.querySelectorAll('.empty')].find((element) => element.textContent?.includes('Plan your first session'));
    expect(first?.querySelector('a')?.getAttribute('href')).toBe('/sessions?new=1&date=2025-12-12');
    expect(target.textContent).toContain('No campaign running');
  });

  it('leads with live sessions and lists the week by day, with overdue tasks flagged', async () => {
    const host = { role: 'MAIN', host: { id: 'h1', name: '小雅' } };
    const client = createFakeClient({
      Overview: {
        ...empty,
        live: {
          edges: [
            {
              node: {
                id: 'live1', title: '双十二主场', platform: 'DOUYIN', actualStart: '2025-12-12T11:00:00Z', scheduledEnd: '2025-12-12T15:00:00Z', hosts: [host],
                currentSegment: { id: 's1', title: '精华讲解' },
                liveMetrics: { onlineNow: 1234, peakOnline: 2000, gmvPaid: cny(5_000_000), conversionRate: 0.042, ordersPaid: 321 }, alerts: [{ id: 'a1' }],
              },
            },
          ],
        },
        upcoming: {
          totalCount: 2,
          edges: [
            { node: { id: 'live1', title: '双十二主场', status: 'LIVE', platform: 'DOUYIN', scheduledStart: '2025-12-12T11:00:00Z', scheduledEnd: '2025-12-12T15:00:00Z', campaign: null, hosts: [host], lineup: [{ id: 'l1' }] } },
            { node: { id: 'next', title: '护肤专场', status: 'SCHEDULED', platform: 'TAOBAO_LIVE', scheduledStart: '2025-12-13T11:00:00Z', scheduledEnd: '2025-12-13T13:00:00Z', campaign: { id: 'c1', name: '双十二' }, hosts: [], lineup: [] } },
          ],
        },
        allSessions: { totalCount: 9 },
        tasks: {
          totalCount: 1,
          edges: [{ node: { id: 't1', title: '确认库存', status: 'TODO', dueAt: '2025-12-12T10:00:00Z', overdue: true, assignee: null, session: { id: 'next', title: '护肤专场' }, campaign: null } }],
        },
        overdueTasks: { totalCount: 1 },
      },
    });
    const { target } = render(OverviewPage, {}, { client });
    await settle();
    const liveCard = target.querySelector('.live-card')!;
    expect(liveCard.querySelector('a.button.primary')?.getAttribute('href')).toBe('/live/live1');
    expect(liveCard.textContent).toContain('1,234');
    expect(liveCard.textContent).toContain('1 open alerts');
    const days = [...target.querySelectorAll('h3.day')].map((heading) => heading.textContent?.replace(/\s+/g, ' ').trim());
    expect(days[0]).toMatch(/^Today · Fri,? 12\/12/);
    expect(days[1]).toMatch(/^Tomorrow · Sat,? 12\/13/);
    const links = [...target.querySelectorAll('.sessions a.title')].map((link) => link.getAttribute('href'));
    expect(links).toEqual(['/live/live1', '/sessions/next']);
    expect(target.querySelector('.kpi.bad .value')?.textContent).toBe('1');
    expect(target.querySelector('.tasks li.overdue')?.textContent).toContain('确认库存');
  });

  it('reads only my tasks when asked in the URL', async () => {
    location_.url = new URL('http://app.test/?mine=1');
    const client = createFakeClient({ Overview: empty });
    render(OverviewPage, {}, { client });
    await settle();
    expect(client.calls[0]?.variables).toMatchObject({ assigneeId: 'TWVtYmVyOjE=' });
  });
});
