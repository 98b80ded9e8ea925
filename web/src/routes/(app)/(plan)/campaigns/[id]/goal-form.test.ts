import { describe, expect, it } from 'vitest';
import type { GoalRow } from './builder-documents.js';
import { emptyGoalForm, goalFormValues, readGoalChanges, readNewGoal } from './goal-form.js';

const money = { unit: 'MONEY', numerator: null } as const;
const rate = { unit: 'RATE', numerator: 'BUYERS' } as const;

const goal: GoalRow = {
  id: 'g1', title: '双十二成交', metric: 'GMV_PAID', horizon: 'MID', target: 150_000_000, dueDate: '2026-12-15', position: 0,
  parent: null, owner: { id: 'm1', displayName: 'Lina' },
  metricDefinition: { key: 'GMV_PAID', nameEn: 'GMV paid', nameZh: '成交金额', unit: 'MONEY', additive: true, numerator: null },
  childrenCheck: null, split: { addsUp: null, allocated: null, difference: null, target: 150_000_000, targets: [] },
};

describe('goal form', () => {
  it('builds a new sub-goal with the target in the metric unit, leaving out empty optional fields', () => {
    const values = { ...emptyGoalForm('parent-1'), title: ' 看播转化率 ', metric: 'CONVERSION_RATE', target: '3.5' };
    expect(readNewGoal(values, rate, 'c1', 'CNY')).toEqual({
      ok: true,
      input: { campaignId: 'c1', title: '看播转化率', horizon: 'MID', metric: 'CONVERSION_RATE', target: 0.035, parentId: 'parent-1' },
    });
  });

  it('names what is missing or unreadable', () => {
    expect(readNewGoal(emptyGoalForm(null), null, 'c1', 'CNY')).toEqual({ ok: false, problems: { title: 'required', metric: 'metric' } });
    expect(readNewGoal({ ...emptyGoalForm(null), title: 'x', metric: 'CONVERSION_RATE', target: '150' }, rate, 'c1', 'CNY')).toEqual({ ok: false, problems: { target: 'percent' } });
  });

  it('sends only what changed on an edit, with null to clear', () => {
    const values = { ...goalFormValues(goal, 'CNY'), target: '1,600,000', ownerId: '' };
    expect(readGoalChanges(goal, values, money, 'CNY')).toEqual({ ok: true, update: { id: 'g1', target: 160_000_000, ownerId: null }, moveTo: null });
  });

  it('reports a move without an update when only the parent changed', () => {
    const values = { ...goalFormValues(goal, 'CNY'), parentId: 'g0' };
    expect(readGoalChanges(goal, values, money, 'CNY')).toEqual({ ok: true, update: null, moveTo: { parentId: 'g0' } });
    const unchanged = goalFormValues(goal, 'CNY');
    expect(unchanged.target).toBe('1500000');
    expect(readGoalChanges(goal, unchanged, money, 'CNY')).toEqual({ ok: true, update: null, moveTo: null });
  });
});
