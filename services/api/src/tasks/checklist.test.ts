import { describe, expect, it } from 'vitest';
import { completedAtAfter, DEFAULT_CHECKLIST_TEMPLATE, dueAtFor, isOverdue, offsetLabel, offsetMinutesBetween } from './checklist.js';

describe('offsetLabel', () => {
  it.each([
    [-7 * 1440, 'T-7d'],
    [-3 * 1440, 'T-3d'],
    [-180, 'T-3h'],
    [1440, 'T+1d'],
    [0, 'T-0'],
    [45, 'T+45m'],
    [-(1440 + 120), 'T-1d2h'],
    [-(1440 + 30), 'T-1d30m'],
    [-90, 'T-1h30m'],
  ])('labels %i minutes as %s', (minutes, label) => {
    expect(offsetLabel(minutes)).toBe(label);
  });
});

describe('due dates', () => {
  const start = new Date('2026-12-01T12:00:00Z');

  it('puts a negative offset before the start and a positive one after it', () => {
    expect(dueAtFor(start, -7 * 1440).toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(dueAtFor(start, -180).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(dueAtFor(start, 1440).toISOString()).toBe('2026-12-02T12:00:00.000Z');
  });

  it('recovers the offset from a due date', () => {
    expect(offsetMinutesBetween(start, dueAtFor(start, -4321))).toBe(-4321);
  });

  it('orders the default template from a week before to the day after', () => {
    const offsets = DEFAULT_CHECKLIST_TEMPLATE.map((line) => line.offsetMinutes);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(DEFAULT_CHECKLIST_TEMPLATE.map((line) => offsetLabel(line.offsetMinutes))).toEqual(['T-7d', 'T-3d', 'T-2d', 'T-1d', 'T-3h', 'T+1d']);
  });
});

describe('isOverdue', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const past = new Date('2026-12-01T11:59:00Z');

  it('flags open work past its due time', () => {
    expect(isOverdue({ status: 'TODO', dueAt: past }, now)).toBe(true);
    expect(isOverdue({ status: 'IN_PROGRESS', dueAt: past }, now)).toBe(true);
    expect(isOverdue({ status: 'BLOCKED', dueAt: past }, now)).toBe(true);
  });

  it('never flags finished work, future work or work without a due time', () => {
    expect(isOverdue({ status: 'DONE', dueAt: past }, now)).toBe(false);
    expect(isOverdue({ status: 'CANCELLED', dueAt: past }, now)).toBe(false);
    expect(isOverdue({ status: 'TODO', dueAt: now }, now)).toBe(false);
    expect(isOverdue({ status: 'TODO', dueAt: null }, now)).toBe(false);
  });
});

describe('completedAtAfter', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const earlier = new Date('2026-11-30T08:00:00Z');

  it('stamps the time a task becomes done', () => {
    expect(completedAtAfter({ status: 'IN_PROGRESS', completedAt: null }, 'DONE', now)).toBe(now);
  });

  it('keeps the original time while a task stays done', () => {
    expect(completedAtAfter({ status: 'DONE', completedAt: earlier }, 'DONE', now)).toBe(earlier);
  });

  it('clears the time when a task leaves done', () => {
    expect(completedAtAfter({ status: 'DONE', completedAt: earlier }, 'TODO', now)).toBeNull();
  });
});
