import { defineMessages } from '$lib/i18n/messages.js';

/** Names of the session enums as the calendar shows them. */
export const sessionLabel = defineMessages(
  {
    DOUYIN: 'Douyin', KUAISHOU: 'Kuaishou', TAOBAO_LIVE: 'Taobao Live', WECHAT_CHANNELS: 'WeChat Channels', XIAOHONGSHU: 'Xiaohongshu', OTHER: 'Other',
    DRAFT: 'Draft', SCHEDULED: 'Scheduled', LIVE: 'Live', ENDED: 'Ended', REVIEWED: 'Reviewed', CANCELLED: 'Cancelled',
    MAIN: 'Main host', ASSISTANT: 'Assistant', GUEST: 'Guest',
  },
  {
    DOUYIN: '抖音', KUAISHOU: '快手', TAOBAO_LIVE: '淘宝直播', WECHAT_CHANNELS: '视频号', XIAOHONGSHU: '小红书', OTHER: '其他',
    DRAFT: '草稿', SCHEDULED: '已排期', LIVE: '直播中', ENDED: '已下播', REVIEWED: '已复盘', CANCELLED: '已取消',
    MAIN: '主播', ASSISTANT: '副播', GUEST: '嘉宾',
  },
);
