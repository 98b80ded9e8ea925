import { builder } from '../schema/builder.js';
import { loadScoped } from '../schema/loaders.js';
import { Host, TrainingRecord } from './host.entity.js';

export const HostRef = builder.loadableNodeRef('Host', {
  id: { resolve: (host: Host) => host.id },
  load: loadScoped<Host>(Host),
  sort: (host) => host.id,
});

export const TrainingRecordRef = builder.loadableNodeRef('TrainingRecord', {
  id: { resolve: (record: TrainingRecord) => record.id },
  load: loadScoped<TrainingRecord>(TrainingRecord),
  sort: (record) => record.id,
});

// STUB: the hosts domain replaces these with the full types, queries and mutations.
HostRef.implement({ description: 'A presenter (主播).', fields: (t) => ({ name: t.exposeString('name') }) });
TrainingRecordRef.implement({ description: 'A training a host attended.', fields: () => ({}) });
