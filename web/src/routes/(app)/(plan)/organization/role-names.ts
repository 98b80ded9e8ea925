import { defineMessages } from '$lib/i18n/messages.js';

export const MEMBER_ROLES = ['OWNER', 'OPERATOR', 'HOST', 'ANALYST'] as const;
export type MemberRoleKey = (typeof MEMBER_ROLES)[number];

export const roleName = defineMessages(
  { OWNER: 'Owner', OPERATOR: 'Operator', HOST: 'Host', ANALYST: 'Analyst' },
  { OWNER: '负责人', OPERATOR: '运营', HOST: '主播', ANALYST: '数据分析' },
);

/** What each role may do, shown where roles are chosen. */
export const roleHint = defineMessages(
  {
    OWNER: 'Everything, including members, settings, plugins and platform connections',
    OPERATOR: 'Plans and runs sessions, products, hosts, campaigns and tasks',
    HOST: 'Sees sessions and keeps their own training records',
    ANALYST: 'Reads everything, changes nothing',
  },
  {
    OWNER: '全部权限，包括成员、组织设置、插件和平台接入',
    OPERATOR: '排场次、管货盘、管主播、做活动和任务',
    HOST: '查看场次，维护自己的培训记录',
    ANALYST: '只读所有数据',
  },
);
