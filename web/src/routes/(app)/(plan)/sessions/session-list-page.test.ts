import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { locale } from '$lib/i18n/locale.svelte.js';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';
import SessionList from './SessionList.svelte';

const campaigns = {
  campaigns: {
    edges: [
      { node: { id: 'C1', name: '双十二美妆节', startsAt: '2026-11-20T00:00:00.000Z', endsAt: '2026-12-13T00:00:00.000Z' } },
      { node: { id: 'C2', name: '618 预售', startsAt: '2026-05-20T00:00:00.000Z', endsAt: '2026-06-19T00:00:00.000Z' } },
    ],
  },
};
const emptyList = { liveSessions: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } };
const listWith = (...nodes: Record<string, unknown>[]) => ({
  liveSessions: { totalCount: nodes.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((node) => ({ cursor: String(node.id), node })) },
});
const session = {
  id: 'S1',
  title: '礼盒专场',
  status: 'LIVE',
  platform: 'TAOBAO_LIVE',
  scheduledStart: '2026-12-02T11:00:00.000Z',
  scheduledEnd: '2026-12-02T13:00:00.000Z',
  campaign: { id: 'C1', name: '双十二美妆节' },
  hosts: [{ id: 'SH1', role: 'MAIN', host: { id: 'H1', name: 'Lily 李莉' } }],
  segments: [{ id: 'G1', plannedDurationSeconds: 9000 }],
  lineup: [{ id: 'L1', confirmed: true }, { id: 'L2', confirmed: false }],
  stockWarnings: [],
};

function mount(url: string, answers: Record<string, unknown> = {}, workspace = testWorkspace()) {
  const navigations: string[] = [];
  const opened: string[] = [];
  const client = createFakeClient({ SessionList: emptyList, SessionListCampaigns: campaigns, SessionFormCampaigns: campaigns, ...(answers as Record<string, never>) });
  const view = render(SessionList, { url: new URL(url), navigate: (next: URL) => navigations.push(next.search), open: (id: string) => opened.push(id) }, { client, workspace });
  return { ...view, client, navigations, opened };
}

const field = (root: ParentNode, label: string) =>
  Array.from(root.querySelectorAll('label')).find((element) => element.textContent?.trim().startsWith(label))!.querySelector<HTMLInputElement | HTMLSelectElement>('input, select')!;

beforeAll(() => locale.set('en'));
afterEach(cleanup);

describe('sessions list', () => {
  it('opens the new-session form from the calendar link with the day prefilled, and creates the session on it', async () => {
    const { target, client, opened } = mount('http://localhost/sessions?new=1&date=2026-12-02', {
      CreateSession: { createSession: { __typename: 'CreateSessionPayload', session: { id: 'S9' } } },
    });
    await settle();
    const dialog = target.querySelector('dialog')!;
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(field(dialog, 'Starts').value).toBe('2026-12-02T20:00');
    expect(field(dialog, 'Ends').value).toBe('2026-12-02T22:00');
    // The campaign running on that day is offered first.
    expect(dialog.querySelector('optgroup')?.getAttribute('label')).toBe('Running on this date');
    expect(dialog.querySelector('optgroup option')?.textContent).toContain('双十二美妆节');

    const title = field(dialog, 'Title') as HTMLInputElement;
    title.value = '礼盒专场';
    title.dispatchEvent(new Event('input', { bubbles: true }));
    const campaign = field(dialog, 'Campaign') as HTMLSelectElement;
    campaign.value = 'C1';
    campaign.dispatchEvent(new Event('change', { bubbles: true }));
    dialog.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await settle();
    expect(client.calls.find((call) => call.name === 'CreateSession')?.variables).toEqual({
      input: { title: '礼盒专场', platform: 'DOUYIN', scheduledStart: '2026-12-02T12:00:00.000Z', scheduledEnd: '2026-12-02T14:00:00.000Z', campaignId: 'C1' },
    });
    expect(opened).toEqual(['S9']);
  });

  it('shows a refusal next to the field it is about', async () => {
    const { target } = mount('http://localhost/sessions?new=1&date=2026-12-02', {
      CreateSession: {
        createSession: { __typename: 'ValidationError', code: 'VALIDATION', message: 'Input is invalid', issues: [{ path: ['input', 'scheduledStart'], message: 'must fall within campaign “618 预售”' }] },
      },
    });
    await settle();
    const dialog = target.querySelector('dialog')!;
    dialog.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await settle();
    const start = field(dialog, 'Starts');
    expect(start.closest('label')?.querySelector('.field-error')?.textContent).toBe('must fall within campaign “618 预售”');
    expect(start.getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps the form closed without new=1 and shows an empty state with the next step', async () => {
    const { target, client, navigations } = mount('http://localhost/sessions');
    await settle();
    expect(target.querySelector('dialog')?.hasAttribute('open')).toBe(false);
    expect(target.textContent).toContain('No sessions here');
    expect(client.calls.find((call) => call.name === 'SessionList')?.variables).toMatchObject({ orderBy: { field: 'SCHEDULED_START', direction: 'ASC' } });
    Array.from(target.querySelectorAll('button')).find((button) => button.textContent?.includes('New session'))!.click();
    expect(navigations).toEqual(['?new=1']);
  });

  it('lists sessions with status, hosts and lineup readiness, and puts filters in the URL', async () => {
    const { target, client, navigations } = mount('http://localhost/sessions?when=all&status=LIVE', { SessionList: listWith(session) });
    await settle();
    expect(client.calls.find((call) => call.name === 'SessionList')?.variables).toMatchObject({ filter: { status: ['LIVE'] }, orderBy: { direction: 'DESC' } });
    const row = target.querySelector('tbody tr:not(.day)')!;
    expect(row.textContent).toContain('19:00–21:00');
    expect(row.querySelector('.badge.live')?.textContent).toBe('Live');
    expect(row.textContent).toContain('Lily 李莉');
    expect(row.textContent).toContain('1/2 confirmed');
    expect(row.querySelector('a[href="/live/S1"]')).not.toBeNull();
    Array.from(target.querySelectorAll<HTMLButtonElement>('button[aria-pressed]')).find((button) => button.textContent?.includes('Draft'))!.click();
    expect(navigations).toEqual(['?when=all&status=DRAFT%2CLIVE']);
  });

  it('offers no new-session button to members who cannot plan', async () => {
    const { target } = mount('http://localhost/sessions?new=1', {}, testWorkspace({ canEdit: false }));
    await settle();
    expect(target.querySelector('dialog')?.hasAttribute('open')).toBe(false);
    expect(Array.from(target.querySelectorAll('button')).some((button) => button.textContent?.includes('New session'))).toBe(false);
  });
});
