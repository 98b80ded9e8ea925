import { defineMessages } from '$lib/i18n/messages.js';
import { locale } from '$lib/i18n/locale.svelte.js';
import type { ReviewAnnotationRow } from './review-query.js';
import type { AnnotationCategory } from './timeline.js';

/** Names of the enums the review shows, shared by its sections. */
export const enumLabel = defineMessages(
  {
    DRAFT: 'Draft', SCHEDULED: 'Scheduled', LIVE: 'Live', ENDED: 'Ended', REVIEWED: 'Reviewed', CANCELLED: 'Cancelled',
    DOUYIN: 'Douyin', KUAISHOU: 'Kuaishou', TAOBAO_LIVE: 'Taobao Live', WECHAT_CHANNELS: 'WeChat Channels', XIAOHONGSHU: 'Xiaohongshu', OTHER: 'Other platform',
    MAIN: 'Main host', ASSISTANT: 'Assistant', GUEST: 'Guest',
    WARM_UP: 'Warm-up', PRODUCT_PITCH: 'Product pitch', FLASH_SALE: 'Flash sale', GIVEAWAY: 'Giveaway', INTERACTION: 'Interaction', QA: 'Q&A', CLOSING: 'Closing',
    segment: 'Segment', status: 'Status', alert: 'Alert', plugin: 'Plugin',
  },
  {
    DRAFT: '草稿', SCHEDULED: '已排期', LIVE: '直播中', ENDED: '已结束', REVIEWED: '已复盘', CANCELLED: '已取消',
    DOUYIN: '抖音', KUAISHOU: '快手', TAOBAO_LIVE: '淘宝直播', WECHAT_CHANNELS: '视频号', XIAOHONGSHU: '小红书', OTHER: '其他平台',
    MAIN: '主播', ASSISTANT: '副播', GUEST: '嘉宾',
    WARM_UP: '暖场', PRODUCT_PITCH: '商品讲解', FLASH_SALE: '秒杀', GIVEAWAY: '福袋', INTERACTION: '互动', QA: '答疑', CLOSING: '收尾',
    segment: '环节', status: '状态', alert: '告警', plugin: '插件',
  },
);

export const STATUS_BADGE: Record<string, string> = { DRAFT: '', SCHEDULED: 'info', LIVE: 'live', ENDED: 'warn', REVIEWED: 'ok', CANCELLED: 'danger' };

export const CATEGORY_BADGE: Record<AnnotationCategory, string> = { segment: 'info', status: '', alert: 'danger', plugin: 'warn' };

// The API labels the events it knows and passes others through by name; these are the ones a
// session's timeline commonly carries that it leaves unlabelled.
const eventLabel = defineMessages(
  {
    'session.created': 'Session created',
    'session.scheduled': 'Session scheduled',
    'session.rescheduled': 'Session rescheduled',
    'session.updated': 'Session details edited',
    'lottery.created': 'Giveaway created',
    'lottery.updated': 'Giveaway edited',
    'lottery.opened': 'Giveaway opened',
    'lottery.closing': 'Giveaway closing',
    'lottery.closed': 'Giveaway closed',
    'lottery.drawn': 'Giveaway drawn',
    'lottery.cancelled': 'Giveaway cancelled',
    'lottery.winnerUpdated': 'Giveaway winner updated',
    statusChange: 'Status: {from} → {to}',
  },
  {
    'session.created': '创建场次',
    'session.scheduled': '场次已排期',
    'session.rescheduled': '场次改期',
    'session.updated': '编辑场次信息',
    'lottery.created': '创建福袋',
    'lottery.updated': '编辑福袋',
    'lottery.opened': '福袋开始参与',
    'lottery.closing': '福袋即将截止',
    'lottery.closed': '福袋截止参与',
    'lottery.drawn': '福袋开奖',
    'lottery.cancelled': '取消福袋',
    'lottery.winnerUpdated': '福袋中奖者状态更新',
    statusChange: '状态：{from} → {to}',
  },
);

const STATUSES = new Set(['DRAFT', 'SCHEDULED', 'LIVE', 'ENDED', 'REVIEWED', 'CANCELLED']);
const statusLabel = (value: unknown) => (typeof value === 'string' && STATUSES.has(value) ? enumLabel(value as Parameters<typeof enumLabel>[0]) : String(value ?? '?'));

/** An annotation's text in the current language, with a readable name for events the API left unlabelled. */
export function annotationText(annotation: Pick<ReviewAnnotationRow, 'name' | 'labelEn' | 'labelZh' | 'payload'>): string {
  // The API's English label names the statuses by their enum values (DRAFT → SCHEDULED).
  if (annotation.name === 'session.statusChanged') {
    const { from, to } = (annotation.payload ?? {}) as { from?: unknown; to?: unknown };
    return eventLabel('statusChange', { from: statusLabel(from), to: statusLabel(to) });
  }
  const serverLabel = locale.current === 'en' ? annotation.labelEn : annotation.labelZh;
  if (serverLabel && serverLabel !== annotation.name) return serverLabel;
  const known = eventLabel(annotation.name as Parameters<typeof eventLabel>[0]);
  return known === annotation.name ? annotation.name : known;
}
