import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// Restore scopes get their own ids and states, the inventory they point into, the computed
// restorable objects, and tasks. Portable schema-builder code for SQLite and PostgreSQL.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('hierarchy_roots')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unique_id', 'text', (c) => c.notNull())
    .addColumn('host_type', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('hierarchy_objects')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('root_id', 'text', (c) => c.notNull().references('hierarchy_roots.id').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_ref', 'text')
    .execute();
  await db.schema.createTable('account_scopes')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('object_ref', 'text', (c) => c.notNull())
    .addColumn('object_name', 'text', (c) => c.notNull())
    .addColumn('root_name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_scopes_account_object', ['account_id', 'object_ref'])
    .execute();
  await db.schema.createTable('account_restore_objects')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('object_ref', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_restore_objects_pk', ['account_id', 'object_ref'])
    .execute();
  await db.schema.createTable('tasks')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // Scope items written by 001 become scopes (no inventory data existed to describe them).
  const items = await db.selectFrom('account_scope_items').select(['account_id', 'object_ref', 'object_name']).orderBy('seq').execute();
  for (const item of items as { account_id: string; object_ref: string; object_name: string }[]) {
    await db.insertInto('account_scopes').values({
      id: randomUUID(), account_id: item.account_id, object_ref: item.object_ref, object_name: item.object_name,
      root_name: '', platform: item.object_ref.split(':')[1] ?? '', object_type: item.object_ref.split(':')[2] ?? '', state: 'Unprocessed',
    }).onConflict((oc) => oc.columns(['account_id', 'object_ref']).doNothing()).execute();
  }
  await db.schema.dropTable('account_scope_items').execute();
}
