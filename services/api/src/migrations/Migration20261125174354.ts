import { Migration } from '@mikro-orm/migrations';

export class Migration20261125174354 extends Migration {

  override name = 'Migration20261125174354';

  override up(): void | Promise<void> {
    this.addSql(`create type "audience_event_kind" as enum ('VIEWER_JOINED', 'VIEWER_LEFT', 'VIEWER_COUNT', 'COMMENT', 'LIKE', 'SHARE', 'FOLLOW', 'FAN_CLUB_JOIN', 'PRODUCT_IMPRESSION', 'PRODUCT_CLICK', 'ADD_TO_CART', 'ORDER_CREATED', 'ORDER_PAID', 'ORDER_REFUNDED');`);
    this.addSql(`create table "ingest_sources" ("id" uuid not null, "organization_id" uuid not null, "name" varchar(200) not null, "platform" "platform" not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "ingest_sources_organization_id_index" on "ingest_sources" ("organization_id");`);

    this.addSql(`create table "ingest_source_secrets" ("id" uuid not null, "organization_id" uuid not null, "source_id" uuid not null, "secret" varchar(100) not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "ingest_source_secrets_organization_id_index" on "ingest_source_secrets" ("organization_id");`);
    this.addSql(`create index "ingest_source_secrets_source_id_index" on "ingest_source_secrets" ("source_id");`);

    this.addSql(`create table "audience_events" ("seq" bigserial primary key, "organization_id" uuid not null, "session_id" uuid not null, "source" varchar(64) not null, "event_id" varchar(200) not null, "kind" "audience_event_kind" not null, "occurred_at" timestamptz not null, "received_at" timestamptz not null, "viewer_id" uuid null, "product_id" uuid null, "segment_id" uuid null, "count" int not null default 1, "amount" bigint null, "order_id" varchar(200) null, "data" jsonb not null);`);
    this.addSql(`create index "audience_events_session_id_occurred_at_index" on "audience_events" ("session_id", "occurred_at");`);
    this.addSql(`create index "audience_events_session_id_seq_index" on "audience_events" ("session_id", "seq");`);
    this.addSql(`create index "audience_events_order_idx" on "audience_events" ("organization_id", "order_id") where "order_id" is not null;`);
    this.addSql(`alter table "audience_events" add constraint "audience_events_session_id_source_event_id_unique" unique ("session_id", "source", "event_id");`);

    this.addSql(`create table "viewers" ("id" uuid not null, "organization_id" uuid not null, "platform" "platform" not null, "platform_user_id" varchar(200) not null, "region" varchar(100) null, "followed_at" timestamptz null, "fan_club_at" timestamptz null, "blocked" boolean not null default false, "first_seen_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "viewers" add constraint "viewers_organization_id_platform_platform_user_id_unique" unique ("organization_id", "platform", "platform_user_id");`);

    this.addSql(`alter table "ingest_sources" add constraint "ingest_sources_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "ingest_source_secrets" add constraint "ingest_source_secrets_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "ingest_source_secrets" add constraint "ingest_source_secrets_source_id_foreign" foreign key ("source_id") references "ingest_sources" ("id") on delete cascade;`);

    this.addSql(`alter table "audience_events" add constraint "audience_events_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "audience_events" add constraint "audience_events_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);

    this.addSql(`alter table "viewers" add constraint "viewers_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "ingest_source_secrets" drop constraint "ingest_source_secrets_source_id_foreign";`);

    this.addSql(`drop table if exists "ingest_sources" cascade;`);
    this.addSql(`drop table if exists "ingest_source_secrets" cascade;`);
    this.addSql(`drop table if exists "audience_events" cascade;`);
    this.addSql(`drop table if exists "viewers" cascade;`);

    this.addSql(`drop type "audience_event_kind";`);
  }

}
