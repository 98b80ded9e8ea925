import { builder } from '../schema/builder.js';
import { GOAL_HORIZONS } from '../campaigns/campaign.entity.js';
import { METRIC_DEFINITIONS, METRIC_KEYS, METRIC_UNITS, type MetricDefinition } from './metric-dictionary.js';

export const GoalHorizonEnum = builder.enumType('GoalHorizon', {
  description: 'SHORT: views and interaction. MID: conversion, repurchase, retention. LONG: followers, loyal buyers, brand reach.',
  values: GOAL_HORIZONS,
});

export const MetricKeyEnum = builder.enumType('MetricKey', {
  description: 'A metric of the metric dictionary; see `metricDefinitions` for names, units and formulas.',
  values: METRIC_KEYS,
});

export const MetricUnitEnum = builder.enumType('MetricUnit', {
  description:
    'COUNT: people or events. MONEY: integer minor units of the organization currency. RATE: a fraction from 0 to 1. ' +
    'RATIO: an unbounded multiple (ROI 3.2). SECONDS: a duration.',
  values: METRIC_UNITS,
});

export const MetricDefinitionRef = builder.objectRef<MetricDefinition>('MetricDefinition').implement({
  description: 'One entry of the metric dictionary. Raw counts are stored; derived metrics are numerator × scale / denominator.',
  fields: (t) => ({
    key: t.expose('key', { type: MetricKeyEnum }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name as used by operators, e.g. 场观人次.' }),
    nameEn: t.exposeString('nameEn'),
    unit: t.expose('unit', { type: MetricUnitEnum }),
    numerator: t.expose('numerator', { type: MetricKeyEnum, nullable: true, description: 'Null for raw counts.' }),
    denominator: t.expose('denominator', { type: MetricKeyEnum, nullable: true, description: 'Null for raw counts.' }),
    scale: t.exposeInt('scale', { description: 'Multiplier of the numerator, e.g. 1000 for GPM; 1 otherwise.' }),
    description: t.exposeString('description'),
    additive: t.exposeBoolean('additive', {
      description: 'Whether session values add up to the campaign value. False for rates, averages, peaks and deduplicated people.',
    }),
    horizons: t.expose('horizons', { type: [GoalHorizonEnum], description: 'Goal horizons this metric may be targeted in.' }),
  }),
});

builder.queryFields((t) => ({
  metricDefinitions: t.field({
    type: [MetricDefinitionRef],
    description: 'The metric dictionary, in dictionary order (traffic, interaction, conversion, retention, brand).',
    authScopes: { member: true },
    args: { horizon: t.arg({ type: GoalHorizonEnum, description: 'Only metrics that may be targeted in this horizon.' }) },
    resolve: (_root, { horizon }) =>
      horizon ? METRIC_DEFINITIONS.filter((definition) => definition.horizons.includes(horizon)) : METRIC_DEFINITIONS,
  }),
}));
