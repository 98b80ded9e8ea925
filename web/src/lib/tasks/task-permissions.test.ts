import { describe, expect, it } from 'vitest';
import { canChangeTaskStatus } from './task-permissions.js';

describe('who may change a task status', () => {
  const mine = { assignee: { id: 'me' } };
  const theirs = { assignee: { id: 'someone-else' } };
  const nobodys = { assignee: null };

  it('lets owners and operators change any task', () => {
    for (const role of ['OWNER', 'OPERATOR'] as const) {
      expect([mine, theirs, nobodys].map((task) => canChangeTaskStatus({ id: 'me', role }, task))).toEqual([true, true, true]);
    }
  });

  it('lets a host change only the tasks assigned to them', () => {
    expect([mine, theirs, nobodys].map((task) => canChangeTaskStatus({ id: 'me', role: 'HOST' }, task))).toEqual([true, false, false]);
  });

  it('lets an analyst change none, not even one assigned to them (the API refuses it)', () => {
    expect([mine, theirs, nobodys].map((task) => canChangeTaskStatus({ id: 'me', role: 'ANALYST' }, task))).toEqual([false, false, false]);
  });
});
