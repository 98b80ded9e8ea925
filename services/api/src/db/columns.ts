import { p } from '@mikro-orm/core';
import { uuidv7 } from '../shared/ids.js';

/** Primary key: UUIDv7 generated in the application so ids are known before flush. */
export const idColumn = () => p.uuid().primary().onCreate(() => uuidv7());

/** Row timestamps, `timestamptz` in UTC. */
export const timestampColumns = () => ({
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
});
