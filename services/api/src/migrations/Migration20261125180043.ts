import { Migration } from '@mikro-orm/migrations';

export class Migration20261125180043 extends Migration {

  override name = 'Migration20261125180043';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audience_events" drop constraint "audience_events_organization_id_foreign";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audience_events" add constraint "audience_events_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update no action on delete cascade;`);
  }

}
