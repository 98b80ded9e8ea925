import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { locale } from '$lib/i18n/locale.svelte.js';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';
import type { ReviewData } from './review-query.js';
import Page from './+page.svelte';

const nav = vi.hoisted(() => ({
  url: new URL('http://localhost/sessions/S1/review'),
  gotos: [] as string[],
  charts: [] as unknown[],
}));
vi.mock('$app/state', () => ({
  page: {
    get url() {
      return nav.url;
    },
    params: { id: 'S1' },
  },
}));
vi.mock('$app/navigation', () => ({
  goto: async (url: URL | string) => {
    nav.gotos.push(String(url));
  },
}));
// jsdom has no canvas: the chart records the options it is given instead of drawing them.
vi.mock('$lib/charts/echarts.js', () => ({
  init: () => ({ setOption: (option: unknown) => nav.charts.push(option), resize: () => undefined, dispose: () => undefined }),
}));

const money = (amount: number) => ({ amount, currency: 'CNY' });

function reviewData(status: ReviewData['sessionReview']['session']['status'] = 'ENDED'): ReviewData {
  return {
    metricDefinitions: [
      { key: 'GMV_PAID', nameEn: 'GMV paid', nameZh: '成交金额', unit: 'MONEY' },
      { key: 'PCU', nameEn: 'Peak concurrent viewers (PCU)', nameZh: '峰值在线', unit: 'COUNT' },
      { key: 'UV', nameEn: 'Unique viewers (UV)', nameZh: '观看人数', unit: 'COUNT' },
      { key: 'CONVERSION_RATE', nameEn: 'Viewer conversion rate', nameZh: '看播成交转化率', unit: 'RATE' },
    ],
    sessionReview: {
      generatedAt: '2026-11-23T16:00:00.000Z',
      session: {
        id: 'S1',
        title: 'Double 12 warm-up',
        status,
        platform: 'DOUYIN',
        scheduledStart: '2026-11-23T12:00:00.000Z',
        scheduledEnd: '2026-11-23T15:00:00.000Z',
        actualStart: status === 'SCHEDULED' ? null : '2026-11-23T12:02:00.000Z',
        actualEnd: status === 'ENDED' || status === 'REVIEWED' ? '2026-11-23T15:05:00.000Z' : null,
        cancelReason: null,
        hosts: [{ id: 'SH1', role: 'MAIN', host: { id: 'H1', name: 'Xiaoya' } }],
        campaign: { id: 'C1', name: 'Double 12 Beauty Festival' },
      },
      totals: [
        { metric: 'PCU', value: 29 },
        { metric: 'UV', value: 515 },
        { metric: 'GMV_PAID', value: 1_877_800 },
        { metric: 'CONVERSION_RATE', value: 0.231 },
      ],
      targets: [{ goalTitle: 'Double 12 GMV', metric: 'GMV_PAID', target: 4_000_000, actual: 1_877_800, achievement: 0.46945, projected: 1_877_800, goal: { id: 'G1' } }],
      funnel: [
        { step: 'ENTRIES', labelEn: 'Entries (PV)', labelZh: '进入直播间（人次）', count: 1370, rateFromPrevious: null, rateOfViewers: 2.66 },
        { step: 'VIEWERS', labelEn: 'Unique viewers (UV)', labelZh: '观看人数', count: 515, rateFromPrevious: 0.376, rateOfViewers: 1 },
        { step: 'BUYERS', labelEn: 'Paying buyers', labelZh: '成交人数', count: 119, rateFromPrevious: 0.231, rateOfViewers: 0.231 },
      ],
      segments: [
        {
          segment: { id: 'SEG1' }, position: 0, kind: 'WARM_UP', title: 'Opening', plannedStart: '2026-11-23T12:00:00.000Z', plannedDurationSeconds: 900,
          actualStart: '2026-11-23T12:02:00.000Z', actualEnd: '2026-11-23T12:20:00.000Z', actualDurationSeconds: 1080, pv: 124, comments: 346, clicks: 0, paidOrders: 0, gmvPaid: money(0), gmvPaidPerMinute: money(0),
        },
        {
          segment: { id: 'SEG2' }, position: 1, kind: 'PRODUCT_PITCH', title: 'New arrivals', plannedStart: '2026-11-23T12:15:00.000Z', plannedDurationSeconds: 9000,
          actualStart: '2026-11-23T12:20:00.000Z', actualEnd: '2026-11-23T14:50:00.000Z', actualDurationSeconds: 9000, pv: 1141, comments: 3696, clicks: 948, paidOrders: 135, gmvPaid: money(1_877_800), gmvPaidPerMinute: money(12_519),
        },
      ],
      products: [
        {
          product: { id: 'P1' }, title: 'Velvet lipstick #01', sku: 'BB-LIP-01', lineupPosition: 0, impressions: 1155, clicks: 151, ctr: 0.1307, addToCarts: 45, orders: 22, units: 28,
          gmvPaid: money(249_200), refunds: money(8900), gmvShare: 0.1327,
        },
      ],
      series: [
        { minute: '2026-11-23T12:02:00.000Z', online: 8, newViewers: 8, comments: 3, productClicks: 0, ordersPaid: 0, gmvPaid: { amount: 0 } },
        { minute: '2026-11-23T12:03:00.000Z', online: 17, newViewers: 9, comments: 5, productClicks: 2, ordersPaid: 1, gmvPaid: { amount: 8900 } },
      ],
      annotations: [
        { at: '2026-11-23T12:02:10.000Z', name: 'session.started', labelEn: 'Went live', labelZh: '开播', payload: {} },
        // The same change again as a generic status change: one line on the timeline, not two.
        { at: '2026-11-23T12:02:10.004Z', name: 'session.statusChanged', labelEn: 'Status: SCHEDULED → LIVE', labelZh: '状态：已排期 → 直播中', payload: { from: 'SCHEDULED', to: 'LIVE' } },
        { at: '2026-11-23T12:03:20.000Z', name: 'segment.changed', labelEn: 'Segment “New arrivals” on air', labelZh: '切换到环节「New arrivals」', payload: { trigger: 'MANUAL' } },
        { at: '2026-11-23T12:03:40.000Z', name: 'lottery.drawn', labelEn: 'lottery.drawn', labelZh: 'lottery.drawn', payload: {} },
      ],
      sameHostSessions: {
        sessions: [
          { session: { id: 'S0', title: 'Autumn show', scheduledStart: '2026-10-01T12:00:00.000Z', actualStart: '2026-10-01T12:00:00.000Z' }, gmvPaid: money(1_500_000), uv: 400, conversionRate: 0.2, gpm: money(900_000) },
        ],
        average: { gmvPaid: 1_500_000, uv: 400, conversionRate: 0.2, gpm: 900_000 },
        delta: { gmvPaid: 0.2519, uv: 0.2875, conversionRate: 0.155, gpm: null },
      },
      sameCampaignSessions: { sessions: [], average: { gmvPaid: null, uv: null, conversionRate: null, gpm: null }, delta: { gmvPaid: null, uv: null, conversionRate: null, gpm: null } },
    },
  };
}

const text = (target: HTMLElement) => target.textContent?.replace(/\s+/g, ' ') ?? '';

beforeAll(() => {
  locale.set('en');
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
beforeEach(() => {
  nav.url = new URL('http://localhost/sessions/S1/review');
  nav.gotos.length = 0;
  nav.charts.length = 0;
});
afterEach(cleanup);

describe('session review page', () => {
  it('shows the totals against target, a segment, a product, the comparison and the annotated timeline', async () => {
    const client = createFakeClient({ SessionReview: reviewData() });
    const { target } = render(Page, {}, { client });
    await settle(10);
    const body = text(target);

    expect(client.calls.find((call) => call.name === 'SessionReview')?.variables).toEqual({ id: 'S1' });
    expect(body).toContain('Double 12 warm-up');
    const gmvCard = [...target.querySelectorAll('.metric-card')].find((card) => card.textContent?.includes('GMV paid'))!;
    expect(text(gmvCard as HTMLElement)).toContain('CN¥18.8K');
    expect(gmvCard.querySelector('.value')?.getAttribute('title')).toBe('CN¥18,778.00');
    expect(text(gmvCard as HTMLElement)).toContain('47% reached');
    expect(gmvCard.getAttribute('data-standing')).toBe('behind');

    const segmentRow = [...target.querySelectorAll('section[aria-labelledby="segments-heading"] tbody tr')].find((row) => row.textContent?.includes('New arrivals'))!;
    expect(text(segmentRow as HTMLElement)).toContain('2:30:00');
    expect(text(segmentRow as HTMLElement)).toContain('CN¥18,778.00');
    const opening = [...target.querySelectorAll('section[aria-labelledby="segments-heading"] tbody tr')].find((row) => row.textContent?.includes('Opening'))!;
    expect(opening.querySelector('.over')?.textContent).toBe('+3:00');

    const productRow = target.querySelector('section[aria-labelledby="products-heading"] tbody tr')!;
    expect(text(productRow as HTMLElement)).toContain('Velvet lipstick #01');
    expect(text(productRow as HTMLElement)).toContain('13.1%');

    const events = [...target.querySelectorAll('ol.events li')].map((item) => text(item as HTMLElement));
    expect(events).toHaveLength(3);
    expect(events[0]).toContain('Went live');
    expect(events[1]).toContain('Segment “New arrivals” on air');
    expect(events[1]).toContain('operator');
    // The API passes plugin events through by name; the page names the ones it knows.
    expect(events[2]).toContain('Giveaway drawn');

    // Entries (PV) are visits, not people: beside the funnel, whose steps start at unique viewers.
    const funnel = target.querySelector('section[aria-labelledby="funnel-heading"]')!;
    const [steps, others] = [...funnel.querySelectorAll('tbody')].map((group) => [...group.querySelectorAll('th[scope="row"]')].map((cell) => cell.textContent));
    expect(steps).toEqual(['Unique viewers (UV)', 'Paying buyers']);
    expect(others).toEqual(['Entries (PV)']);
    const buyers = [...funnel.querySelectorAll('tbody:first-of-type tr:last-child td')].map((cell) => cell.textContent);
    expect(buyers).toEqual(['119', '23.1%', '23.1%']);

    expect(body).toContain('+25.2%');
    expect(body).toContain('No earlier ended session in this campaign yet.');

    const timeline = nav.charts.find((option) => JSON.stringify(option).includes('markLine')) as { series: { markLine?: { data: { label: { formatter: string } }[] } }[] };
    expect(timeline.series.at(-1)?.markLine?.data.map((line) => line.label.formatter)).toEqual(['1', '2–3']);
  });

  it('says there is no data yet before the show', async () => {
    const { target } = render(Page, {}, { client: createFakeClient({ SessionReview: reviewData('SCHEDULED') }) });
    await settle(10);
    expect(target.querySelector('[role="status"]')?.textContent).toContain('No data yet');
    expect(target.querySelector('section[aria-labelledby="segments-heading"]')).toBeNull();
    expect(target.querySelector('a.button')?.getAttribute('href')).toBe('/sessions/S1');
  });

  it('tells the team a live review is still filling in', async () => {
    const { target } = render(Page, {}, { client: createFakeClient({ SessionReview: reviewData('LIVE') }) });
    await settle(10);
    expect(text(target)).toContain('the review fills in as it runs');
    expect(target.querySelector('a[href="/live/S1"]')).not.toBeNull();
    expect(text(target)).not.toContain('Mark as reviewed');
  });

  it('marks the session reviewed and shows it as done', async () => {
    let status: 'ENDED' | 'REVIEWED' = 'ENDED';
    const client = createFakeClient({
      SessionReview: () => reviewData(status),
      MarkSessionReviewed: () => {
        status = 'REVIEWED';
        return { markSessionReviewed: { __typename: 'MarkSessionReviewedPayload', session: { id: 'S1', status } } };
      },
    });
    const { target } = render(Page, {}, { client });
    await settle(10);
    const button = [...target.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes('Mark as reviewed'))!;
    button.click();
    await settle(10);
    expect(client.calls.find((call) => call.name === 'MarkSessionReviewed')?.variables).toEqual({ input: { id: 'S1' } });
    expect(text(target)).toContain('Review done');
    expect(text(target)).not.toContain('Mark as reviewed');
  });

  it('shows why marking the review was refused', async () => {
    const client = createFakeClient({
      SessionReview: reviewData(),
      MarkSessionReviewed: { markSessionReviewed: { __typename: 'ConflictError', code: 'CONFLICT', message: 'Only an ENDED session can be marked reviewed' } },
    });
    const { target } = render(Page, {}, { client });
    await settle(10);
    [...target.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes('Mark as reviewed'))!.click();
    await settle(10);
    expect(target.querySelector('[role="alert"]')?.textContent).toContain('Only an ENDED session can be marked reviewed');
  });

  it('hides the action from members who only read', async () => {
    const { target } = render(Page, {}, { client: createFakeClient({ SessionReview: reviewData() }), workspace: testWorkspace({ canEdit: false }) });
    await settle(10);
    expect(text(target)).not.toContain('Mark as reviewed');
    expect(text(target)).toContain('Double 12 warm-up');
  });

  it('keeps the sort in the URL when a column header is clicked', async () => {
    const { target } = render(Page, {}, { client: createFakeClient({ SessionReview: reviewData() }) });
    await settle(10);
    const header = [...target.querySelectorAll('section[aria-labelledby="segments-heading"] th button')].find((button) => button.textContent?.includes('GMV paid'))!;
    (header as HTMLButtonElement).click();
    expect(new URL(nav.gotos.at(-1)!).searchParams.get('segments')).toBe('gmvPaid.desc');
  });

  it('sorts rows by the column named in the URL', async () => {
    nav.url = new URL('http://localhost/sessions/S1/review?segments=gmvPaid.desc');
    const { target } = render(Page, {}, { client: createFakeClient({ SessionReview: reviewData() }) });
    await settle(10);
    const titles = [...target.querySelectorAll('section[aria-labelledby="segments-heading"] tbody th .title')].map((cell) => cell.textContent);
    expect(titles).toEqual(['New arrivals', 'Opening']);
    const sorted = target.querySelector('section[aria-labelledby="segments-heading"] th[aria-sort="descending"]');
    expect(sorted?.textContent).toContain('GMV paid');
  });

  it('shows a failed read with a way to try again', async () => {
    const { target } = render(Page, {}, { client: createFakeClient({}) });
    await settle(10);
    expect(target.querySelector('[role="alert"]')?.textContent).toContain('no fake answer for SessionReview');
    expect([...target.querySelectorAll('button')].some((button) => button.textContent === 'Try again')).toBe(true);
  });
});
