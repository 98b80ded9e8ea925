import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { locale } from '$lib/i18n/locale.svelte.js';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';

const location = vi.hoisted(() => ({ url: new URL('http://app.test/campaigns/c1'), params: { id: 'c1' } as Record<string, string> }));
vi.mock('$app/state', () => ({ page: location }));
vi.mock('$app/navigation', () => ({ goto: vi.fn(async () => undefined) }));

const { default: BuilderPage } = await import('./+page.svelte');

const before = locale.current;
beforeEach(() => void (locale.current = 'en'));
afterEach(() => {
  cleanup();
  locale.current = before;
});

const gmv = { key: 'GMV_PAID', nameEn: 'GMV paid', nameZh: '成交金额', unit: 'MONEY', additive: true, numerator: null };
const rate = { key: 'CONVERSION_RATE', nameEn: 'Viewer conversion rate', nameZh: '看播成交转化率', unit: 'RATE', additive: false, numerator: 'BUYERS' };
const split = (target: number, targets: { session: string; target: number }[], addsUp: boolean | null) => ({
  addsUp,
  allocated: addsUp === null ? null : targets.reduce((sum, each) => sum + each.target, 0),
  difference: addsUp === null ? null : target - targets.reduce((sum, each) => sum + each.target, 0),
  target,
  targets: targets.map((each, index) => ({ id: `t${index}`, target: each.target, session: { id: each.session } })),
});
const goal = (overrides: Record<string, unknown>) => ({
  horizon: 'MID', dueDate: '2026-12-15', position: 0, parent: null, owner: { id: 'm1', displayName: 'Lina' }, metricDefinition: gmv, childrenCheck: null, ...overrides,
});

const campaign = {
  __typename: 'Campaign',
  id: 'c1', name: 'Double 12 Beauty Festival', theme: 'SHOPPING_FESTIVAL', themeNote: '', startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-13T00:00:00Z',
  budget: { amount: 30_000_000, currency: 'CNY' }, channels: ['DOUYIN'], targetAudienceTags: ['学生党'], goalCount: 4, updatedAt: '2026-11-20T00:00:00Z',
  allGoals: [
    goal({
      id: 'g-total', title: 'Festival GMV', metric: 'GMV_PAID', target: 100_000_000,
      childrenCheck: { addsUp: false, allocated: 80_000_000, difference: 20_000_000, target: 100_000_000 },
      split: split(100_000_000, [{ session: 's1', target: 60_000_000 }, { session: 's2', target: 40_000_000 }], true),
    }),
    goal({ id: 'g-douyin', title: 'Douyin GMV', metric: 'GMV_PAID', target: 50_000_000, parent: { id: 'g-total' }, split: split(50_000_000, [], false) }),
    goal({ id: 'g-taobao', title: 'Taobao GMV', metric: 'GMV_PAID', target: 30_000_000, parent: { id: 'g-total' }, position: 1, split: split(30_000_000, [], false) }),
    goal({ id: 'g-cr', title: 'Conversion 3%', metric: 'CONVERSION_RATE', target: 0.03, position: 1, metricDefinition: rate, split: split(0.03, [], null) }),
  ],
  goalPacing: [{ goal: { id: 'g-total' }, actual: 20_000_000, target: 100_000_000, progress: 0.2, projected: 60_000_000, onPace: false }],
  sessions: {
    totalCount: 2,
    edges: [
      { node: { id: 's1', title: 'Warm-up show', status: 'SCHEDULED', platform: 'DOUYIN', scheduledStart: '2026-12-02T12:00:00Z' } },
      { node: { id: 's2', title: 'Main show', status: 'DRAFT', platform: 'TAOBAO_LIVE', scheduledStart: '2026-12-12T12:00:00Z' } },
    ],
  },
};

const answers = (extra: Record<string, unknown> = {}) => ({ CampaignBuilder: { node: campaign }, EnabledPlugins: { installedPlugins: [] }, ...extra });
const rowOf = (target: HTMLElement, table: string, title: string) =>
  [...target.querySelectorAll<HTMLTableRowElement>(`section[aria-labelledby="${table}"] tbody tr`)].find((row) => row.querySelector('th')?.textContent?.includes(title));

describe('campaign builder page', () => {
  it('shows the goal tree with sub-goals under their parent and flags parts that do not add up', async () => {
    const client = createFakeClient(answers());
    const { target } = render(BuilderPage, {}, { client });
    await settle();
    expect(target.querySelector('h1')?.textContent).toBe('Double 12 Beauty Festival');
    const titles = [...target.querySelectorAll('section[aria-labelledby="goal-tree-title"] tbody .goal-title')].map((cell) => cell.textContent);
    expect(titles).toEqual(['Festival GMV', 'Douyin GMV', 'Taobao GMV', 'Conversion 3%']);
    expect(rowOf(target, 'goal-tree-title', 'Douyin GMV')?.textContent).toContain('Level 2');
    const warning = target.querySelector('section[aria-labelledby="goal-tree-title"] .check');
    expect(warning?.textContent).toContain('Sub-goals sum to CN¥800,000.00 of CN¥1,000,000.00: CN¥200,000.00 unassigned');
    expect(rowOf(target, 'goal-tree-title', 'Festival GMV')?.classList.contains('off')).toBe(true);
    expect(target.querySelector('section[aria-labelledby="goal-tree-title"] .badge.danger')?.textContent).toContain('not adding up: 1');
  });

  it('shows audience and channels under their own labels, and the form’s zone with the window length', async () => {
    const client = createFakeClient(answers({ CampaignBuilder: { node: { ...campaign, targetAudienceTags: [] } } }));
    const { target } = render(BuilderPage, {}, { client });
    await settle();
    const reach = target.querySelector('.kpi.reach')!;
    const pairs = [...reach.querySelectorAll('dt')].map((term) => [term.textContent, term.nextElementSibling?.textContent?.trim()]);
    expect(pairs).toEqual([
      ['Audience', 'Not set'],
      ['Channels', 'Douyin'],
    ]);
    expect(target.querySelector('[id$="-zone"]')?.textContent?.trim()).toBe('Times in Asia/Shanghai · 12 days');
  });

  it('judges a split while it is typed and saves it in minor units', async () => {
    let saved: Record<string, unknown> | null = null;
    const client = createFakeClient(
      answers({
        SetSessionTargets: (variables: Record<string, unknown>) => {
          saved = variables;
          return { setSessionTargets: { __typename: 'SetSessionTargetsPayload', goal: campaign.allGoals[1] } };
        },
      }),
    );
    const { target } = render(BuilderPage, {}, { client });
    await settle();
    const row = rowOf(target, 'split-title', 'Douyin GMV')!;
    expect(row.querySelector('.verdict')?.textContent).toContain('Not split');
    const [first, second] = row.querySelectorAll<HTMLInputElement>('input');
    first!.value = '300,000';
    first!.dispatchEvent(new Event('input', { bubbles: true }));
    second!.value = '250000';
    second!.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(row.querySelector('.verdict')?.textContent).toContain('CN¥50,000.00 over');
    expect(row.classList.contains('state-over')).toBe(true);
    expect(target.querySelector('section[aria-labelledby="split-title"] .alert-box.warn')?.textContent).toContain('Goals not split as planned: 1');
    second!.value = '200000';
    second!.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(row.querySelector('.verdict')?.textContent).toContain('Adds up');
    row.querySelector<HTMLButtonElement>('button.primary')!.click();
    await settle();
    expect(saved).toEqual({ input: { goalId: 'g-douyin', targets: [{ sessionId: 's1', target: 30_000_000 }, { sessionId: 's2', target: 20_000_000 }] } });
    expect(client.calls.filter((call) => call.name === 'CampaignBuilder')).toHaveLength(2);
  });

  it('refuses to save a split with a cell it cannot read', async () => {
    const client = createFakeClient(answers());
    const { target } = render(BuilderPage, {}, { client });
    await settle();
    const row = rowOf(target, 'split-title', 'Conversion 3%')!;
    expect(row.querySelector('.verdict')?.textContent).toContain('Per session');
    const input = row.querySelector<HTMLInputElement>('input')!;
    input.value = '130';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(row.querySelector<HTMLButtonElement>('button.primary')?.disabled).toBe(true);
  });

  it('lets analysts read the plan without editing it', async () => {
    const client = createFakeClient(answers());
    const { target } = render(BuilderPage, {}, { client, workspace: testWorkspace({ canEdit: false, me: { id: 'm2', displayName: 'Wang', email: 'w@example.com', role: 'ANALYST' } }) });
    await settle();
    expect([...target.querySelectorAll('button')].some((button) => button.textContent?.includes('Add goal'))).toBe(false);
    expect([...target.querySelectorAll('section[aria-labelledby="split-title"] input')].every((input) => (input as HTMLInputElement).readOnly)).toBe(true);
  });

  it('says so when the campaign does not exist', async () => {
    const client = createFakeClient(answers({ CampaignBuilder: { node: null } }));
    const { target } = render(BuilderPage, {}, { client });
    await settle();
    expect(target.querySelector('.empty')?.textContent).toContain('Campaign not found');
  });
});
