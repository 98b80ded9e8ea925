import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { locale } from '$lib/i18n/locale.svelte.js';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle } from '$lib/testing/render.js';

const location = vi.hoisted(() => ({ url: new URL('http://app.test/campaigns') }));
vi.mock('$app/state', () => ({ page: location }));
const goto = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock('$app/navigation', () => ({ goto }));

const { default: CampaignsPage } = await import('./+page.svelte');

const before = locale.current;
beforeEach(() => {
  locale.current = 'en';
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-26T04:00:00Z'));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  goto.mockClear();
  locale.current = before;
  location.url = new URL('http://app.test/campaigns');
});

const campaign = (id: string, startsAt: string, endsAt: string) => ({
  id, name: id, theme: 'SHOPPING_FESTIVAL', themeNote: '', startsAt, endsAt, budget: { amount: 30_000_000, currency: 'CNY' }, channels: ['DOUYIN', 'KOL', 'WEIBO', 'XIAOHONGSHU'],
  targetAudienceTags: [], goalCount: 6, updatedAt: '2026-11-01T00:00:00Z', sessions: { totalCount: 3 },
});
const list = (nodes: ReturnType<typeof campaign>[]) => ({
  campaigns: { totalCount: nodes.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((node) => ({ cursor: node.id, node })) },
});

describe('campaigns page', () => {
  it('lists campaigns with their window status, budget, channels and counts', async () => {
    const client = createFakeClient({
      Campaigns: list([campaign('Double 12', '2026-11-16T00:00:00Z', '2026-12-16T00:00:00Z'), campaign('New Year', '2026-12-28T00:00:00Z', '2027-01-03T00:00:00Z')]),
    });
    const { target } = render(CampaignsPage, {}, { client });
    await settle();
    const rows = [...target.querySelectorAll('tbody tr')];
    expect(rows.map((row) => row.querySelector('td .badge')?.textContent)).toEqual(['Running', 'Upcoming']);
    expect(rows[0]!.textContent).toContain('CN¥300K');
    expect(rows[0]!.textContent).toContain('+1');
    expect(rows[0]!.querySelector('a')?.getAttribute('href')).toBe('/campaigns/Double%2012');
  });

  it('creates a campaign from the panel and opens its builder', async () => {
    location.url = new URL('http://app.test/campaigns?new=1');
    let sent: unknown = null;
    const client = createFakeClient({
      Campaigns: list([]),
      CreateCampaign: (variables: Record<string, unknown>) => {
        sent = variables;
        const { sessions: _sessions, ...created } = campaign('c-new', '2026-11-26T16:00:00Z', '2026-12-03T16:00:00Z');
        return { createCampaign: { __typename: 'CreateCampaignPayload', campaign: created } };
      },
    });
    render(CampaignsPage, {}, { client });
    await settle();
    const dialog = document.querySelector('dialog')!;
    const name = dialog.querySelector<HTMLInputElement>('input[name="name"]')!;
    name.value = '618 warm-up';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    const budget = dialog.querySelector<HTMLInputElement>('input[name="budget"]')!;
    budget.value = '80,000';
    budget.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    dialog.querySelector('form')!.requestSubmit();
    await settle();
    expect(sent).toMatchObject({ input: { name: '618 warm-up', budgetAmount: 8_000_000, startsAt: '2026-11-26T16:00:00.000Z', endsAt: '2026-12-03T16:00:00.000Z' } });
    expect(goto).toHaveBeenCalledWith('/campaigns/c-new');
  });

  it('offers to clear filters when nothing matches', async () => {
    location.url = new URL('http://app.test/campaigns?window=ended&q=nothing');
    const client = createFakeClient({ Campaigns: list([]) });
    const { target } = render(CampaignsPage, {}, { client });
    await settle();
    expect(target.querySelector('.empty')?.textContent).toContain('No campaigns match these filters');
    expect(client.calls[0]?.variables).toMatchObject({ filter: { search: 'nothing', startsBefore: '2026-11-26T04:00:00.000Z' } });
  });
});
