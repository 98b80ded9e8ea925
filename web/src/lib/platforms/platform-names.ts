import { defineMessages } from '$lib/i18n/messages.js';

/** The platforms of the API's `Platform` enum, in the order the pickers list them. */
export const PLATFORMS = ['DOUYIN', 'TAOBAO_LIVE', 'KUAISHOU', 'WECHAT_CHANNELS', 'XIAOHONGSHU', 'OTHER'] as const;
export type PlatformKey = (typeof PLATFORMS)[number];

/** The platform as the team calls it (抖音, 淘宝直播…), in the page's language. */
export const platformName = defineMessages(
  { DOUYIN: 'Douyin', TAOBAO_LIVE: 'Taobao Live', KUAISHOU: 'Kuaishou', WECHAT_CHANNELS: 'WeChat Channels', XIAOHONGSHU: 'Xiaohongshu', OTHER: 'Other' },
  { DOUYIN: '抖音', TAOBAO_LIVE: '淘宝直播', KUAISHOU: '快手', WECHAT_CHANNELS: '视频号', XIAOHONGSHU: '小红书', OTHER: '其他' },
);
