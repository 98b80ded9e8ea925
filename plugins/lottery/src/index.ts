import { definePlugin, type Jsonified, type PluginEventHandler } from '@broadcart/plugin-sdk';
import { lotteryConfigSchema, type LotteryConfig } from './config.js';
import { downloadRoutes } from './downloads.http.js';
import { labelKeywordComments } from './feed.intercept.js';
import { onCommentsPosted } from './entry.handler.js';
import type { UpdateReason } from './enums.js';
import { LOTTERY_EVENTS, type GiveawayFact } from './events.js';
import { lotteryEntities } from './giveaway.entity.js';
import { defineLotterySchema } from './giveaway.schema.js';
import { lotteryMigrations } from './migrations.js';
import { noticesOf } from './notices.js';
import { onSegmentChanged } from './segment.handler.js';
import { closeDue, expireClaims, redrawDue } from './timers.js';

/**
 * The lottery's own events reach subscribers from here, after the transaction that recorded them
 * committed: a subscriber re-reading the giveaway then sees the change.
 */
function publishAs<N extends (typeof LOTTERY_EVENTS)[number]>(reason: UpdateReason): PluginEventHandler<LotteryConfig, N> {
  return (payload, context) => {
    const fact = payload as Jsonified<GiveawayFact>;
    noticesOf(context.realtime).publish({ organizationId: fact.organizationId, sessionId: fact.sessionId, giveawayId: fact.giveawayId, reason, version: fact.version });
  };
}

export default definePlugin<LotteryConfig>({
  manifest: {
    name: '@broadcart/plugin-lottery',
    namespace: 'lottery',
    version: '0.1.0',
    coreRange: '^0.1.0',
    title: { en: 'Giveaways', zh: '抽奖' },
    description: {
      en: 'Giveaways in live sessions: entry by comment keyword, conditions and exclusions, provably fair draws, prize fulfilment.',
      zh: '直播间抽奖:口令评论参与、参与条件与排除规则、可验证的公平开奖、奖品发放跟进。',
    },
  },
  packageUrl: import.meta.url,
  config: lotteryConfigSchema,
  entities: lotteryEntities,
  migrations: lotteryMigrations,
  events: LOTTERY_EVENTS,
  permissions: {
    manage: { description: { en: 'Create, run and draw giveaways; record prize fulfilment', zh: '创建、开启、开奖抽奖活动并跟进奖品发放' }, roles: ['OWNER', 'OPERATOR'] },
    // OVERLAY: the LotteryOverlay widget reads and follows the giveaways of its session with an overlay token.
    view: { description: { en: 'See giveaways, draws and winners', zh: '查看抽奖活动、开奖记录和中奖者' }, roles: ['OWNER', 'OPERATOR', 'HOST', 'ANALYST', 'OVERLAY'] },
  },
  capabilities: ['audience:read', 'realtime'],
  schema: defineLotterySchema,
  on: {
    'comment.posted': onCommentsPosted,
    'segment.changed': onSegmentChanged,
    'lottery.created': publishAs('CREATED'),
    'lottery.updated': publishAs('STATUS'),
    'lottery.opened': publishAs('STATUS'),
    'lottery.closing': publishAs('STATUS'),
    'lottery.closed': publishAs('STATUS'),
    'lottery.cancelled': publishAs('STATUS'),
    'lottery.drawn': publishAs('WINNERS'),
    'lottery.winnerUpdated': publishAs('FULFILMENT'),
  },
  intercept: { 'comment.beforePublish': labelKeywordComments },
  timers: { closeDue, expireClaims, redrawDue },
  // Components exported by the package's `./web` entry.
  widgets: [
    { slot: 'overlay', component: 'LotteryOverlay', title: { en: 'Giveaway', zh: '抽奖' } },
    { slot: 'control-room', component: 'LotteryControlRoom', title: { en: 'Giveaways', zh: '抽奖管理' } },
  ],
  http: downloadRoutes,
  shutdown(context) {
    noticesOf(context.realtime).dispose();
  },
});
