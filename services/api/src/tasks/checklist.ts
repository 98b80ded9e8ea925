import type { TaskStatus, TeamRole } from './task.entity.js';

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

/** Statuses of work that still has to happen: these can be overdue and are cancelled with their session. */
export const OPEN_TASK_STATUSES = ['TODO', 'IN_PROGRESS', 'BLOCKED'] as const satisfies readonly TaskStatus[];

export interface ChecklistTemplateLine {
  title: string;
  description: string;
  /** Minutes after the session's scheduled start; negative = before. */
  offsetMinutes: number;
  teamRole: TeamRole;
}

/** The checklist every new organization starts with (and `resetChecklistTemplate` restores). */
export const DEFAULT_CHECKLIST_TEMPLATE: readonly ChecklistTemplateLine[] = [
  { title: '确定主题和排品', description: 'Theme and lineup fixed.', offsetMinutes: -7 * MINUTES_PER_DAY, teamRole: 'OPERATOR' },
  { title: '确认库存、价格和发货', description: 'Stock, price and delivery confirmed.', offsetMinutes: -3 * MINUTES_PER_DAY, teamRole: 'PRODUCT_MANAGER' },
  { title: '视觉物料', description: 'Visuals: cover, banners, overlay assets.', offsetMinutes: -2 * MINUTES_PER_DAY, teamRole: 'DESIGNER' },
  { title: '预热发布', description: 'Warm-up posts published.', offsetMinutes: -1 * MINUTES_PER_DAY, teamRole: 'OPERATOR' },
  { title: '彩排', description: 'Rehearsal of the run-of-show.', offsetMinutes: -3 * MINUTES_PER_HOUR, teamRole: 'HOST' },
  { title: '复盘', description: 'Review against the goals.', offsetMinutes: 1 * MINUTES_PER_DAY, teamRole: 'OPERATOR' },
];

/** The due time of a checklist line for a session starting at `scheduledStart`. */
export function dueAtFor(scheduledStart: Date, offsetMinutes: number): Date {
  return new Date(scheduledStart.getTime() + offsetMinutes * 60_000);
}

/** Whole minutes from the session start to `dueAt`, the inverse of `dueAtFor`. */
export function offsetMinutesBetween(scheduledStart: Date, dueAt: Date): number {
  return Math.round((dueAt.getTime() - scheduledStart.getTime()) / 60_000);
}

/**
 * The planner's shorthand for an offset: "T-7d", "T-3h", "T+1d", "T-1d2h", "T+45m"; "T-0" at the start.
 * Larger units come first and zero parts are left out.
 */
export function offsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'T-0';
  const sign = offsetMinutes < 0 ? '-' : '+';
  let rest = Math.abs(offsetMinutes);
  const days = Math.floor(rest / MINUTES_PER_DAY);
  rest -= days * MINUTES_PER_DAY;
  const hours = Math.floor(rest / MINUTES_PER_HOUR);
  const minutes = rest - hours * MINUTES_PER_HOUR;
  const parts = [days && `${days}d`, hours && `${hours}h`, minutes && `${minutes}m`].filter(Boolean);
  return `T${sign}${parts.join('')}`;
}

/** Open work past its due time. Tasks without a due time are never overdue. */
export function isOverdue(task: { status: TaskStatus; dueAt?: Date | null }, now: Date): boolean {
  return task.dueAt != null && task.dueAt.getTime() < now.getTime() && (OPEN_TASK_STATUSES as readonly TaskStatus[]).includes(task.status);
}

/**
 * `completedAt` after a status change: stamped when a task becomes DONE, kept while it stays DONE,
 * cleared when it leaves DONE.
 */
export function completedAtAfter(task: { status: TaskStatus; completedAt?: Date | null }, nextStatus: TaskStatus, now: Date): Date | null {
  if (nextStatus !== 'DONE') return null;
  return task.status === 'DONE' && task.completedAt ? task.completedAt : now;
}
