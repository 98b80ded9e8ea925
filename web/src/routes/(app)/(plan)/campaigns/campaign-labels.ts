import { defineMessages } from '$lib/i18n/messages.js';

/** The API's `CampaignTheme` values, in the order the picker lists them. */
export const CAMPAIGN_THEMES = ['SHOPPING_FESTIVAL', 'SEASONAL_PROMOTION', 'NEW_LAUNCH', 'BRAND_DAY', 'LIMITED_TIME_DISCOUNT', 'CUSTOM'] as const;
export type CampaignThemeKey = (typeof CAMPAIGN_THEMES)[number];

export const themeName = defineMessages(
  { SHOPPING_FESTIVAL: 'Shopping festival', SEASONAL_PROMOTION: 'Seasonal promotion', NEW_LAUNCH: 'New launch', BRAND_DAY: 'Brand day', LIMITED_TIME_DISCOUNT: 'Limited-time discount', CUSTOM: 'Custom' },
  { SHOPPING_FESTIVAL: '大促节点', SEASONAL_PROMOTION: '季节营销', NEW_LAUNCH: '新品首发', BRAND_DAY: '品牌日', LIMITED_TIME_DISCOUNT: '限时折扣', CUSTOM: '自定义' },
);

/** The API's `CampaignChannel` values: live platforms first, then social, KOL and paid. */
export const CAMPAIGN_CHANNELS = ['DOUYIN', 'TAOBAO_LIVE', 'KUAISHOU', 'WECHAT_CHANNELS', 'XIAOHONGSHU', 'WEIBO', 'WECHAT', 'KOL', 'PAID_PLACEMENT', 'OTHER'] as const;
export type CampaignChannelKey = (typeof CAMPAIGN_CHANNELS)[number];

export const channelName = defineMessages(
  {
    DOUYIN: 'Douyin', TAOBAO_LIVE: 'Taobao Live', KUAISHOU: 'Kuaishou', WECHAT_CHANNELS: 'WeChat Channels', XIAOHONGSHU: 'Xiaohongshu', WEIBO: 'Weibo',
    WECHAT: 'WeChat', KOL: 'KOL', PAID_PLACEMENT: 'Paid placement', OTHER: 'Other',
  },
  {
    DOUYIN: '抖音', TAOBAO_LIVE: '淘宝直播', KUAISHOU: '快手', WECHAT_CHANNELS: '视频号', XIAOHONGSHU: '小红书', WEIBO: '微博',
    WECHAT: '微信', KOL: '达人KOL', PAID_PLACEMENT: '付费投放', OTHER: '其他',
  },
);

/** Where a campaign stands against today: before, inside or after its window. */
export const windowName = defineMessages({ upcoming: 'Upcoming', running: 'Running', ended: 'Ended' }, { upcoming: '未开始', running: '进行中', ended: '已结束' });
