import type { FieldMap } from '@pothos/core';
import type { BuilderTypes } from '../schema/builder.js';
import { LiveSessionRef } from '../schema/refs.js';
import { localId } from '../schema/common.schema.js';
import type { LiveSession } from './session.entity.js';

/**
 * Decodes ids inside lists leniently: a malformed id is kept as is, so it fails the membership
 * check of the list and is reported with its index instead of failing the whole request.
 */
export function listedId(id: string | number, typename: string): string {
  try {
    return localId(String(id), typename);
  } catch {
    return String(id);
  }
}

export const sessionId = (id: string | number) => localId(String(id), 'LiveSession');

export type PayloadFieldBuilder<Payload> = PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>, Payload>;

/** The payload field every session mutation returns. */
export const SESSION_OUTPUT = {
  outputFields: (t: PayloadFieldBuilder<{ session: LiveSession }>): FieldMap => ({
    session: t.field({ type: LiveSessionRef, resolve: (payload) => payload.session }),
  }),
};
