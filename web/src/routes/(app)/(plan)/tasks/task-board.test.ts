import { describe, expect, it } from 'vitest';
import { boardColumns, boardVariables, clientFilter, dropChange, groupBoard, hasFilters, isOverdue, readBoardState, type BoardTask } from './task-board.js';

const lina = { id: 'm-lina', displayName: 'Lina' };
const jie = { id: 'm-jie', displayName: 'Ajie' };
const task = (id: string, overrides: Partial<BoardTask> = {}): BoardTask => ({
  id, title: id, description: '', status: 'TODO', teamRole: 'OPERATOR', dueAt: null, assignee: null, ...overrides,
});
const state = (query = '') => readBoardState(new URL(`http://app.test/tasks${query}`));
const columns = ['TODO', 'IN_PROGRESS', 'BLOCKED', 'DONE'] as const;

describe('task board', () => {
  it('reads the board from the URL, ignoring unknown values', () => {
    expect(state('?role=HOST&assignee=me&group=role&overdue=1&q=%20彩排%20')).toEqual({
      role: 'HOST', assignee: 'me', campaign: '', session: '', overdue: true, group: 'role', cancelled: false, search: '彩排',
    });
    const junk = state('?role=CHEF&group=week');
    expect(junk.role).toBe('');
    expect(junk.group).toBe('none');
    expect(hasFilters(junk)).toBe(false);
    expect(hasFilters(state('?campaign=c1'))).toBe(true);
  });

  it('asks for open tasks soonest first and closed ones latest first, with the shared filter', () => {
    const { open, closed } = boardVariables(state('?role=DESIGNER&assignee=me&campaign=c1'), 'm-me', { open: 100, closed: 30 });
    expect(open).toEqual({
      filter: { teamRole: ['DESIGNER'], assigneeId: 'm-me', campaignId: 'c1', status: ['TODO', 'IN_PROGRESS', 'BLOCKED'] },
      orderBy: { field: 'DUE_AT', direction: 'ASC' },
      first: 100,
    });
    expect(closed).toEqual({ filter: { teamRole: ['DESIGNER'], assigneeId: 'm-me', campaignId: 'c1', status: ['DONE'] }, orderBy: { field: 'DUE_AT', direction: 'DESC' }, first: 30 });
    expect(boardVariables(state('?cancelled=1&assignee=m-jie'), 'm-me', { open: 100, closed: 30 }).closed?.filter).toEqual({ assigneeId: 'm-jie', status: ['DONE', 'CANCELLED'] });
    // "Unassigned" cannot be asked of the API; it is filtered on the client.
    expect(boardVariables(state('?assignee=none'), 'm-me', { open: 100, closed: 30 }).open.filter).toEqual({ status: ['TODO', 'IN_PROGRESS', 'BLOCKED'] });
  });

  it('shows only open columns for overdue work and the cancelled column on request', () => {
    expect(boardColumns(state('?overdue=1'))).toEqual(['TODO', 'IN_PROGRESS', 'BLOCKED']);
    expect(boardVariables(state('?overdue=1'), 'm', { open: 1, closed: 1 }).closed).toBeNull();
    expect(boardColumns(state())).toEqual(['TODO', 'IN_PROGRESS', 'BLOCKED', 'DONE']);
    expect(boardColumns(state('?cancelled=1'))).toContain('CANCELLED');
  });

  it('groups into status columns, soonest due first and undated last', () => {
    const tasks = [
      task('late', { dueAt: '2026-11-28T12:00:00Z' }),
      task('undated'),
      task('soon', { dueAt: '2026-11-26T12:00:00Z' }),
      task('doing', { status: 'IN_PROGRESS' }),
      task('gone', { status: 'CANCELLED' }),
    ];
    const [lane, ...rest] = groupBoard(tasks, 'none', columns);
    expect(rest).toEqual([]);
    expect(lane!.columns.TODO.map((each) => each.id)).toEqual(['soon', 'late', 'undated']);
    expect(lane!.columns.IN_PROGRESS.map((each) => each.id)).toEqual(['doing']);
    expect(lane!.columns.CANCELLED).toEqual([]);
    expect(lane!.count).toBe(4);
  });

  it('shows the latest closed work first', () => {
    const tasks = [task('old', { status: 'DONE', dueAt: '2026-10-01T00:00:00Z' }), task('recent', { status: 'DONE', dueAt: '2026-11-25T00:00:00Z' })];
    expect(groupBoard(tasks, 'none', columns)[0]!.columns.DONE.map((each) => each.id)).toEqual(['recent', 'old']);
  });

  it('makes a lane per team role in preparation order, leaving empty roles out', () => {
    const lanes = groupBoard([task('a', { teamRole: 'HOST' }), task('b', { teamRole: 'OPERATOR' }), task('c', { teamRole: 'HOST', status: 'DONE' })], 'role', columns);
    expect(lanes.map((lane) => [lane.key, lane.count])).toEqual([['OPERATOR', 1], ['HOST', 2]]);
  });

  it('makes a lane per assignee by name with the unassigned last', () => {
    const lanes = groupBoard([task('a'), task('b', { assignee: lina }), task('c', { assignee: jie }), task('d', { assignee: lina, status: 'BLOCKED' })], 'assignee', columns);
    expect(lanes.map((lane) => `${lane.kind}:${lane.label}:${lane.count}`)).toEqual(['member:Ajie:1', 'member:Lina:2', 'unassigned::1']);
    expect(lanes[1]!.columns.BLOCKED.map((each) => each.id)).toEqual(['d']);
  });

  it('filters unassigned tasks and text on the client', () => {
    const tasks = [task('a', { title: '彩排 rehearsal' }), task('b', { assignee: lina, description: '确认彩排时间' }), task('c', { title: '预热发布' })];
    expect(clientFilter(tasks, state('?assignee=none')).map((each) => each.id)).toEqual(['a', 'c']);
    expect(clientFilter(tasks, state('?q=彩排')).map((each) => each.id)).toEqual(['a', 'b']);
    expect(clientFilter(tasks, state('?q=REHEARSAL')).map((each) => each.id)).toEqual(['a']);
  });

  it('counts open work past its due time as overdue, not closed work', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(isOverdue({ status: 'TODO', dueAt: '2026-11-26T11:59:00Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'BLOCKED', dueAt: '2026-11-26T12:01:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'DONE', dueAt: '2026-11-20T00:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'TODO', dueAt: null }, now)).toBe(false);
  });

  it('turns a drop into a status change, and a lane change for editors', () => {
    const card = task('a', { teamRole: 'DESIGNER', assignee: lina });
    expect(dropChange(card, { status: 'DONE', lane: { key: 'all', label: '', kind: 'all' } }, true)).toEqual({ status: 'DONE' });
    expect(dropChange(card, { status: 'TODO', lane: { key: 'all', label: '', kind: 'all' } }, true)).toBeNull();
    expect(dropChange(card, { status: 'TODO', lane: { key: 'HOST', label: 'HOST', kind: 'role' } }, true)).toEqual({ teamRole: 'HOST' });
    expect(dropChange(card, { status: 'BLOCKED', lane: { key: 'm-jie', label: 'Ajie', kind: 'member' } }, true)).toEqual({ status: 'BLOCKED', assignee: jie });
    expect(dropChange(card, { status: 'TODO', lane: { key: 'unassigned', label: '', kind: 'unassigned' } }, true)).toEqual({ assignee: null });
    // An assignee who is not an editor only moves the status.
    expect(dropChange(card, { status: 'IN_PROGRESS', lane: { key: 'm-jie', label: 'Ajie', kind: 'member' } }, false)).toEqual({ status: 'IN_PROGRESS' });
  });
});
