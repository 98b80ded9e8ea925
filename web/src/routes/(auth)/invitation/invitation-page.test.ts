import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle } from '$lib/testing/render.js';

const location_ = vi.hoisted(() => ({ url: new URL('http://app.test/invitation?token=inv_123') }));
const navigation = vi.hoisted(() => ({ goto: vi.fn(async () => undefined) }));
vi.mock('$app/state', () => ({ page: location_ }));
vi.mock('$app/navigation', () => navigation);

const { default: InvitationPage } = await import('./+page.svelte');
const { auth } = await import('$lib/auth/session.svelte.js');

afterEach(() => {
  cleanup();
  auth.signOut();
  navigation.goto.mockClear();
  location_.url = new URL('http://app.test/invitation?token=inv_123');
});

function fill(target: HTMLElement, name: string, value: string) {
  const input = target.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
const submit = (target: HTMLElement) => target.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));

describe('invitation page', () => {
  it('sets the password, signs in with the returned token and opens the overview', async () => {
    const client = createFakeClient({ AcceptInvitation: { acceptInvitation: { __typename: 'AcceptInvitationPayload', token: 'session_abc' } } });
    const { target } = render(InvitationPage, {}, { client });
    fill(target, 'password', 'correct horse');
    fill(target, 'confirm', 'correct horse');
    submit(target);
    await settle();
    expect(client.calls[0]).toEqual({ name: 'AcceptInvitation', variables: { input: { invitationToken: 'inv_123', password: 'correct horse' } } });
    expect(auth.token).toBe('session_abc');
    expect(navigation.goto).toHaveBeenCalledWith('/');
  });

  it('checks the password locally and shows a used invitation as an error', async () => {
    const client = createFakeClient({
      AcceptInvitation: {
        acceptInvitation: { __typename: 'ValidationError', code: 'VALIDATION', message: 'Input is invalid', issues: [{ path: ['input', 'invitationToken'], message: 'is unknown, used or expired' }] },
      },
    });
    const { target } = render(InvitationPage, {}, { client });
    fill(target, 'password', 'short');
    fill(target, 'confirm', 'other');
    submit(target);
    await settle();
    expect(client.calls).toHaveLength(0);
    expect(target.textContent).toContain('Use at least 8 characters');
    expect(target.textContent).toContain('The two passwords differ');
    fill(target, 'password', 'long enough');
    fill(target, 'confirm', 'long enough');
    submit(target);
    await settle();
    expect(target.querySelector('[role=alert]')?.textContent).toContain('This invitation was already used or has expired.');
    expect(auth.token).toBeNull();
    expect(navigation.goto).not.toHaveBeenCalled();
  });

  it('explains a link without a token', async () => {
    location_.url = new URL('http://app.test/invitation');
    const { target } = render(InvitationPage, {}, { client: createFakeClient({}) });
    expect(target.querySelector('h1')?.textContent).toBe('This invitation link is incomplete');
    expect(target.querySelector('form')).toBeNull();
  });
});
