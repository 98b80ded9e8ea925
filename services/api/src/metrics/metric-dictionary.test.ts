import { describe, expect, it } from 'vitest';
import { GOAL_HORIZONS } from '../campaigns/campaign.entity.js';
import { METRIC_DEFINITIONS, METRIC_KEYS, metricDefinition, metricValueIssue } from './metric-dictionary.js';

describe('metric dictionary', () => {
  it('defines every key exactly once, in key order', () => {
    expect(METRIC_DEFINITIONS.map((definition) => definition.key)).toEqual([...METRIC_KEYS]);
    expect(new Set(METRIC_KEYS).size).toBe(METRIC_KEYS.length);
    for (const key of METRIC_KEYS) expect(key).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('names every metric in both languages and describes it', () => {
    for (const definition of METRIC_DEFINITIONS) {
      expect(definition.nameZh, definition.key).toMatch(/\p{Script=Han}/u);
      expect(definition.nameEn.trim(), definition.key).not.toBe('');
      expect(definition.description.length, definition.key).toBeGreaterThan(10);
    }
  });

  it('gives every rate, ratio and average a numerator and a denominator from the dictionary', () => {
    for (const definition of METRIC_DEFINITIONS) {
      if (definition.unit === 'RATE' || definition.unit === 'RATIO') {
        expect(definition.denominator, definition.key).not.toBeNull();
      }
      expect(definition.numerator === null, definition.key).toBe(definition.denominator === null);
      for (const part of [definition.numerator, definition.denominator]) {
        if (part !== null) expect(metricDefinition(part).numerator, `${definition.key} uses ${part}`).toBeNull();
      }
    }
  });

  it('only sums raw metrics across sessions', () => {
    for (const definition of METRIC_DEFINITIONS) {
      if (definition.numerator !== null || definition.unit === 'RATE') expect(definition.additive, definition.key).toBe(false);
    }
    expect(metricDefinition('PCU').additive).toBe(false);
    expect(metricDefinition('GMV_PAID').additive).toBe(true);
    expect(metricDefinition('UV').additive).toBe(true);
  });

  it('puts every metric in at least one known horizon', () => {
    for (const definition of METRIC_DEFINITIONS) {
      expect(definition.horizons.length, definition.key).toBeGreaterThan(0);
      for (const horizon of definition.horizons) expect(GOAL_HORIZONS).toContain(horizon);
      expect(new Set(definition.horizons).size).toBe(definition.horizons.length);
    }
    expect(metricDefinition('PV').horizons).toEqual(['SHORT']);
    expect(metricDefinition('CONVERSION_RATE').horizons).toEqual(['MID']);
    expect(metricDefinition('LOYAL_BUYERS').horizons).toEqual(['LONG']);
  });

  it('scales GPM per thousand views and nothing else', () => {
    expect(METRIC_DEFINITIONS.filter((definition) => definition.scale !== 1).map((definition) => definition.key)).toEqual(['GPM']);
    expect(metricDefinition('GPM')).toMatchObject({ numerator: 'GMV_PAID', denominator: 'PV', scale: 1000 });
  });
});

describe('metricValueIssue', () => {
  it('accepts values in the unit of the metric', () => {
    expect(metricValueIssue(metricDefinition('GMV_PAID'), 20_000_000)).toBeNull();
    expect(metricValueIssue(metricDefinition('CONVERSION_RATE'), 0.05)).toBeNull();
    expect(metricValueIssue(metricDefinition('PAY_ROI'), 3.5)).toBeNull();
    expect(metricValueIssue(metricDefinition('AVG_WATCH_SECONDS'), 45.5)).toBeNull();
  });

  it('refuses negative, fractional raw and out-of-range values', () => {
    expect(metricValueIssue(metricDefinition('UV'), -1)).toMatch(/at least 0/);
    expect(metricValueIssue(metricDefinition('GMV_PAID'), 10.5)).toMatch(/whole minor units/);
    expect(metricValueIssue(metricDefinition('CONVERSION_RATE'), 5)).toMatch(/fraction from 0 to 1/);
    expect(metricValueIssue(metricDefinition('ORDERS'), Number.POSITIVE_INFINITY)).not.toBeNull();
    expect(metricValueIssue(metricDefinition('ORDERS'), 1e14)).toMatch(/at most/);
  });
});
