import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';
import { invitationLink, ingestUrl } from './invitation-link.js';
import { tabAfterKey, tabOf } from './organization-tabs.js';

const location_ = vi.hoisted(() => ({ url: new URL('http://app.test/organization') }));
vi.mock('$app/state', () => ({ page: location_ }));
vi.mock('$app/navigation', () => ({ goto: vi.fn(async () => undefined) }));

const { default: MembersSection } = await import('./MembersSection.svelte');
const { default: PluginsSection } = await import('./PluginsSection.svelte');
const { default: IngestSources } = await import('./IngestSources.svelte');

afterEach(cleanup);

const owner = { id: 'TWVtYmVyOjE=', displayName: 'Lina', email: 'lina@example.com', role: 'OWNER', status: 'ACTIVE', createdAt: '2025-11-01T02:00:00Z' };
const members = (list: object[]) => ({ members: { totalCount: list.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: list.map((node, index) => ({ cursor: `c${index}`, node })) } });

function fill(root: ParentNode, selector: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
const button = (root: ParentNode, text: string) => [...root.querySelectorAll('button')].find((element) => element.textContent?.includes(text));

describe('members', () => {
  it('invites a member and shows the invitation link once', async () => {
    let reads = 0;
    const invited = { id: 'TWVtYmVyOjk=', displayName: 'Wei', email: 'wei@example.com', role: 'HOST', status: 'INVITED', createdAt: '2025-12-01T02:00:00Z' };
    const client = createFakeClient({
      Members: () => members(reads++ === 0 ? [owner] : [owner, invited]),
      InviteMember: { inviteMember: { __typename: 'InviteMemberPayload', invitationToken: 'tok_secret_123', expiresAt: '2025-12-08T02:00:00Z', member: invited } },
    });
    const { target } = render(MembersSection, {}, { client });
    await settle();
    button(target, 'Invite member')!.click();
    await settle(1);
    const panel = document.querySelector('dialog')!;
    fill(panel, 'input[name=displayName]', ' Wei ');
    fill(panel, 'input[name=email]', 'wei@example.com');
    const host = panel.querySelector<HTMLInputElement>('input[type=radio][value=HOST]')!;
    host.checked = true;
    host.dispatchEvent(new Event('change', { bubbles: true }));
    panel.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();

    expect(client.calls.find((call) => call.name === 'InviteMember')?.variables).toEqual({ input: { displayName: 'Wei', email: 'wei@example.com', role: 'HOST' } });
    const link = target.querySelector<HTMLInputElement>('.secret input')!;
    expect(link.value).toBe(`${window.location.origin}/invitation?token=tok_secret_123`);
    expect(target.querySelector('.secret')!.textContent).toContain('shown only once');
    expect(document.querySelector('dialog[open]')).toBeNull();
    expect(target.querySelector('tbody')!.textContent).toContain('Invited');

    button(target, 'Done')!.click();
    await settle(1);
    expect(target.querySelector('.secret')).toBeNull();
    expect(document.body.innerHTML).not.toContain('tok_secret_123');
  });

  it('puts the role back when the server refuses the change', async () => {
    const operator = { ...owner, id: 'TWVtYmVyOjI=', displayName: 'Chen', email: 'chen@example.com', role: 'OPERATOR' };
    const client = createFakeClient({
      Members: members([owner, operator]),
      ChangeMemberRole: { changeMemberRole: { __typename: 'ConflictError', code: 'CONFLICT', message: 'The organization must keep an owner', conflictingIds: [] } },
    });
    const { target } = render(MembersSection, {}, { client });
    await settle();
    // The signed-in owner cannot change their own role here; the other member's role is a select.
    expect(target.querySelectorAll('tbody select')).toHaveLength(1);
    const select = target.querySelector<HTMLSelectElement>('tbody select')!;
    select.value = 'ANALYST';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(client.calls.find((call) => call.name === 'ChangeMemberRole')?.variables).toEqual({ input: { memberId: operator.id, role: 'ANALYST' } });
    expect(select.value).toBe('OPERATOR');
    expect(target.querySelector('[role=alert]')?.textContent).toContain('must keep an owner');
  });

  it('shows no invite button to operators', async () => {
    const client = createFakeClient({ Members: members([owner]) });
    const { target } = render(MembersSection, {}, { client, workspace: testWorkspace({ me: { id: 'm2', displayName: 'Chen', email: 'c@e.com', role: 'OPERATOR' } }) });
    await settle();
    expect(button(target, 'Invite member')).toBeUndefined();
    expect(target.querySelector('tbody select')).toBeNull();
  });
});

describe('plugins', () => {
  it('switches a plugin off and back on when the server refuses', async () => {
    const lottery = {
      namespace: 'lottery', name: '@broadcart/plugin-lottery', version: '0.1.0', enabled: true, title: { en: 'Lottery', zh: '福袋抽奖' }, description: { en: 'Giveaways', zh: '福袋' },
      dependsOn: [], widgets: [{ slot: 'overlay', title: { en: 'x', zh: 'x' } }], permissions: [], health: { circuit: 'CLOSED', openedAt: null },
    };
    const client = createFakeClient({
      InstalledPlugins: { installedPlugins: [lottery] },
      SetPluginEnabled: { setPluginEnabled: { __typename: 'ForbiddenError', code: 'FORBIDDEN', message: 'Only owners switch plugins' } },
    });
    const { target } = render(PluginsSection, {}, { client });
    await settle();
    expect(client.calls[0]?.variables).toEqual({ withHealth: true });
    expect(target.textContent).toContain('Lottery');
    expect(target.textContent).toContain('OBS overlay');
    const toggle = target.querySelector<HTMLInputElement>('input[role=switch]')!;
    toggle.checked = false;
    toggle.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(client.calls.find((call) => call.name === 'SetPluginEnabled')?.variables).toEqual({ input: { namespace: 'lottery', enabled: false } });
    expect(toggle.checked).toBe(true);
    expect(target.querySelector('[role=alert]')?.textContent).toContain('Only owners');
  });
});

describe('platform connections', () => {
  it('creates a connection and shows its secret and URL once', async () => {
    const source = { id: 'SW5nZXN0OjE=', sourceId: 'src_abc', name: '抖音 1 号直播间', platform: 'DOUYIN', createdAt: '2025-12-01T02:00:00Z', revokedAt: null, secretHints: [{ lastFour: 'wxyz', createdAt: '2025-12-01T02:00:00Z', expiresAt: null }] };
    const client = createFakeClient({
      IngestSources: { ingestSources: { totalCount: 0, edges: [] } },
      CreateIngestSource: { createIngestSource: { __typename: 'CreateIngestSourcePayload', secret: 'whsec_full_secret_wxyz', source } },
    });
    const { target } = render(IngestSources, {}, { client });
    await settle();
    expect(target.querySelector('.empty')?.textContent).toContain('No platform connected yet');
    button(target.querySelector('.empty')!, 'Connect a platform')!.click();
    await settle(1);
    const panel = document.querySelector('dialog')!;
    fill(panel, 'input[name=name]', '抖音 1 号直播间');
    panel.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(client.calls.find((call) => call.name === 'CreateIngestSource')?.variables).toEqual({ input: { name: '抖音 1 号直播间', platform: 'DOUYIN' } });
    expect(target.querySelector<HTMLInputElement>('.secret input')!.value).toBe('whsec_full_secret_wxyz');
    expect(target.querySelector('.secret')!.textContent).toContain(`${window.location.origin}/ingest/src_abc`);
    expect(target.querySelector('tbody')!.textContent).toContain('••••wxyz');
    button(target, 'Done')!.click();
    await settle(1);
    expect(document.body.innerHTML).not.toContain('whsec_full_secret_wxyz');
  });
});

describe('organization helpers', () => {
  it('builds invitation and ingestion URLs', () => {
    expect(invitationLink('https://live.example.com', 'a+b/c')).toBe('https://live.example.com/invitation?token=a%2Bb%2Fc');
    expect(ingestUrl('https://live.example.com', 'src 1')).toBe('https://live.example.com/ingest/src%201');
  });

  it('reads the tab from the URL and moves between tabs with the arrow keys', () => {
    expect(tabOf(new URL('http://x/organization?tab=plugins'))).toBe('plugins');
    expect(tabOf(new URL('http://x/organization?tab=nope'))).toBe('settings');
    expect(tabAfterKey('settings', 'ArrowLeft')).toBe('connections');
    expect(tabAfterKey('connections', 'ArrowRight')).toBe('settings');
    expect(tabAfterKey('members', 'End')).toBe('connections');
    expect(tabAfterKey('members', 'a')).toBeNull();
  });
});
