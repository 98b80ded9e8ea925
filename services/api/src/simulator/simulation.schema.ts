import type { FieldMap } from '@pothos/core';
import { builder } from '../schema/builder.js';
import { MUTATION_ERRORS } from '../schema/common.schema.js';
import { LiveSessionRef } from '../schema/refs.js';
import { scopeOf } from '../context.js';
import { sessionId, type PayloadFieldBuilder } from '../sessions/session-schema-helpers.js';
import type { SimulationStatus } from './simulation.service.js';

const SimulationStopReasonEnum = builder.enumType('SimulationStopReason', {
  description: 'DURATION: ran its course; STOPPED: stopSimulation or the app closed; SESSION_ENDED: the session left LIVE; FAILED: ingestion refused its batches.',
  values: ['DURATION', 'STOPPED', 'SESSION_ENDED', 'FAILED'] as const,
});

const SimulationRef = builder.objectRef<SimulationStatus>('Simulation').implement({
  description: 'A demo audience simulation on a session, run by the API process that started it.',
  fields: (t) => ({
    running: t.exposeBoolean('running'),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    stopReason: t.expose('stopReason', { type: SimulationStopReasonEnum, nullable: true, description: 'Why it stopped; null while running.' }),
    viewers: t.exposeInt('viewers', { description: 'Peak concurrent viewers the arrival curve is scaled to.' }),
    durationSeconds: t.exposeInt('durationSeconds'),
    elapsedSeconds: t.int({ description: 'Show time simulated so far.', resolve: (status) => Math.floor(status.runner.stats.elapsedSeconds) }),
    online: t.int({ description: 'Simulated viewers present now.', resolve: (status) => status.runner.stats.online }),
    eventsSent: t.int({ description: 'Audience events delivered to ingestion (each once, whatever the retries).', resolve: (status) => status.runner.stats.eventsSent }),
    accepted: t.int({ resolve: (status) => status.runner.stats.accepted }),
    duplicates: t.int({ resolve: (status) => status.runner.stats.duplicates }),
    rejected: t.int({ resolve: (status) => status.runner.stats.rejected }),
  }),
});

builder.objectFields(LiveSessionRef, (t) => ({
  simulation: t.field({
    type: SimulationRef,
    nullable: true,
    description: 'The latest demo audience simulation of this session in the API process answering; null if none.',
    resolve: (session, _args, context) => context.services.simulations.status(scopeOf(context).actor, session.id),
  }),
}));

const SIMULATION_OUTPUT = {
  outputFields: (t: PayloadFieldBuilder<{ simulation: SimulationStatus; sessionId: string }>): FieldMap => ({
    session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.sessionId }),
    simulation: t.field({ type: SimulationRef, resolve: (payload) => payload.simulation }),
  }),
};

builder.relayMutationField(
  'startSimulation',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true }),
      viewers: t.int({ required: true, description: 'Peak concurrent viewers, 1 to 5,000.' }),
      durationSeconds: t.int({ required: true, description: '10 s to 6 hours.' }),
    }),
  },
  {
    errors: { types: MUTATION_ERRORS },
    description:
      'Demo organization only: drives simulated audience traffic (arrivals, comments, likes, clicks and orders following the segment on air) into a LIVE session through ingestion, like `npm run simulate`.',
    resolve: async (_root, { input: { sessionId: id, ...input } }, context) => {
      const simulation = await context.services.simulations.start(scopeOf(context), sessionId(id), input);
      return { simulation, sessionId: simulation.sessionId };
    },
  },
  SIMULATION_OUTPUT,
);

builder.relayMutationField(
  'stopSimulation',
  { inputFields: (t) => ({ sessionId: t.id({ required: true }) }) },
  {
    errors: { types: MUTATION_ERRORS },
    description: 'Demo organization only: stops the simulation running on the session; its viewers leave.',
    resolve: async (_root, { input }, context) => {
      const simulation = await context.services.simulations.stop(scopeOf(context), sessionId(input.sessionId));
      return { simulation, sessionId: simulation.sessionId };
    },
  },
  SIMULATION_OUTPUT,
);
