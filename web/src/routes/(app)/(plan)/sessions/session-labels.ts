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
