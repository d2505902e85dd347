import type { Kysely } from 'kysely';
import { sql } from '../sql/kysely.ts';

// Written against Kysely's schema builder so the same file serves SQLite and PostgreSQL.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createTable('accounts')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('User','Group','ExternalUser','ExternalGroup')`))
    .addColumn('allow_restore_all_vms', 'integer', (c) => c.notNull())
    .addColumn('flr_inplace_only', 'integer')
    .addColumn('flr_extension_restrictions', 'text')
    .addColumn('sql_deny_in_place_restore', 'integer')
    .execute();
  await db.schema.createTable('account_roles')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addUniqueConstraint('account_roles_account_role', ['account_id', 'role_id'])
    .execute();
  await db.schema.createIndex('account_roles_role').on('account_roles').column('role_id').execute();
  await db.schema.createTable('account_scope_items')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('object_ref', 'text', (c) => c.notNull())
    .addColumn('object_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_scope_items_account').on('account_scope_items').column('account_id').execute();
  await db.schema.createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('directory_users')
    .addColumn('name_key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('directory_groups')
    .addColumn('name_key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('directory_members')
    .addColumn('group_key', 'text', (c) => c.notNull().references('directory_groups.name_key').onDelete('cascade'))
    .addColumn('user_key', 'text', (c) => c.notNull().references('directory_users.name_key').onDelete('cascade'))
    .addPrimaryKeyConstraint('directory_members_pk', ['group_key', 'user_key'])
    .execute();
}
