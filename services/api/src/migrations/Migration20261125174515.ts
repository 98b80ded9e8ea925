import { Migration } from '@mikro-orm/migrations';

export class Migration20261125174515 extends Migration {

  override name = 'Migration20261125174515';

  override up(): void | Promise<void> {
    this.addSql(`create type "alert_condition" as enum ('ABOVE', 'BELOW', 'DROP_PERCENT', 'RISE_PERCENT', 'BELOW_PACE', 'PRODUCT_BELOW_EXPECTED');`);
    this.addSql(`create table "alert_rules" ("id" uuid not null, "organization_id" uuid not null, "session_id" uuid null, "name" varchar(200) not null, "metric" varchar(40) not null, "condition" "alert_condition" not null, "threshold" double precision not null, "window_seconds" int not null default 300, "product_id" uuid null, "expected_per_minute" double precision null, "enabled" boolean not null default true, "cooldown_seconds" int not null default 300, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "alert_rules_organization_id_index" on "alert_rules" ("organization_id");`);
    this.addSql(`create index "alert_rules_session_id_index" on "alert_rules" ("session_id");`);
    this.addSql(`create index "alert_rules_product_id_index" on "alert_rules" ("product_id");`);
    this.addSql(`create index "alert_rules_organization_id_enabled_index" on "alert_rules" ("organization_id", "enabled");`);

    this.addSql(`create table "alerts" ("id" uuid not null, "organization_id" uuid not null, "session_id" uuid not null, "rule_id" uuid null, "metric" varchar(40) not null, "condition" "alert_condition" not null, "fired_at" timestamptz not null, "cleared_at" timestamptz null, "value" double precision not null, "threshold" double precision not null, "message_zh" varchar(500) not null, "message_en" varchar(500) not null, "acknowledged_at" timestamptz null, "acknowledged_by_id" uuid null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "alerts_organization_id_index" on "alerts" ("organization_id");`);
    this.addSql(`create index "alerts_rule_id_index" on "alerts" ("rule_id");`);
    this.addSql(`create index "alerts_session_id_fired_at_index" on "alerts" ("session_id", "fired_at");`);
    this.addSql(`create unique index "alerts_open_per_rule_unique" on "alerts" ("rule_id", "session_id") where cleared_at is null;`);

    this.addSql(`alter table "alert_rules" add constraint "alert_rules_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "alert_rules" add constraint "alert_rules_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "alert_rules" add constraint "alert_rules_product_id_foreign" foreign key ("product_id") references "products" ("id") on delete cascade;`);

    this.addSql(`alter table "alerts" add constraint "alerts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "alerts" add constraint "alerts_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "alerts" add constraint "alerts_rule_id_foreign" foreign key ("rule_id") references "alert_rules" ("id") on delete set null;`);
    this.addSql(`alter table "alerts" add constraint "alerts_acknowledged_by_id_foreign" foreign key ("acknowledged_by_id") references "members" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "alerts" drop constraint "alerts_rule_id_foreign";`);

    this.addSql(`drop table if exists "alert_rules" cascade;`);
    this.addSql(`drop table if exists "alerts" cascade;`);

    this.addSql(`drop type "alert_condition";`);
  }

}
