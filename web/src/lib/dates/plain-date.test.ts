import { beforeAll, describe, expect, it } from 'vitest';
import { locale } from '$lib/i18n/locale.svelte.js';
import { addDays, dayKey, dayStart, formatPlainDate, isCalendarDate, todayIn } from './plain-date.js';

beforeAll(() => locale.set('en'));

describe('plain dates', () => {
  it('reads only real dates', () => {
    expect(isCalendarDate('2026-11-23')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('23/11/2026')).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });

  it('moves dates across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2026-11-23', 7)).toBe('2026-11-30');
  });

  it('puts instants on the day they fall on in the organization zone', () => {
    // 16:30 UTC is already the next morning in Shanghai and still the same morning in Los Angeles.
    expect(dayKey('2026-11-23T16:30:00Z', 'Asia/Shanghai')).toBe('2026-11-24');
    expect(dayKey('2026-11-23T16:30:00Z', 'America/Los_Angeles')).toBe('2026-11-23');
    expect(dayKey(new Date('2026-11-25T23:59:00Z'), 'Asia/Shanghai')).toBe('2026-11-26');
  });

  it('names today in the organization’s zone', () => {
    const instant = new Date('2025-12-11T17:00:00Z');
    expect(todayIn('Asia/Shanghai', instant)).toBe('2025-12-12');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2025-12-11');
  });

  it('begins days at local midnight, including on DST change days', () => {
    expect(dayStart('2026-11-23', 'Asia/Shanghai')).toBe('2026-11-22T16:00:00.000Z');
    expect(dayStart('2026-11-01', 'America/New_York')).toBe('2026-11-01T04:00:00.000Z');
    expect(dayStart('2026-11-02', 'America/New_York')).toBe('2026-11-02T05:00:00.000Z');
    expect(() => dayStart('2026-02-30', 'Asia/Shanghai')).toThrow(/2026-02-30/);
  });

  it('formats a date as the same day in every zone', () => {
    expect(formatPlainDate('2025-12-12')).toBe('Dec 12, 2025');
    expect(formatPlainDate('not a date')).toBe('—');
  });
});
