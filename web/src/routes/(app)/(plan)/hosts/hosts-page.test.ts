import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';

const location = vi.hoisted(() => ({ url: new URL('http://app.test/hosts'), params: {} as Record<string, string> }));
vi.mock('$app/state', () => ({ page: location }));
vi.mock('$app/navigation', () => ({ goto: vi.fn(async () => undefined) }));

const { default: HostsPage } = await import('./+page.svelte');
const { default: TrainingRecords } = await import('./[id]/TrainingRecords.svelte');

afterEach(() => {
  cleanup();
  location.url = new URL('http://app.test/hosts');
});

const xiaoya = {
  id: 'SG9zdDox',
  name: '小雅 Xiaoya',
  avatarUrl: null,
  styleTags: ['亲和', '专业测评'],
  languages: ['zh-CN', 'en'],
  totalFollowers: 1_570_000,
  costPerHour: { amount: 800_000, currency: 'CNY' },
  averageTrainingScore: 91.6667,
  lastTrainedOn: '2025-12-09',
  platformAccounts: [{ platform: 'DOUYIN', handle: '@xiaoya_beauty', followers: 1_250_000 }],
};

describe('hosts page', () => {
  it('lists hosts with followers, fee, training score and a link to each profile, filtered from the URL', async () => {
    location.url = new URL('http://app.test/hosts?style=%E4%BA%B2%E5%92%8C&platform=DOUYIN&sort=followers');
    const client = createFakeClient({
      Hosts: { hosts: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: 'c1' }, edges: [{ cursor: 'c1', node: xiaoya }] } },
      HostFacets: { hosts: { edges: [{ node: { id: xiaoya.id, styleTags: xiaoya.styleTags, languages: xiaoya.languages } }] } },
    });
    const { target } = render(HostsPage, {}, { client });
    await settle();
    expect(client.calls.find((call) => call.name === 'Hosts')?.variables).toEqual({
      filter: { styleTags: ['亲和'], platform: 'DOUYIN' },
      orderBy: { field: 'FOLLOWERS', direction: 'DESC' },
      first: 30,
    });
    const row = target.querySelector('tbody tr')!;
    expect(row.querySelector('a')?.getAttribute('href')).toBe('/hosts/SG9zdDox');
    expect(row.textContent).toContain('Douyin @xiaoya_beauty');
    expect(row.textContent).toContain('1.6M');
    expect(row.textContent).toContain('CN¥8,000.00');
    expect(row.textContent).toContain('91.7');
    expect(row.textContent).toContain('Chinese (China), English');
    expect(row.textContent).toContain('Dec 9, 2025');
  });

  it('shows the empty state with no way to add a host for an analyst', async () => {
    const client = createFakeClient({
      Hosts: { hosts: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } },
      HostFacets: { hosts: { edges: [] } },
    });
    const { target } = render(HostsPage, {}, { client, workspace: testWorkspace({ canEdit: false, me: { id: 'm2', displayName: 'An', email: 'a@e.com', role: 'ANALYST' } }) });
    await settle();
    expect(target.querySelector('.empty')?.textContent).toContain('No hosts yet');
    expect(target.querySelectorAll('button.primary')).toHaveLength(0);
  });
});

describe('training records', () => {
  it('adds a record with the typed score and shows the new average', async () => {
    const client = createFakeClient({
      AddTrainingRecord: (vars) => {
        const input = (vars as { input: Record<string, unknown> }).input;
        return {
          addTrainingRecord: {
            __typename: 'AddTrainingRecordPayload',
            trainingRecord: { id: 'r2', date: input.date, topic: input.topic, trainer: input.trainer, score: input.score, notes: input.notes, host: { id: 'h1', averageTrainingScore: 85, lastTrainedOn: input.date } },
          },
        };
      },
    });
    const onchanged = vi.fn();
    const existing = { id: 'r1', date: '2025-11-01', topic: 'PRODUCT_KNOWLEDGE' as const, trainer: '周敏', score: 80, notes: '' };
    const { target } = render(TrainingRecords, { hostId: 'h1', records: [existing], averageScore: 80, canWrite: true, canDelete: true, onchanged }, { client });
    [...target.querySelectorAll('button')].find((button) => button.textContent?.includes('Add record'))!.click();
    await settle(1);
    const panel = document.querySelector('dialog')!;
    const set = (selector: string, value: string) => {
      const field = panel.querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
      field.value = value;
      field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
    };
    set('input[name=date]', '2025-12-09');
    set('select[name=topic]', 'RUN_OF_SHOW');
    set('input[name=trainer]', ' 运营 李娜 ');
    set('input[name=score]', '90');
    panel.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(client.calls.find((call) => call.name === 'AddTrainingRecord')?.variables).toEqual({
      input: { hostId: 'h1', date: '2025-12-09', topic: 'RUN_OF_SHOW', trainer: '运营 李娜', score: 90, notes: '' },
    });
    expect(onchanged).toHaveBeenCalledWith(
      [expect.objectContaining({ id: 'r2', date: '2025-12-09' }), existing],
      { id: 'h1', averageTrainingScore: 85, lastTrainedOn: '2025-12-09' },
    );
  });

  it('refuses a score over 100 beside the field without sending', async () => {
    const client = createFakeClient({});
    const { target } = render(TrainingRecords, { hostId: 'h1', records: [], averageScore: null, canWrite: true, canDelete: false, onchanged: () => undefined }, { client });
    target.querySelector<HTMLButtonElement>('.empty button')!.click();
    await settle(1);
    const panel = document.querySelector('dialog')!;
    const trainer = panel.querySelector<HTMLInputElement>('input[name=trainer]')!;
    trainer.value = '周敏';
    trainer.dispatchEvent(new Event('input', { bubbles: true }));
    const score = panel.querySelector<HTMLInputElement>('input[name=score]')!;
    score.value = '120';
    score.dispatchEvent(new Event('input', { bubbles: true }));
    panel.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(score.getAttribute('aria-invalid')).toBe('true');
    expect(score.closest('label')!.textContent).toContain('A whole number from 0 to 100');
    expect(client.calls).toHaveLength(0);
  });
});
