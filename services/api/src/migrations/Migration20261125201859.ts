import { Migration } from '@mikro-orm/migrations';

export class Migration20261125201859 extends Migration {

  override name = 'Migration20261125201859';

  override up(): void | Promise<void> {
    this.addSql(`create table "plugin_settings" ("organization_id" uuid not null, "namespace" varchar(20) not null, "enabled" boolean not null, "updated_at" timestamptz not null, "updated_by" uuid null, primary key ("organization_id", "namespace"));`);

    this.addSql(`alter table "plugin_settings" add constraint "plugin_settings_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "plugin_settings" cascade;`);
  }

}
