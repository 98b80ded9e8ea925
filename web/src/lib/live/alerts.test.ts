import { describe, expect, it } from 'vitest';
import { mergeAlert, newlyFired, severityOf, sortAlerts, type AlertLike } from './alerts.js';

const alert = (id: string, overrides: Partial<AlertLike> = {}): AlertLike => ({
  id,
  version: 1,
  active: true,
  firedAt: '2026-12-12T12:00:00Z',
  acknowledgedAt: null,
  condition: 'BELOW',
  metric: 'ONLINE_VIEWERS',
  ...overrides,
});

describe('alerts', () => {
  it('adds a new alert first and replaces a held one only with a newer version', () => {
    let list = [alert('a')];
    list = mergeAlert(list, alert('b', { firedAt: '2026-12-12T12:05:00Z' }));
    expect(list.map((item) => item.id)).toEqual(['b', 'a']);
    list = mergeAlert(list, alert('a', { version: 2, acknowledgedAt: '2026-12-12T12:06:00Z' }));
    expect(list.find((item) => item.id === 'a')?.acknowledgedAt).not.toBeNull();
    // A late copy of version 1 does not undo the acknowledgement.
    list = mergeAlert(list, alert('a', { version: 1 }));
    expect(list.find((item) => item.id === 'a')?.version).toBe(2);
  });

  it('uses the notice version over the alert version when given', () => {
    const list = mergeAlert([alert('a', { version: 3 })], alert('a', { version: 3, active: false }), 3);
    expect(list[0]?.active).toBe(true);
  });

  it('orders open unacknowledged alerts first, then acknowledged, then cleared, newest first', () => {
    const sorted = sortAlerts([
      alert('cleared', { active: false, firedAt: '2026-12-12T12:09:00Z' }),
      alert('old', { firedAt: '2026-12-12T12:00:00Z' }),
      alert('acked', { acknowledgedAt: '2026-12-12T12:08:00Z', firedAt: '2026-12-12T12:07:00Z' }),
      alert('new', { firedAt: '2026-12-12T12:05:00Z' }),
    ]);
    expect(sorted.map((item) => item.id)).toEqual(['new', 'old', 'acked', 'cleared']);
  });

  it('derives a severity from the rule condition and metric', () => {
    expect(severityOf({ condition: 'DROP_PERCENT', metric: 'ONLINE_VIEWERS' })).toBe('danger');
    expect(severityOf({ condition: 'BELOW_PACE', metric: 'GMV_PAID' })).toBe('warn');
    expect(severityOf({ condition: 'PRODUCT_BELOW_EXPECTED', metric: 'UNITS_PAID' })).toBe('warn');
    expect(severityOf({ condition: 'ABOVE', metric: 'GMV_PAID' })).toBe('info');
    expect(severityOf({ condition: 'RISE_PERCENT', metric: 'REFUNDS' })).toBe('danger');
  });

  it('finds the alerts to announce: new and still active', () => {
    const before = [alert('a')];
    const after = [alert('c', { active: false }), alert('b'), alert('a', { version: 2 })];
    expect(newlyFired(before, after).map((item) => item.id)).toEqual(['b']);
  });
});
