import { Migration } from '@mikro-orm/migrations';

export class Migration20261125174734 extends Migration {

  override name = 'Migration20261125174734';

  override up(): void | Promise<void> {
    this.addSql(`create type "event_delivery_status" as enum ('PENDING', 'DONE', 'DEAD');`);
    this.addSql(`create table "domain_events" ("seq" bigserial primary key, "id" uuid not null, "organization_id" uuid null, "session_id" uuid null, "name" varchar(100) not null, "payload" jsonb not null, "occurred_at" timestamptz not null, "actor_id" uuid null);`);
    this.addSql(`alter table "domain_events" add constraint "domain_events_id_unique" unique ("id");`);
    this.addSql(`create index "domain_events_organization_id_index" on "domain_events" ("organization_id");`);
    this.addSql(`create index "domain_events_session_id_occurred_at_index" on "domain_events" ("session_id", "occurred_at");`);
    this.addSql(`create index "domain_events_occurred_at_index" on "domain_events" ("occurred_at");`);

    this.addSql(`create table "event_deliveries" ("id" bigserial primary key, "event_seq" bigint not null, "handler" varchar(200) not null, "status" "event_delivery_status" not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "created_at" timestamptz not null, "done_at" timestamptz null);`);
    this.addSql(`create index "event_deliveries_due_idx" on "event_deliveries" ("next_attempt_at") where "status" = 'PENDING';`);
    this.addSql(`create index "event_deliveries_status_handler_index" on "event_deliveries" ("status", "handler");`);
    this.addSql(`alter table "event_deliveries" add constraint "event_deliveries_event_seq_handler_unique" unique ("event_seq", "handler");`);

    this.addSql(`alter table "live_sessions" add "current_segment_since" timestamptz null, add "auto_advance" boolean not null default false;`);
    this.addSql(`create index "live_sessions_auto_advance_idx" on "live_sessions" ("current_segment") where "status" = 'LIVE' and "auto_advance";`);

    this.addSql(`alter table "domain_events" add constraint "domain_events_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`alter table "event_deliveries" add constraint "event_deliveries_event_seq_foreign" foreign key ("event_seq") references "domain_events" ("seq") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "event_deliveries" drop constraint "event_deliveries_event_seq_foreign";`);

    this.addSql(`drop table if exists "domain_events" cascade;`);
    this.addSql(`drop table if exists "event_deliveries" cascade;`);

    this.addSql(`drop index "live_sessions_auto_advance_idx";`);
    this.addSql(`alter table "live_sessions" drop column "current_segment_since", drop column "auto_advance";`);

    this.addSql(`drop type "event_delivery_status";`);
  }

}
