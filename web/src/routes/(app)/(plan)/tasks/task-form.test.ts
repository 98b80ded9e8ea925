import { describe, expect, it } from 'vitest';
import type { TaskRow } from './task-documents.js';
import { emptyTaskForm, readNewTask, readTaskChanges, taskFormValues } from './task-form.js';

const zone = 'Asia/Shanghai';
const task: TaskRow = {
  id: 't1', title: '彩排', description: '', status: 'TODO', teamRole: 'HOST', dueAt: '2026-11-27T09:00:00.000Z', overdue: false, fromTemplate: true, completedAt: null,
  assignee: { id: 'm1', displayName: 'Lina' }, session: { id: 's1', title: 'Main show', scheduledStart: '2026-11-27T12:00:00Z' }, campaign: null,
};

describe('task form', () => {
  it('creates a task with the due time read in the organization zone and empty fields left out', () => {
    const values = { ...emptyTaskForm({ campaignId: 'c1' }), title: ' 视觉物料 ', teamRole: 'DESIGNER' as const, dueAt: '2026-11-28T18:00' };
    expect(readNewTask(values, zone)).toEqual({ ok: true, input: { title: '视觉物料', teamRole: 'DESIGNER', status: 'TODO', dueAt: '2026-11-28T10:00:00.000Z', campaignId: 'c1' } });
  });

  it('refuses a task without a title or with a due time it cannot read', () => {
    expect(readNewTask({ ...emptyTaskForm(), dueAt: 'tomorrow' }, zone)).toEqual({ ok: false, problems: { title: 'required', dueAt: 'dateTime' } });
  });

  it('sends only what changed, with null to unassign or unlink', () => {
    const values = { ...taskFormValues(task, zone), assigneeId: '', sessionId: '', status: 'IN_PROGRESS' as const };
    expect(values.dueAt).toBe('2026-11-27T17:00');
    expect(readTaskChanges(task, values, zone)).toEqual({ ok: true, input: { id: 't1', status: 'IN_PROGRESS', assigneeId: null, sessionId: null } });
    expect(readTaskChanges(task, taskFormValues(task, zone), zone)).toEqual({ ok: true, input: null });
    expect(readTaskChanges(task, { ...taskFormValues(task, zone), dueAt: '' }, zone)).toEqual({ ok: true, input: { id: 't1', dueAt: null } });
  });
});
