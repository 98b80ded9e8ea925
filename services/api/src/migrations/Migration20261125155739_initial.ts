import { Migration } from '@mikro-orm/migrations';

export class Migration20261125155739_initial extends Migration {

  override name = 'Migration20261125155739_initial';

  override up(): void | Promise<void> {
    this.addSql(`create type "member_role" as enum ('OWNER', 'OPERATOR', 'HOST', 'ANALYST');`);
    this.addSql(`create type "member_status" as enum ('INVITED', 'ACTIVE', 'DISABLED');`);
    this.addSql(`create type "team_role" as enum ('OPERATOR', 'PRODUCT_MANAGER', 'DESIGNER', 'CUSTOMER_SERVICE', 'HOST');`);
    this.addSql(`create type "campaign_theme" as enum ('SEASONAL_PROMOTION', 'NEW_LAUNCH', 'LIMITED_TIME_DISCOUNT', 'SHOPPING_FESTIVAL', 'BRAND_DAY', 'CUSTOM');`);
    this.addSql(`create type "platform" as enum ('DOUYIN', 'TAOBAO_LIVE', 'KUAISHOU', 'WECHAT_CHANNELS', 'XIAOHONGSHU', 'OTHER');`);
    this.addSql(`create type "session_status" as enum ('DRAFT', 'SCHEDULED', 'LIVE', 'ENDED', 'REVIEWED', 'CANCELLED');`);
    this.addSql(`create type "goal_horizon" as enum ('SHORT', 'MID', 'LONG');`);
    this.addSql(`create type "access_token_kind" as enum ('SESSION', 'INVITATION');`);
    this.addSql(`create type "segment_kind" as enum ('WARM_UP', 'PRODUCT_PITCH', 'INTERACTION', 'FLASH_SALE', 'GIVEAWAY', 'QA', 'CLOSING');`);
    this.addSql(`create type "session_host_role" as enum ('MAIN', 'ASSISTANT', 'GUEST');`);
    this.addSql(`create type "task_status" as enum ('TODO', 'IN_PROGRESS', 'DONE', 'BLOCKED', 'CANCELLED');`);
    this.addSql(`create type "training_topic" as enum ('PRODUCT_KNOWLEDGE', 'SALES_TECHNIQUE', 'RUN_OF_SHOW', 'OTHER');`);
    this.addSql(`create type "warm_up_channel" as enum ('WEIBO', 'DOUYIN', 'WECHAT', 'XIAOHONGSHU', 'OTHER');`);
    this.addSql(`create type "warm_up_status" as enum ('PLANNED', 'PUBLISHED', 'CANCELLED');`);
    this.addSql(`create table "organizations" ("id" uuid not null, "name" varchar(200) not null, "time_zone" varchar(64) not null default 'Asia/Shanghai', "currency" varchar(3) not null default 'CNY', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "members" ("id" uuid not null, "organization_id" uuid not null, "email" varchar(320) not null, "display_name" varchar(120) not null, "role" "member_role" not null, "status" "member_status" not null default 'ACTIVE', "password_hash" varchar(255) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "members_organization_id_index" on "members" ("organization_id");`);
    this.addSql(`alter table "members" add constraint "members_email_unique" unique ("email");`);

    this.addSql(`create table "hosts" ("id" uuid not null, "organization_id" uuid not null, "member_id" uuid null, "name" varchar(120) not null, "avatar_url" varchar(2000) null, "platform_accounts" jsonb not null, "style_tags" text[] not null, "audience_tags" text[] not null, "languages" text[] not null, "cost_per_hour_amount" int not null default 0, "availability" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "hosts_organization_id_index" on "hosts" ("organization_id");`);
    this.addSql(`create index "hosts_member_id_index" on "hosts" ("member_id");`);

    this.addSql(`create table "checklist_template_items" ("id" uuid not null, "organization_id" uuid not null, "title" varchar(200) not null, "description" text not null default '', "offset_minutes" int not null, "team_role" "team_role" not null, "position" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "checklist_template_items_organization_id_index" on "checklist_template_items" ("organization_id");`);

    this.addSql(`create table "campaigns" ("id" uuid not null, "organization_id" uuid not null, "name" varchar(200) not null, "theme" "campaign_theme" not null, "theme_note" varchar(200) not null default '', "starts_at" timestamptz not null, "ends_at" timestamptz not null, "target_audience_tags" text[] not null, "channels" text[] not null, "budget_amount" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "campaigns_organization_id_index" on "campaigns" ("organization_id");`);

    this.addSql(`create table "live_sessions" ("id" uuid not null, "organization_id" uuid not null, "campaign_id" uuid null, "title" varchar(200) not null, "platform" "platform" not null, "room_url" varchar(2000) not null default '', "scheduled_start" timestamptz not null, "scheduled_end" timestamptz not null, "status" "session_status" not null default 'DRAFT', "actual_start" timestamptz null, "actual_end" timestamptz null, "current_segment" uuid null, "cancel_reason" varchar(500) null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "live_sessions_organization_id_index" on "live_sessions" ("organization_id");`);
    this.addSql(`create index "live_sessions_campaign_id_index" on "live_sessions" ("campaign_id");`);
    this.addSql(`create index "live_sessions_organization_id_scheduled_start_index" on "live_sessions" ("organization_id", "scheduled_start");`);

    this.addSql(`create table "campaign_goals" ("id" uuid not null, "organization_id" uuid not null, "campaign_id" uuid not null, "parent_id" uuid null, "title" varchar(200) not null, "horizon" "goal_horizon" not null, "metric" varchar(40) not null, "target" double precision not null, "owner_id" uuid null, "due_date" date null, "position" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "campaign_goals_organization_id_index" on "campaign_goals" ("organization_id");`);
    this.addSql(`create index "campaign_goals_campaign_id_index" on "campaign_goals" ("campaign_id");`);
    this.addSql(`create index "campaign_goals_parent_id_index" on "campaign_goals" ("parent_id");`);

    this.addSql(`create table "access_tokens" ("id" uuid not null, "organization_id" uuid not null, "member_id" uuid not null, "kind" "access_token_kind" not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "access_tokens_organization_id_index" on "access_tokens" ("organization_id");`);
    this.addSql(`create index "access_tokens_member_id_index" on "access_tokens" ("member_id");`);
    this.addSql(`alter table "access_tokens" add constraint "access_tokens_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "products" ("id" uuid not null, "organization_id" uuid not null, "sku" varchar(64) not null, "title" varchar(200) not null, "brand" varchar(120) not null default '', "category" varchar(120) not null default '', "price_amount" int not null, "list_price_amount" int not null, "stock" int not null default 0, "audience_tags" text[] not null default '{}', "selling_points" text[] not null default '{}', "image_urls" text[] not null default '{}', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "products_organization_id_index" on "products" ("organization_id");`);
    this.addSql(`alter table "products" add constraint "products_organization_id_sku_unique" unique ("organization_id", "sku");`);

    this.addSql(`create table "lineup_items" ("id" uuid not null, "organization_id" uuid not null, "session_id" uuid not null, "product_id" uuid not null, "position" int not null, "stock_reserved" int not null default 0, "live_price_amount" int null, "delivery_promise" varchar(300) not null default '', "confirmed_by_id" uuid null, "confirmed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "lineup_items_organization_id_index" on "lineup_items" ("organization_id");`);
    this.addSql(`create index "lineup_items_session_id_index" on "lineup_items" ("session_id");`);
    this.addSql(`create index "lineup_items_product_id_index" on "lineup_items" ("product_id");`);
    this.addSql(`alter table "lineup_items" add constraint "lineup_items_session_id_product_id_unique" unique ("session_id", "product_id");`);

    this.addSql(`create table "segments" ("id" uuid not null, "organization_id" uuid not null, "session_id" uuid not null, "position" int not null, "kind" "segment_kind" not null, "title" varchar(200) not null, "planned_offset_seconds" int not null, "planned_duration_seconds" int not null, "product_ids" text[] not null, "talking_points" text[] not null, "cues" jsonb not null, "actual_start" timestamptz null, "actual_end" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "segments_organization_id_index" on "segments" ("organization_id");`);
    this.addSql(`create index "segments_session_id_index" on "segments" ("session_id");`);

    this.addSql(`create table "session_hosts" ("id" uuid not null, "organization_id" uuid not null, "session_id" uuid not null, "host_id" uuid not null, "role" "session_host_role" not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "session_hosts_organization_id_index" on "session_hosts" ("organization_id");`);
    this.addSql(`create index "session_hosts_session_id_index" on "session_hosts" ("session_id");`);
    this.addSql(`create index "session_hosts_host_id_index" on "session_hosts" ("host_id");`);
    this.addSql(`alter table "session_hosts" add constraint "session_hosts_session_id_host_id_unique" unique ("session_id", "host_id");`);

    this.addSql(`create table "session_targets" ("id" uuid not null, "organization_id" uuid not null, "goal_id" uuid not null, "session_id" uuid not null, "target" double precision not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "session_targets_organization_id_index" on "session_targets" ("organization_id");`);
    this.addSql(`create index "session_targets_goal_id_index" on "session_targets" ("goal_id");`);
    this.addSql(`create index "session_targets_session_id_index" on "session_targets" ("session_id");`);
    this.addSql(`alter table "session_targets" add constraint "session_targets_goal_id_session_id_unique" unique ("goal_id", "session_id");`);

    this.addSql(`create table "tasks" ("id" uuid not null, "organization_id" uuid not null, "title" varchar(200) not null, "description" text not null default '', "assignee_id" uuid null, "team_role" "team_role" not null, "due_at" timestamptz null, "status" "task_status" not null default 'TODO', "session_id" uuid null, "campaign_id" uuid null, "template_item" uuid null, "offset_minutes" int null, "completed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "tasks_organization_id_index" on "tasks" ("organization_id");`);
    this.addSql(`create index "tasks_assignee_id_index" on "tasks" ("assignee_id");`);
    this.addSql(`create index "tasks_session_id_index" on "tasks" ("session_id");`);
    this.addSql(`create index "tasks_campaign_id_index" on "tasks" ("campaign_id");`);
    this.addSql(`create index "tasks_organization_id_due_at_index" on "tasks" ("organization_id", "due_at");`);

    this.addSql(`create table "training_records" ("id" uuid not null, "organization_id" uuid not null, "host_id" uuid not null, "topic" "training_topic" not null, "date" date not null, "trainer" varchar(120) not null, "score" int null, "notes" text not null default '', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "training_records_organization_id_index" on "training_records" ("organization_id");`);
    this.addSql(`create index "training_records_host_id_index" on "training_records" ("host_id");`);

    this.addSql(`create table "warm_up_posts" ("id" uuid not null, "organization_id" uuid not null, "session_id" uuid not null, "channel" "warm_up_channel" not null, "planned_at" timestamptz not null, "status" "warm_up_status" not null default 'PLANNED', "link" varchar(2000) null, "content" text not null default '', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "warm_up_posts_organization_id_index" on "warm_up_posts" ("organization_id");`);
    this.addSql(`create index "warm_up_posts_session_id_index" on "warm_up_posts" ("session_id");`);

    this.addSql(`alter table "members" add constraint "members_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "hosts" add constraint "hosts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "hosts" add constraint "hosts_member_id_foreign" foreign key ("member_id") references "members" ("id") on delete set null;`);

    this.addSql(`alter table "checklist_template_items" add constraint "checklist_template_items_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "campaigns" add constraint "campaigns_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "live_sessions" add constraint "live_sessions_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "live_sessions" add constraint "live_sessions_campaign_id_foreign" foreign key ("campaign_id") references "campaigns" ("id") on delete set null;`);

    this.addSql(`alter table "campaign_goals" add constraint "campaign_goals_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "campaign_goals" add constraint "campaign_goals_campaign_id_foreign" foreign key ("campaign_id") references "campaigns" ("id") on delete cascade;`);
    this.addSql(`alter table "campaign_goals" add constraint "campaign_goals_parent_id_foreign" foreign key ("parent_id") references "campaign_goals" ("id") on delete cascade;`);
    this.addSql(`alter table "campaign_goals" add constraint "campaign_goals_owner_id_foreign" foreign key ("owner_id") references "members" ("id") on delete set null;`);

    this.addSql(`alter table "access_tokens" add constraint "access_tokens_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "access_tokens" add constraint "access_tokens_member_id_foreign" foreign key ("member_id") references "members" ("id") on delete cascade;`);

    this.addSql(`alter table "products" add constraint "products_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "lineup_items" add constraint "lineup_items_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "lineup_items" add constraint "lineup_items_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "lineup_items" add constraint "lineup_items_product_id_foreign" foreign key ("product_id") references "products" ("id") on delete restrict;`);
    this.addSql(`alter table "lineup_items" add constraint "lineup_items_confirmed_by_id_foreign" foreign key ("confirmed_by_id") references "members" ("id") on delete set null;`);

    this.addSql(`alter table "segments" add constraint "segments_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "segments" add constraint "segments_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);

    this.addSql(`alter table "session_hosts" add constraint "session_hosts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "session_hosts" add constraint "session_hosts_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "session_hosts" add constraint "session_hosts_host_id_foreign" foreign key ("host_id") references "hosts" ("id") on delete cascade;`);

    this.addSql(`alter table "session_targets" add constraint "session_targets_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "session_targets" add constraint "session_targets_goal_id_foreign" foreign key ("goal_id") references "campaign_goals" ("id") on delete cascade;`);
    this.addSql(`alter table "session_targets" add constraint "session_targets_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);

    this.addSql(`alter table "tasks" add constraint "tasks_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "tasks" add constraint "tasks_assignee_id_foreign" foreign key ("assignee_id") references "members" ("id") on delete set null;`);
    this.addSql(`alter table "tasks" add constraint "tasks_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "tasks" add constraint "tasks_campaign_id_foreign" foreign key ("campaign_id") references "campaigns" ("id") on delete cascade;`);

    this.addSql(`alter table "training_records" add constraint "training_records_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "training_records" add constraint "training_records_host_id_foreign" foreign key ("host_id") references "hosts" ("id") on delete cascade;`);

    this.addSql(`alter table "warm_up_posts" add constraint "warm_up_posts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "warm_up_posts" add constraint "warm_up_posts_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "members" drop constraint "members_organization_id_foreign";`);
    this.addSql(`alter table "hosts" drop constraint "hosts_organization_id_foreign";`);
    this.addSql(`alter table "checklist_template_items" drop constraint "checklist_template_items_organization_id_foreign";`);
    this.addSql(`alter table "campaigns" drop constraint "campaigns_organization_id_foreign";`);
    this.addSql(`alter table "live_sessions" drop constraint "live_sessions_organization_id_foreign";`);
    this.addSql(`alter table "campaign_goals" drop constraint "campaign_goals_organization_id_foreign";`);
    this.addSql(`alter table "access_tokens" drop constraint "access_tokens_organization_id_foreign";`);
    this.addSql(`alter table "products" drop constraint "products_organization_id_foreign";`);
    this.addSql(`alter table "lineup_items" drop constraint "lineup_items_organization_id_foreign";`);
    this.addSql(`alter table "segments" drop constraint "segments_organization_id_foreign";`);
    this.addSql(`alter table "session_hosts" drop constraint "session_hosts_organization_id_foreign";`);
    this.addSql(`alter table "session_targets" drop constraint "session_targets_organization_id_foreign";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_organization_id_foreign";`);
    this.addSql(`alter table "training_records" drop constraint "training_records_organization_id_foreign";`);
    this.addSql(`alter table "warm_up_posts" drop constraint "warm_up_posts_organization_id_foreign";`);
    this.addSql(`alter table "hosts" drop constraint "hosts_member_id_foreign";`);
    this.addSql(`alter table "campaign_goals" drop constraint "campaign_goals_owner_id_foreign";`);
    this.addSql(`alter table "access_tokens" drop constraint "access_tokens_member_id_foreign";`);
    this.addSql(`alter table "lineup_items" drop constraint "lineup_items_confirmed_by_id_foreign";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_assignee_id_foreign";`);
    this.addSql(`alter table "session_hosts" drop constraint "session_hosts_host_id_foreign";`);
    this.addSql(`alter table "training_records" drop constraint "training_records_host_id_foreign";`);
    this.addSql(`alter table "live_sessions" drop constraint "live_sessions_campaign_id_foreign";`);
    this.addSql(`alter table "campaign_goals" drop constraint "campaign_goals_campaign_id_foreign";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_campaign_id_foreign";`);
    this.addSql(`alter table "lineup_items" drop constraint "lineup_items_session_id_foreign";`);
    this.addSql(`alter table "segments" drop constraint "segments_session_id_foreign";`);
    this.addSql(`alter table "session_hosts" drop constraint "session_hosts_session_id_foreign";`);
    this.addSql(`alter table "session_targets" drop constraint "session_targets_session_id_foreign";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_session_id_foreign";`);
    this.addSql(`alter table "warm_up_posts" drop constraint "warm_up_posts_session_id_foreign";`);
    this.addSql(`alter table "campaign_goals" drop constraint "campaign_goals_parent_id_foreign";`);
    this.addSql(`alter table "session_targets" drop constraint "session_targets_goal_id_foreign";`);
    this.addSql(`alter table "lineup_items" drop constraint "lineup_items_product_id_foreign";`);

    this.addSql(`drop table if exists "organizations" cascade;`);
    this.addSql(`drop table if exists "members" cascade;`);
    this.addSql(`drop table if exists "hosts" cascade;`);
    this.addSql(`drop table if exists "checklist_template_items" cascade;`);
    this.addSql(`drop table if exists "campaigns" cascade;`);
    this.addSql(`drop table if exists "live_sessions" cascade;`);
    this.addSql(`drop table if exists "campaign_goals" cascade;`);
    this.addSql(`drop table if exists "access_tokens" cascade;`);
    this.addSql(`drop table if exists "products" cascade;`);
    this.addSql(`drop table if exists "lineup_items" cascade;`);
    this.addSql(`drop table if exists "segments" cascade;`);
    this.addSql(`drop table if exists "session_hosts" cascade;`);
    this.addSql(`drop table if exists "session_targets" cascade;`);
    this.addSql(`drop table if exists "tasks" cascade;`);
    this.addSql(`drop table if exists "training_records" cascade;`);
    this.addSql(`drop table if exists "warm_up_posts" cascade;`);

    this.addSql(`drop type "member_role";`);
    this.addSql(`drop type "member_status";`);
    this.addSql(`drop type "team_role";`);
    this.addSql(`drop type "campaign_theme";`);
    this.addSql(`drop type "platform";`);
    this.addSql(`drop type "session_status";`);
    this.addSql(`drop type "goal_horizon";`);
    this.addSql(`drop type "access_token_kind";`);
    this.addSql(`drop type "segment_kind";`);
    this.addSql(`drop type "session_host_role";`);
    this.addSql(`drop type "task_status";`);
    this.addSql(`drop type "training_topic";`);
    this.addSql(`drop type "warm_up_channel";`);
    this.addSql(`drop type "warm_up_status";`);
  }

}
