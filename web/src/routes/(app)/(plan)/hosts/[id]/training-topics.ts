import { defineMessages } from '$lib/i18n/messages.js';

export const TRAINING_TOPICS = ['PRODUCT_KNOWLEDGE', 'SALES_TECHNIQUE', 'RUN_OF_SHOW', 'OTHER'] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];

export const topicName = defineMessages(
  { PRODUCT_KNOWLEDGE: 'Product knowledge', SALES_TECHNIQUE: 'Sales technique', RUN_OF_SHOW: 'Run of show', OTHER: 'Other' },
  { PRODUCT_KNOWLEDGE: '产品知识', SALES_TECHNIQUE: '促单话术', RUN_OF_SHOW: '直播流程彩排', OTHER: '其他' },
);
