/** Live platforms a session can run on. */
export const PLATFORMS = ['DOUYIN', 'TAOBAO_LIVE', 'KUAISHOU', 'WECHAT_CHANNELS', 'XIAOHONGSHU', 'OTHER'] as const;
export type Platform = (typeof PLATFORMS)[number];
