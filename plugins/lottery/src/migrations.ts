import type { PluginMigration } from '@broadcart/plugin-sdk';

/**
 * The lottery's migrations, recorded in `mikro_orm_migrations_lottery`. Applied in order they
 * must make exactly what MikroORM's schema generator makes of the entities in giveaway.entity.ts
 * (the host's contract test diffs them). A released migration never changes: add a new one.
 */
export const lotteryMigrations: readonly PluginMigration[] = [
  {
    name: '0001_giveaways',
    up: [
      `create type "lottery_draw_mode" as enum ('UNIFORM', 'WEIGHTED')`,
      `create type "lottery_public_value_source" as enum ('BEACON', 'SALT')`,
      `create type "lottery_ineligible_reason" as enum ('STAFF', 'BLOCKED', 'EARLIER_WINNER', 'NOT_FOLLOWER', 'NOT_FAN_CLUB_MEMBER', 'WATCH_TIME_TOO_SHORT', 'NO_PURCHASE', 'REGION')`,
      `create type "lottery_giveaway_status" as enum ('DRAFT', 'OPEN', 'CLOSED', 'DRAWN', 'CANCELLED')`,
      `create type "lottery_earlier_winner_scope" as enum ('NONE', 'SESSION', 'CAMPAIGN')`,
      `create type "lottery_unclaimed_policy" as enum ('REDRAW', 'FORFEIT')`,
      `create type "lottery_winner_status" as enum ('PENDING_CLAIM', 'CLAIMED', 'FULFILLED', 'EXPIRED', 'FORFEITED')`,
      `create type "lottery_contact_status" as enum ('NONE', 'CONTACTED', 'CONFIRMED', 'UNREACHABLE')`,
      `create type "lottery_address_status" as enum ('NONE', 'RECEIVED', 'SHIPPED', 'DELIVERED')`,
      `create table "lottery_draws" ("id" uuid not null, "organization_id" uuid not null, "giveaway_id" uuid not null, "round" int not null, "algorithm" varchar(40) not null, "mode" "lottery_draw_mode" not null, "seed_commitment" varchar(64) not null, "server_seed" varchar(64) not null, "public_value_source" "lottery_public_value_source" not null, "public_value" text not null, "beacon_round" bigint null, "list_hash" varchar(64) not null, "entrant_count" int not null, "winner_count" int not null, "next_seed_commitment" varchar(64) not null, "proof" jsonb not null, "drawn_at" timestamptz not null, "drawn_by" uuid null, primary key ("id"))`,
      `alter table "lottery_draws" add constraint "lottery_draws_round_unique" unique ("giveaway_id", "round")`,
      `create table "lottery_entries" ("giveaway_id" uuid not null, "viewer_id" uuid not null, "organization_id" uuid not null, "entered_at" timestamptz not null, "comment_seq" bigint null, "eligible" boolean null, "weight" int null, "ineligible_reason" "lottery_ineligible_reason" null, primary key ("giveaway_id", "viewer_id"))`,
      `create table "lottery_giveaways" ("id" uuid not null, "organization_id" uuid not null, "session_id" uuid not null, "segment_id" uuid null, "campaign_id" uuid null, "title" varchar(200) not null, "status" "lottery_giveaway_status" not null default 'DRAFT', "mode" "lottery_draw_mode" not null, "winner_count" int not null, "keyword" varchar(100) null, "keyword_normalized" varchar(400) null, "require_follower" boolean not null default false, "require_fan_club" boolean not null default false, "min_watch_minutes" int null, "require_purchase" boolean not null default false, "regions" text[] not null default '{}', "exclude_staff" boolean not null default true, "exclude_blocked" boolean not null default true, "exclude_earlier_winners" "lottery_earlier_winner_scope" not null default 'NONE', "weight_fan_club_member" int not null default 2, "weight_follower" int not null default 1, "entry_duration_seconds" int null, "opens_at" timestamptz null, "closes_at" timestamptz null, "closed_at" timestamptz null, "claim_window_seconds" int not null, "unclaimed_policy" "lottery_unclaimed_policy" not null default 'REDRAW', "public_value_source" "lottery_public_value_source" not null, "seed_commitment" varchar(64) not null, "next_server_seed" varchar(64) not null, "next_seed_commitment" varchar(64) not null, "entrant_count" int not null default 0, "eligible_count" int null, "ineligible_counts" jsonb null, "list_hash" varchar(64) null, "redraw_requested_at" timestamptz null, "version" int not null default 1, "created_by" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"))`,
      `create index "lottery_giveaways_campaign_index" on "lottery_giveaways" ("campaign_id")`,
      `create index "lottery_giveaways_session_index" on "lottery_giveaways" ("organization_id", "session_id", "status")`,
      `create index "lottery_giveaways_closing_index" on "lottery_giveaways" ("status", "closes_at")`,
      `create table "lottery_prizes" ("id" uuid not null, "organization_id" uuid not null, "giveaway_id" uuid not null, "position" int not null, "name" varchar(200) not null, "quantity" int not null, "value_amount" bigint not null default '0', "currency" varchar(3) not null, primary key ("id"))`,
      `alter table "lottery_prizes" add constraint "lottery_prizes_position_unique" unique ("giveaway_id", "position")`,
      `create table "lottery_winners" ("id" uuid not null, "organization_id" uuid not null, "giveaway_id" uuid not null, "draw_id" uuid not null, "session_id" uuid not null, "campaign_id" uuid null, "viewer_id" uuid not null, "rank" int not null, "draw_rank" int not null, "round" int not null, "prize_id" uuid null, "status" "lottery_winner_status" not null default 'PENDING_CLAIM', "claim_deadline" timestamptz not null, "contact_status" "lottery_contact_status" not null default 'NONE', "address_status" "lottery_address_status" not null default 'NONE', "claimed_at" timestamptz null, "replaced_in_round" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"))`,
      `create index "lottery_winners_draw_index" on "lottery_winners" ("draw_id")`,
      `create index "lottery_winners_session_index" on "lottery_winners" ("organization_id", "session_id", "viewer_id")`,
      `create index "lottery_winners_campaign_index" on "lottery_winners" ("organization_id", "campaign_id", "viewer_id")`,
      `create index "lottery_winners_deadline_index" on "lottery_winners" ("status", "claim_deadline")`,
      `alter table "lottery_winners" add constraint "lottery_winners_viewer_unique" unique ("giveaway_id", "viewer_id")`,
      `create unique index "lottery_winners_rank_unique" on "lottery_winners" ("giveaway_id", "rank") where replaced_in_round is null`,
    ],
    down: [
      'drop table if exists "lottery_winners"',
      'drop table if exists "lottery_prizes"',
      'drop table if exists "lottery_giveaways"',
      'drop table if exists "lottery_entries"',
      'drop table if exists "lottery_draws"',
      'drop type if exists "lottery_address_status"',
      'drop type if exists "lottery_contact_status"',
      'drop type if exists "lottery_winner_status"',
      'drop type if exists "lottery_unclaimed_policy"',
      'drop type if exists "lottery_earlier_winner_scope"',
      'drop type if exists "lottery_giveaway_status"',
      'drop type if exists "lottery_ineligible_reason"',
      'drop type if exists "lottery_public_value_source"',
      'drop type if exists "lottery_draw_mode"',
    ],
  },
  {
    // Giveaways tied to a segment before this were labels only, and stay so (false); new ones
    // default to true when given a segment (giveaway.service.ts).
    name: '0002_open_with_segment',
    up: [`alter table "lottery_giveaways" add column "open_with_segment" boolean not null default false`],
    down: [`alter table "lottery_giveaways" drop column "open_with_segment"`],
  },
];
