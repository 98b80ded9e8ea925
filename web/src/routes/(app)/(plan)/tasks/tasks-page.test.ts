import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { locale } from '$lib/i18n/locale.svelte.js';
import { createFakeClient } from '$lib/testing/fake-client.js';
import { cleanup, render, settle, testWorkspace } from '$lib/testing/render.js';
import type { TaskRow } from './task-documents.js';

const location = vi.hoisted(() => ({ url: new URL('http://app.test/tasks') }));
vi.mock('$app/state', () => ({ page: location }));
vi.mock('$app/navigation', () => ({ goto: vi.fn(async () => undefined) }));

const { default: TasksPage } = await import('./+page.svelte');

const before = locale.current;
beforeEach(() => void (locale.current = 'en'));
afterEach(() => {
  cleanup();
  locale.current = before;
  location.url = new URL('http://app.test/tasks');
});

const task = (id: string, overrides: Partial<TaskRow> = {}): TaskRow => ({
  id, title: id, description: '', status: 'TODO', teamRole: 'OPERATOR', dueAt: null, overdue: false, fromTemplate: false, completedAt: null,
  assignee: null, session: null, campaign: null, ...overrides,
});
const page = (nodes: TaskRow[]) => ({ tasks: { totalCount: nodes.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((node) => ({ cursor: node.id, node })) } });
const options = { members: { edges: [] }, liveSessions: { edges: [] }, campaigns: { edges: [] } };

/** Answers the open-tasks and closed-tasks reads of the board apart, by the statuses asked for. */
function board(open: TaskRow[], closed: TaskRow[], extra: Record<string, unknown> = {}) {
  return createFakeClient({
    TaskBoard: (variables) => {
      const statuses = (variables.filter as { status: string[] }).status;
      return page(statuses.includes('TODO') ? open : closed);
    },
    TaskOptions: options,
    ...extra,
  });
}
const column = (target: HTMLElement, label: string) => target.querySelector<HTMLElement>(`.cell[aria-label^="${label}:"]`);
const titles = (cell: HTMLElement | null) => [...(cell?.querySelectorAll('.title') ?? [])].map((each) => each.textContent);

describe('tasks board', () => {
  it('puts tasks in their status columns and marks overdue work', async () => {
    const client = board(
      [task('Confirm stock', { dueAt: '2020-01-01T00:00:00Z', overdue: true, teamRole: 'PRODUCT_MANAGER' }), task('Rehearsal', { status: 'IN_PROGRESS', teamRole: 'HOST' })],
      [task('Warm-up post', { status: 'DONE' })],
    );
    const { target } = render(TasksPage, {}, { client });
    await settle();
    expect(titles(column(target, 'To do'))).toEqual(['Confirm stock']);
    expect(titles(column(target, 'In progress'))).toEqual(['Rehearsal']);
    expect(titles(column(target, 'Done'))).toEqual(['Warm-up post']);
    expect(column(target, 'To do')?.querySelector('.task')?.classList.contains('overdue')).toBe(true);
    expect(target.querySelector('.page-header .badge.danger')?.textContent).toBe('1 overdue');
    const reads = client.calls.filter((call) => call.name === 'TaskBoard').map((call) => (call.variables.filter as { status: string[] }).status);
    expect(reads).toEqual([['TODO', 'IN_PROGRESS', 'BLOCKED'], ['DONE']]);
  });

  it('moves a card to another status from its keyboard-reachable select, at once and then on the server', async () => {
    let sent: unknown = null;
    const client = board([task('Visuals', { teamRole: 'DESIGNER' })], [], {
      UpdateTask: (variables: Record<string, unknown>) => {
        sent = variables;
        return { updateTask: { __typename: 'UpdateTaskPayload', task: task('Visuals', { teamRole: 'DESIGNER', status: 'BLOCKED' }) } };
      },
    });
    const { target } = render(TasksPage, {}, { client });
    await settle();
    const select = target.querySelector<HTMLSelectElement>('.task select')!;
    select.value = 'BLOCKED';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(titles(column(target, 'Blocked'))).toEqual(['Visuals']);
    await settle();
    expect(sent).toEqual({ input: { id: 'Visuals', status: 'BLOCKED' } });
    expect(titles(column(target, 'Blocked'))).toEqual(['Visuals']);
    expect(titles(column(target, 'To do'))).toEqual([]);
  });

  it('sends one change per card at a time, so a late answer cannot overwrite a newer move', async () => {
    let answer: (value: Record<string, unknown>) => void = () => undefined;
    const client = board([task('Visuals', { teamRole: 'DESIGNER' })], [], {
      UpdateTask: () => new Promise<Record<string, unknown>>((resolve) => (answer = resolve)),
    });
    const { target } = render(TasksPage, {}, { client });
    await settle();
    // Dragged to Blocked, then (before the answer) dragged on to Done.
    for (const label of ['Blocked', 'Done']) {
      target.querySelector('.task')!.dispatchEvent(new Event('dragstart', { bubbles: true }));
      column(target, label)!.dispatchEvent(new Event('drop', { bubbles: true, cancelable: true }));
      flushSync();
    }
    await settle();
    expect(client.calls.filter((call) => call.name === 'UpdateTask').map((call) => call.variables)).toEqual([{ input: { id: 'Visuals', status: 'BLOCKED' } }]);
    answer({ updateTask: { __typename: 'UpdateTaskPayload', task: task('Visuals', { teamRole: 'DESIGNER', status: 'BLOCKED' }) } });
    await settle();
    expect(titles(column(target, 'Blocked'))).toEqual(['Visuals']);
  });

  it('puts a card back and shows why when the server refuses the move', async () => {
    const client = board([task('Reply to buyers', { teamRole: 'CUSTOMER_SERVICE' })], [], {
      UpdateTask: { updateTask: { __typename: 'ForbiddenError', code: 'FORBIDDEN', message: 'Only the assignee may change this task' } },
    });
    const { target } = render(TasksPage, {}, { client });
    await settle();
    const select = target.querySelector<HTMLSelectElement>('.task select')!;
    select.value = 'DONE';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(titles(column(target, 'To do'))).toEqual(['Reply to buyers']);
    expect(target.querySelector('[role="alert"]')?.textContent).toContain('Only the assignee may change this task');
  });

  it('groups the board into a lane per team role from the URL', async () => {
    location.url = new URL('http://app.test/tasks?group=role');
    const client = board([task('Stream', { teamRole: 'HOST' }), task('Plan', { teamRole: 'OPERATOR' }), task('Prices', { teamRole: 'PRODUCT_MANAGER' })], []);
    const { target } = render(TasksPage, {}, { client });
    await settle();
    expect([...target.querySelectorAll('.lane-head')].map((head) => head.firstChild?.textContent?.trim())).toEqual(['Operations', 'Merchandising', 'Host']);
  });

  it('lets a host move only the tasks assigned to them, and edit none', async () => {
    const me = { id: 'm-host', displayName: 'Xiaoya' };
    const client = board([task('Mine', { assignee: me, teamRole: 'HOST' }), task('Theirs', { teamRole: 'OPERATOR' })], []);
    const workspace = testWorkspace({ canEdit: false, me: { id: 'm-host', displayName: 'Xiaoya', email: 'x@example.com', role: 'HOST' } });
    const { target } = render(TasksPage, {}, { client, workspace });
    await settle();
    const cards = [...target.querySelectorAll<HTMLElement>('.task')];
    const mine = cards.find((card) => card.textContent?.includes('Mine'))!;
    const theirs = cards.find((card) => card.textContent?.includes('Theirs'))!;
    expect(mine.querySelector('select')).not.toBeNull();
    expect(mine.getAttribute('draggable')).toBe('true');
    expect(theirs.querySelector('select')).toBeNull();
    expect(target.querySelector('button.link')).toBeNull();
    expect([...target.querySelectorAll('button')].some((button) => button.textContent?.includes('New task'))).toBe(false);
  });

  it('lets an analyst move none, not even a task assigned to them (the API refuses analysts)', async () => {
    const me = { id: 'm-analyst', displayName: 'Wang Lei' };
    const client = board([task('Weekly report', { assignee: me })], []);
    const workspace = testWorkspace({ canEdit: false, me: { ...me, email: 'w@example.com', role: 'ANALYST' } });
    const { target } = render(TasksPage, {}, { client, workspace });
    await settle();
    const card = target.querySelector<HTMLElement>('.task')!;
    expect(card.textContent).toContain('Weekly report');
    expect(card.querySelector('select')).toBeNull();
    expect(card.getAttribute('draggable')).toBe('false');
    expect(target.textContent).toContain('Analysts read the board');
  });

  it('invites an editor to add the first task on an empty board', async () => {
    const client = board([], []);
    const { target } = render(TasksPage, {}, { client });
    await settle();
    expect(target.querySelector('.empty')?.textContent).toContain('No tasks yet');
  });
});
