import { defineMessages } from '$lib/i18n/messages.js';

/** Session statuses in lifecycle order (the order of the status filter). */
export const SESSION_STATUSES = ['DRAFT', 'SCHEDULED', 'LIVE', 'ENDED', 'REVIEWED', 'CANCELLED'] as const;
export type SessionStatusKey = (typeof SESSION_STATUSES)[number];

export const statusName = defineMessages(
  { DRAFT: 'Draft', SCHEDULED: 'Scheduled', LIVE: 'Live', ENDED: 'Ended', REVIEWED: 'Reviewed', CANCELLED: 'Cancelled' },
  { DRAFT: '草稿', SCHEDULED: '已排期', LIVE: '直播中', ENDED: '已下播', REVIEWED: '已复盘', CANCELLED: '已取消' },
);

/** The `.badge` variant of a status: LIVE stands out in the brand red. */
export function statusBadge(status: SessionStatusKey): string {
  return { DRAFT: '', SCHEDULED: 'info', LIVE: 'live', ENDED: 'warn', REVIEWED: 'ok', CANCELLED: 'danger' }[status];
}

export const SEGMENT_KINDS = ['WARM_UP', 'PRODUCT_PITCH', 'FLASH_SALE', 'GIVEAWAY', 'INTERACTION', 'QA', 'CLOSING'] as const;
export type SegmentKindKey = (typeof SEGMENT_KINDS)[number];

export const segmentKindName = defineMessages(
  { WARM_UP: 'Warm-up', PRODUCT_PITCH: 'Product pitch', FLASH_SALE: 'Flash sale', GIVEAWAY: 'Giveaway', INTERACTION: 'Interaction', QA: 'Q&A', CLOSING: 'Closing' },
  { WARM_UP: '暖场', PRODUCT_PITCH: '讲品', FLASH_SALE: '秒杀', GIVEAWAY: '福袋', INTERACTION: '互动', QA: '答疑', CLOSING: '收尾下播' },
);

export const HOST_ROLES = ['MAIN', 'ASSISTANT', 'GUEST'] as const;
export type HostRoleKey = (typeof HOST_ROLES)[number];

export const hostRoleName = defineMessages({ MAIN: 'Main host', ASSISTANT: 'Assistant', GUEST: 'Guest' }, { MAIN: '主播', ASSISTANT: '副播', GUEST: '嘉宾' });

export const teamRoleName = defineMessages(
  { OPERATOR: 'Operations', HOST: 'Host', PRODUCT_MANAGER: 'Merchandising', DESIGNER: 'Design', CUSTOMER_SERVICE: 'Customer service' },
  { OPERATOR: '运营', HOST: '主播', PRODUCT_MANAGER: '选品', DESIGNER: '设计', CUSTOMER_SERVICE: '客服' },
);

export const taskStatusName = defineMessages(
  { TODO: 'To do', IN_PROGRESS: 'In progress', BLOCKED: 'Blocked', DONE: 'Done', CANCELLED: 'Cancelled' },
  { TODO: '待办', IN_PROGRESS: '进行中', BLOCKED: '受阻', DONE: '已完成', CANCELLED: '已取消' },
);

export const WARM_UP_CHANNELS = ['DOUYIN', 'XIAOHONGSHU', 'WECHAT', 'WEIBO', 'OTHER'] as const;
export type WarmUpChannelKey = (typeof WARM_UP_CHANNELS)[number];

export const warmUpChannelName = defineMessages(
  { DOUYIN: 'Douyin', XIAOHONGSHU: 'Xiaohongshu', WECHAT: 'WeChat', WEIBO: 'Weibo', OTHER: 'Other' },
  { DOUYIN: '抖音', XIAOHONGSHU: '小红书', WECHAT: '微信', WEIBO: '微博', OTHER: '其他' },
);

export const WARM_UP_STATUSES = ['PLANNED', 'PUBLISHED', 'CANCELLED'] as const;
export type WarmUpStatusKey = (typeof WARM_UP_STATUSES)[number];

export const warmUpStatusName = defineMessages(
  { PLANNED: 'Planned', PUBLISHED: 'Published', CANCELLED: 'Cancelled' },
  { PLANNED: '待发布', PUBLISHED: '已发布', CANCELLED: '已取消' },
);
