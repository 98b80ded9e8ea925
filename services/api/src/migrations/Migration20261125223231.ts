import { Migration } from '@mikro-orm/migrations';

export class Migration20261125223231 extends Migration {

  override name = 'Migration20261125223231';

  override up(): void | Promise<void> {
    this.addSql(`create table "overlay_tokens" ("id" uuid not null, "organization_id" uuid not null, "session_id" uuid not null, "label" varchar(80) null, "token_hash" varchar(64) not null, "token_hint" varchar(4) not null, "created_by_id" uuid null, "created_at" timestamptz not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "overlay_tokens_organization_id_index" on "overlay_tokens" ("organization_id");`);
    this.addSql(`create index "overlay_tokens_session_id_index" on "overlay_tokens" ("session_id");`);
    this.addSql(`alter table "overlay_tokens" add constraint "overlay_tokens_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "overlay_tokens" add constraint "overlay_tokens_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
    this.addSql(`alter table "overlay_tokens" add constraint "overlay_tokens_session_id_foreign" foreign key ("session_id") references "live_sessions" ("id") on delete cascade;`);
    this.addSql(`alter table "overlay_tokens" add constraint "overlay_tokens_created_by_id_foreign" foreign key ("created_by_id") references "members" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "overlay_tokens" cascade;`);
  }

}
