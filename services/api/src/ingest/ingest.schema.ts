import { builder } from '../schema/builder.js';
import { AUDIENCE_EVENT_KINDS } from './contract.js';

export const AudienceEventKindEnum = builder.enumType('AudienceEventKind', {
  description: 'What an audience member did (or, for VIEWER_COUNT, what the platform reported).',
  values: AUDIENCE_EVENT_KINDS,
});
