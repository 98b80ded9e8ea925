import type { EntityManager } from '@mikro-orm/core';
import type { PluginHttpResponse, PluginHttpRoute } from '@broadcart/plugin-sdk';
import type { LotteryConfig } from './config.js';
import { proofOf, readEntrants } from './draw.service.js';
import { canonicalFromSorted } from './fair-draw/index.js';
import { LotteryDraw } from './giveaway.entity.js';
import { UUID } from './ids.js';

/*
 * A draw's proof and entrant list, for anyone: a proof is meant to be checked by viewers, so the
 * routes need no token. The draw id (a UUIDv7 with 74 random bits) is what keeps them unlisted.
 * Both are immutable once the draw exists.
 */

export const drawPaths = {
  proof: (drawId: string) => `/plugins/lottery/draws/${drawId}/proof.json`,
  entrants: (drawId: string) => `/plugins/lottery/draws/${drawId}/entrants.txt`,
};

/** Rows read per query while streaming an entrant list. */
const LIST_PAGE_SIZE = 10_000;

const IMMUTABLE = 'public, max-age=31536000, immutable';

const notFound = (): PluginHttpResponse => ({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'No such draw.\n' });

async function findDraw(em: EntityManager, drawId: string | undefined): Promise<LotteryDraw | null> {
  if (!drawId || !UUID.test(drawId)) return null;
  return em.fork().findOne(LotteryDraw, { id: drawId });
}

/** The canonical list text, page by page, from the same rows (and in the same order) the draw read. */
async function* entrantListChunks(em: EntityManager, draw: LotteryDraw): AsyncGenerator<string> {
  let after: string | null = null;
  for (;;) {
    const page = await readEntrants(em, draw.giveawayId, draw.round, after, LIST_PAGE_SIZE);
    if (page.length === 0) return;
    // Lines are independent, so the pages' canonical texts concatenate to the whole list's.
    yield canonicalFromSorted(page).text;
    if (page.length < LIST_PAGE_SIZE) return;
    after = page.at(-1)!.id;
  }
}

/** A draw's download, named after the draw and cached for good (a draw never changes). */
function download(drawId: string, file: string, contentType: string, body: PluginHttpResponse['body']): PluginHttpResponse {
  return {
    status: 200,
    headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="lottery-draw-${drawId}-${file}"`, 'cache-control': IMMUTABLE },
    body,
  };
}

export const downloadRoutes: PluginHttpRoute<LotteryConfig>[] = [
  {
    method: 'GET',
    path: '/draws/:drawId/proof.json',
    async handle(request, context) {
      const draw = await findDraw(context.em, request.params.drawId);
      if (!draw) return notFound();
      return download(draw.id, 'proof.json', 'application/json; charset=utf-8', `${JSON.stringify(proofOf(draw), null, 2)}\n`);
    },
  },
  {
    method: 'GET',
    path: '/draws/:drawId/entrants.txt',
    async handle(request, context) {
      const draw = await findDraw(context.em, request.params.drawId);
      if (!draw) return notFound();
      return download(draw.id, 'entrants.txt', 'text/plain; charset=utf-8', entrantListChunks(context.em.fork(), draw));
    },
  },
];
