import { defineMessages } from '$lib/i18n/messages.js';

/**
 * Whether the parts of a goal (session targets, sub-goals) add up to it: the same arithmetic as
 * the API's GoalAllocation, so the split table can judge a split while it is being typed.
 */
export type AllocationState = 'adds-up' | 'under' | 'over' | 'empty' | 'not-summed';

export interface Allocation {
  state: AllocationState;
  target: number;
  /** Sum of the parts; null when the metric is not additive. */
  allocated: number | null;
  /** target − allocated: positive is unallocated, negative over-allocated; null when not additive. */
  difference: number | null;
}

/** Float sums of fractional values drift in the last bits; the API allows the same tolerance. */
const RELATIVE_TOLERANCE = 1e-9;

export function allocate(target: number, parts: readonly number[], additive: boolean): Allocation {
  if (!additive) return { state: 'not-summed', target, allocated: null, difference: null };
  const allocated = parts.reduce((sum, part) => sum + part, 0);
  const exact = Number.isInteger(target) && parts.every(Number.isInteger);
  const addsUp = exact ? allocated === target : Math.abs(target - allocated) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(target));
  if (addsUp) return { state: 'adds-up', target, allocated, difference: 0 };
  const difference = target - allocated;
  if (parts.length === 0) return { state: 'empty', target, allocated, difference };
  return { state: difference > 0 ? 'under' : 'over', target, allocated, difference };
}

/** The API's verdict (GoalChildrenCheck / GoalSplit) in the same shape. */
export function allocationOf(check: { addsUp: boolean | null; allocated: number | null; difference: number | null; target: number }, partCount: number): Allocation {
  const { target, allocated, difference } = check;
  if (check.addsUp === null || allocated === null || difference === null) return { state: 'not-summed', target, allocated: null, difference: null };
  if (check.addsUp) return { state: 'adds-up', target, allocated, difference: 0 };
  if (partCount === 0) return { state: 'empty', target, allocated, difference };
  return { state: difference > 0 ? 'under' : 'over', target, allocated, difference };
}

/**
 * `target` split into `count` near-equal parts that add up exactly: whole units stay whole, the
 * remainder going one unit each to the first parts (100 over 3 → 34, 33, 33).
 */
export function evenSplit(target: number, count: number, wholeUnits: boolean): number[] {
  if (count <= 0) return [];
  if (!wholeUnits) {
    const part = Number((target / count).toPrecision(12));
    const parts = Array.from({ length: count }, () => part);
    // The last part takes the rounding, so the sum is the target within float tolerance.
    parts[count - 1] = Number((target - part * (count - 1)).toPrecision(12));
    return parts;
  }
  const base = Math.floor(target / count);
  const remainder = Math.round(target - base * count);
  return Array.from({ length: count }, (_, index) => base + (index < remainder ? 1 : 0));
}

const t = defineMessages(
  {
    sessionsAddUp: 'Session targets add up to {target}',
    sessionsUnder: 'Session targets sum to {allocated} of {target}: {gap} unallocated',
    sessionsOver: 'Session targets sum to {allocated} of {target}: {gap} over',
    sessionsEmpty: 'Not split onto sessions yet: {target} unallocated',
    sessionsNotSummed: 'Not additive across sessions: each session target stands on its own',
    childrenAddUp: 'Sub-goals add up to {target}',
    childrenUnder: 'Sub-goals sum to {allocated} of {target}: {gap} unassigned',
    childrenOver: 'Sub-goals sum to {allocated} of {target}: {gap} over',
    childrenEmpty: 'No sub-goal in this metric yet: {target} unassigned',
    childrenNotSummed: 'Not additive: sub-goals in this metric are not summed',
  },
  {
    sessionsAddUp: '各场目标合计正好 {target}',
    sessionsUnder: '各场目标合计 {allocated} / {target}，还有 {gap} 未拆分',
    sessionsOver: '各场目标合计 {allocated} / {target}，超出 {gap}',
    sessionsEmpty: '还未拆分到场次：{target} 未拆分',
    sessionsNotSummed: '该指标不能按场次相加：每场目标单独考核',
    childrenAddUp: '子目标合计正好 {target}',
    childrenUnder: '子目标合计 {allocated} / {target}，还有 {gap} 未分配',
    childrenOver: '子目标合计 {allocated} / {target}，超出 {gap}',
    childrenEmpty: '还没有同指标的子目标：{target} 未分配',
    childrenNotSummed: '该指标不可相加：同指标子目标不做合计',
  },
);

const KEYS = {
  sessions: { 'adds-up': 'sessionsAddUp', under: 'sessionsUnder', over: 'sessionsOver', empty: 'sessionsEmpty', 'not-summed': 'sessionsNotSummed' },
  children: { 'adds-up': 'childrenAddUp', under: 'childrenUnder', over: 'childrenOver', empty: 'childrenEmpty', 'not-summed': 'childrenNotSummed' },
} as const;

/** The verdict in words, e.g. "Sub-goals sum to ¥800,000 of ¥1,000,000: ¥200,000 unassigned". */
export function allocationMessage(allocation: Allocation, parts: 'sessions' | 'children', format: (value: number) => string): string {
  return t(KEYS[parts][allocation.state], {
    target: format(allocation.target),
    allocated: format(allocation.allocated ?? 0),
    gap: format(Math.abs(allocation.difference ?? 0)),
  });
}
