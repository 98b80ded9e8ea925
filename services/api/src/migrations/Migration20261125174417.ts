import { Migration } from '@mikro-orm/migrations';

export class Migration20261125174417 extends Migration {

  override name = 'Migration20261125174417';

  override up(): void | Promise<void> {
    this.addSql(`create type "order_status" as enum ('CREATED', 'PAID', 'REFUNDED', 'PARTIALLY_REFUNDED');`);
    this.addSql(`create table "orders" ("id" uuid not null, "organization_id" uuid not null, "session_id" uuid not null, "viewer_id" uuid null, "external_id" varchar(200) not null, "amount" bigint not null default '0', "items" jsonb not null, "coupon_code" varchar(200) null, "tracking_code" varchar(200) null, "status" "order_status" not null default 'CREATED', "created_seen" boolean not null default true, "created_at" timestamptz not null, "paid_at" timestamptz null, "paid_segment_id" uuid null, "refunded_amount" bigint not null default '0', primary key ("id"));`);
    this.addSql(`create index "orders_organization_id_index" on "orders" ("organization_id");`);
    this.addSql(`create index "orders_session_id_index" on "orders" ("session_id");`);
    this.addSql(`create index "orders_organization_id_viewer_id_paid_at_index" on "orders" ("organization_id", "viewer_id", "paid_at");`);
    this.addSql(`alter table "orders" add constraint "orders_organization_id_session_id_external_id_unique" unique ("organization_id", "session_id", "external_id");`);

    this.addSql(`create table "session_metric_minutes" ("session_id" uuid not null, "minute" timestamptz not null, "organization_id" uuid not null, "pv" int not null default 0, "uv_new" int not null default 0, "comments" int not null default 0, "likes" bigint not null default '0', "shares" int not null default 0, "follows" int not null default 0, "impressions" int not null default 0, "clicks" int not null default 0, "add_to_carts" int not null default 0, "orders_created" int not null default 0, "orders_paid" int not null default 0, "gmv_created" bigint not null default '0', "gmv_paid" bigint not null default '0', "refund_amount" bigint not null default '0', "online_max" int not null default 0, primary key ("session_id", "minute"));`);
    this.addSql(`create index "session_metric_minutes_organization_id_index" on "session_metric_minutes" ("organization_id");`);

    this.addSql(`create table "session_metrics" ("session_id" uuid not null, "organization_id" uuid not null, "version" bigint not null default '0', "online" int not null default 0, "online_sample" int null, "online_sample_at" timestamptz null, "peak_online" int not null default 0, "pv" int not null default 0, "uv" int not null default 0, "watch_ms_closed" bigint not null default '0', "open_join_epoch_ms_sum" bigint not null default '0', "open_count" int not null default 0, "comments" int not null default 0, "likes" bigint not null default '0', "shares" int not null default 0, "follows" int not null default 0, "fan_club_joins" int not null default 0, "commenting_viewers" int not null default 0, "liking_viewers" int not null default 0, "interacting_viewers" int not null default 0, "product_impressions" int not null default 0, "product_clicks" int not null default 0, "impression_viewers" int not null default 0, "click_viewers" int not null default 0, "add_to_carts" int not null default 0, "orders_created" int not null default 0, "orders_paid" int not null default 0, "buyers" int not null default 0, "gmv_created" bigint not null default '0', "gmv_paid" bigint not null default '0', "refunds" int not null default 0, "refund_amount" bigint not null default '0', "updated_at" timestamptz not null, primary key ("session_id"));`);
    this.addSql(`create index "session_metrics_organization_id_index" on "session_metrics" ("organization_id");`);

    this.addSql(`create table "session_product_metrics" ("session_id" uuid not null, "product_id" uuid not null, "organization_id" uuid not null, "impressions" int not null default 0, "clicks" int not null default 0, "add_to_carts" int not null default 0, "orders" int not null default 0, "units" int not null default 0, "gmv_created" bigint not null default '0', "gmv_paid" bigint not null default '0', "refund_amount" bigint not null default '0', primary key ("session_id", "product_id"));`);
    this.addSql(`create index "session_product_metrics_organization_id_index" on "session_product_metrics" ("organization_id");`);

    this.addSql(`create table "session_segment_metrics" ("session_id" uuid not null, "segment_id" uuid not null, "organization_id" uuid not null, "pv" int not null default 0, "uv_new" int not null default 0, "comments" int not null default 0, "likes" bigint not null default '0', "clicks" int not null default 0, "add_to_carts" int not null default 0, "orders_paid" int not null default 0, "gmv_paid" bigint not null default '0', "refund_amount" bigint not null default '0', primary key ("session_id", "segment_id"));`);
    this.addSql(`create index "session_segment_metrics_organization_id_index" on "session_segment_metrics" ("organization_id");`);

    this.addSql(`create table "session_viewers" ("session_id" uuid not null, "viewer_id" uuid not null, "organization_id" uuid not null, "first_seen_at" timestamptz not null, "joined_at" timestamptz null, "watch_ms" bigint not null default '0', "flags" int not null default 0, "entries" int not null default 0, primary key ("session_id", "viewer_id"));`);
    this.addSql(`create index "session_viewers_organization_id_index" on "session_viewers" ("organization_id");`);

    this.addSql(`alter table "orders" add constraint "orders_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "orders" add constraint "orders_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);

    this.addSql(`alter table "session_metric_minutes" add constraint "session_metric_minutes_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "session_metric_minutes" add constraint "session_metric_minutes_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "session_metrics" add constraint "session_metrics_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "session_metrics" add constraint "session_metrics_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "session_product_metrics" add constraint "session_product_metrics_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "session_product_metrics" add constraint "session_product_metrics_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "session_segment_metrics" add constraint "session_segment_metrics_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "session_segment_metrics" add constraint "session_segment_metrics_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "session_viewers" add constraint "session_viewers_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "session_viewers" add constraint "session_viewers_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "orders" cascade;`);
    this.addSql(`drop table if exists "session_metric_minutes" cascade;`);
    this.addSql(`drop table if exists "session_metrics" cascade;`);
    this.addSql(`drop table if exists "session_product_metrics" cascade;`);
    this.addSql(`drop table if exists "session_segment_metrics" cascade;`);
    this.addSql(`drop table if exists "session_viewers" cascade;`);

    this.addSql(`drop type "order_status";`);
  }

}
