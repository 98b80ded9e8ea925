import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatMoney, formatPercent, instantFromZonedInput, parseMoneyInput, zonedInputValue } from './format.js';
import { preferredLocale } from './locale.svelte.js';
import { defineMessages } from './messages.js';
import { locale } from './locale.svelte.js';

describe('formatting for the locale and the organization time zone', () => {
  it('formats minor units as money in both locales', () => {
    expect(formatMoney({ amount: 129900, currency: 'CNY' }, { locale: 'zh-CN' })).toBe('¥1,299.00');
    expect(formatMoney({ amount: 129900, currency: 'CNY' }, { locale: 'en' })).toBe('CN¥1,299.00');
    expect(formatMoney({ amount: 1234567800, currency: 'CNY' }, { locale: 'zh-CN', compact: true })).toBe('¥1234.6万');
    expect(formatMoney(null)).toBe('—');
  });

  it('reads typed amounts into minor units and refuses what is not an amount', () => {
    expect(parseMoneyInput('1,299.5')).toBe(129950);
    expect(parseMoneyInput('¥ 89')).toBe(8900);
    expect(parseMoneyInput('1.234')).toBeNull();
    expect(parseMoneyInput('abc')).toBeNull();
  });

  it('shows instants in the organization zone, not the browser zone', () => {
    const instant = '2026-11-25T12:30:00Z';
    expect(formatDate(instant, 'Asia/Shanghai', 'time', 'en')).toBe('20:30');
    expect(formatDate(instant, 'America/Los_Angeles', 'time', 'en')).toBe('04:30');
  });

  it('round-trips datetime-local values through a zone, across a DST change', () => {
    expect(zonedInputValue('2026-11-25T12:30:00Z', 'Asia/Shanghai')).toBe('2026-11-25T20:30');
    expect(instantFromZonedInput('2026-11-25T20:30', 'Asia/Shanghai')).toBe('2026-11-25T12:30:00.000Z');
    expect(instantFromZonedInput('2026-03-08T03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(instantFromZonedInput('2026-11-01T12:00', 'America/New_York')).toBe('2026-11-01T17:00:00.000Z');
    expect(instantFromZonedInput('not a date', 'UTC')).toBeNull();
  });

  it('formats durations and percentages', () => {
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(-30)).toBe('-0:30');
    expect(formatPercent(0.0312, 1, 'en')).toBe('3.1%');
  });
});

describe('language', () => {
  it('follows the browser: any Chinese variant is zh-CN, English is en, else Chinese', () => {
    expect(preferredLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(preferredLocale(['en-GB'])).toBe('en');
    expect(preferredLocale(['fr-FR', 'en-US'])).toBe('en');
    expect(preferredLocale(['fr-FR'])).toBe('zh-CN');
  });

  it('switches every message at once and fills placeholders', () => {
    const t = defineMessages({ hello: 'Hello {name}' }, { hello: '你好,{name}' });
    locale.set('en');
    expect(t('hello', { name: 'Lina' })).toBe('Hello Lina');
    locale.set('zh-CN');
    expect(t('hello', { name: 'Lina' })).toBe('你好,Lina');
    expect(localStorage.getItem('broadcart.locale')).toBe('zh-CN');
  });
});
