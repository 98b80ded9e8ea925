import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app.js';
import { mutate, mutateResult } from './seed.js';

/** Seed helpers shared by the sessions*.test.ts files; each file still builds its own organizations. */

/** An instant `hours` after a fixed future Monday (2030-01-07T00:00Z), as ISO-8601. */
export function hoursFrom(hours: number): string {
  return new Date(Date.UTC(2030, 0, 7) + hours * 3600_000).toISOString();
}

const unique = () => randomBytes(3).toString('hex');

export interface SessionSeed {
  title?: string;
  platform?: string;
  startHour?: number;
  hours?: number;
  campaignId?: string;
  roomUrl?: string;
}

/** Creates a DRAFT session from `startHour` for `hours` hours; returns its global id. */
export async function seedSession(t: TestApp, token: string, seed: SessionSeed = {}): Promise<string> {
  const startHour = seed.startHour ?? 20;
  const { session } = await mutate(t, token, 'createSession', {
    title: seed.title ?? `Session ${unique()}`,
    platform: seed.platform ?? 'DOUYIN',
    scheduledStart: hoursFrom(startHour),
    scheduledEnd: hoursFrom(startHour + (seed.hours ?? 2)),
    ...(seed.campaignId ? { campaignId: seed.campaignId } : {}),
    ...(seed.roomUrl ? { roomUrl: seed.roomUrl } : {}),
  }, 'session { id }');
  return session.id;
}

export async function seedHost(t: TestApp, token: string, name = `主播 ${unique()}`): Promise<string> {
  const { host } = await mutate(t, token, 'createHost', { name }, 'host { id }');
  return host.id;
}

export async function seedProduct(t: TestApp, token: string, stock = 100, title = `商品 ${unique()}`): Promise<string> {
  const { product } = await mutate(t, token, 'createProduct', {
    sku: `SKU-${unique()}`, title, priceAmount: 9900, listPriceAmount: 12900, stock,
  }, 'product { id }');
  return product.id;
}

export async function seedCampaign(t: TestApp, token: string, fromHour: number, toHour: number): Promise<string> {
  const { campaign } = await mutate(t, token, 'createCampaign', {
    name: `Campaign ${unique()}`, theme: 'SEASONAL_PROMOTION', startsAt: hoursFrom(fromHour), endsAt: hoursFrom(toHour),
  }, 'campaign { id }');
  return campaign.id;
}

export async function assignHost(t: TestApp, token: string, sessionId: string, hostId: string, role = 'ASSISTANT') {
  return mutateResult(t, token, 'assignSessionHost', { sessionId, hostId, role }, 'session { id version } sessionHost { id role }');
}

export async function addProduct(t: TestApp, token: string, sessionId: string, productId: string): Promise<string> {
  const { lineupItem } = await mutate(t, token, 'addLineupItem', { sessionId, productId }, 'lineupItem { id }');
  return lineupItem.id;
}

/** The field paths of a ValidationError result, joined with dots. */
export function issuePaths(result: { issues?: { path: string[] }[] }): string[] {
  return (result.issues ?? []).map((issue) => issue.path.join('.'));
}
