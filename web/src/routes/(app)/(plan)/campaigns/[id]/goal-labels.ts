import { defineMessages } from '$lib/i18n/messages.js';

/** The API's `GoalHorizon`: what a goal of each horizon is about. */
export const horizonName = defineMessages(
  { SHORT: 'Short term · traffic & interaction', MID: 'Mid term · conversion & repurchase', LONG: 'Long term · fans & brand' },
  { SHORT: '短期 · 流量与互动', MID: '中期 · 转化与复购', LONG: '长期 · 粉丝与品牌' },
);

/** The horizon as a badge in tight places. */
export const horizonShort = defineMessages({ SHORT: 'Short', MID: 'Mid', LONG: 'Long' }, { SHORT: '短期', MID: '中期', LONG: '长期' });
