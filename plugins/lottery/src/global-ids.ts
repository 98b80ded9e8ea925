import { NotFoundError } from '@broadcart/plugin-sdk';
import { UUID } from './ids.js';

/**
 * Relay global ids of the lottery's node types, in the builder's default encoding
 * (base64 of `<Typename>:<id>`), so ids made here and by the `id` fields agree.
 */
export type LotteryTypename = 'LotteryGiveaway' | 'LotteryDraw' | 'LotteryWinner';

export function globalId(typename: LotteryTypename | 'LiveSession' | 'Segment' | 'Viewer', id: string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

/**
 * The uuid behind a global id of `typename`. A malformed id, or one of another type, behaves like
 * an unknown one (NotFoundError), as in the core, so ids never tell what exists elsewhere.
 */
export function localId(id: string | number, typename: LotteryTypename): string {
  const text = Buffer.from(String(id), 'base64').toString('utf8');
  const separator = text.indexOf(':');
  const raw = text.slice(separator + 1);
  if (separator < 0 || text.slice(0, separator) !== typename || !UUID.test(raw)) throw new NotFoundError(typename, String(id));
  return raw;
}
