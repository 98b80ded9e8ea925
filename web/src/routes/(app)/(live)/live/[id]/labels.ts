import { defineMessages } from '$lib/i18n/messages.js';

/** Names of API enums the control room shows in several places. */
export const enumLabel = defineMessages(
  {
    DRAFT: 'Draft',
    SCHEDULED: 'Scheduled',
    LIVE: 'Live',
    ENDED: 'Ended',
    REVIEWED: 'Reviewed',
    CANCELLED: 'Cancelled',
    WARM_UP: 'Warm-up',
    PRODUCT_PITCH: 'Product pitch',
    FLASH_SALE: 'Flash sale',
    GIVEAWAY: 'Giveaway',
    INTERACTION: 'Interaction',
    QA: 'Q&A',
    CLOSING: 'Closing',
    DOUYIN: 'Douyin',
    KUAISHOU: 'Kuaishou',
    TAOBAO_LIVE: 'Taobao Live',
    WECHAT_CHANNELS: 'WeChat Channels',
    XIAOHONGSHU: 'Xiaohongshu',
    OTHER: 'Other',
    MAIN: 'Main host',
    ASSISTANT: 'Assistant',
    GUEST: 'Guest',
  },
  {
    DRAFT: '草稿',
    SCHEDULED: '已排期',
    LIVE: '直播中',
    ENDED: '已结束',
    REVIEWED: '已复盘',
    CANCELLED: '已取消',
    WARM_UP: '暖场',
    PRODUCT_PITCH: '商品讲解',
    FLASH_SALE: '秒杀',
    GIVEAWAY: '福袋抽奖',
    INTERACTION: '互动',
    QA: '答疑',
    CLOSING: '收尾',
    DOUYIN: '抖音',
    KUAISHOU: '快手',
    TAOBAO_LIVE: '淘宝直播',
    WECHAT_CHANNELS: '视频号',
    XIAOHONGSHU: '小红书',
    OTHER: '其他',
    MAIN: '主播',
    ASSISTANT: '副播',
    GUEST: '嘉宾',
  },
);

/** Badge class of a session status. */
export function statusTone(status: string): string {
  if (status === 'LIVE') return 'live';
  if (status === 'SCHEDULED') return 'info';
  if (status === 'ENDED' || status === 'REVIEWED') return 'ok';
  if (status === 'CANCELLED') return 'danger';
  return '';
}
