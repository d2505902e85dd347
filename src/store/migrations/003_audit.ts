import type { Kysely } from 'kysely';

// The audit trail (domain/audit.ts): one row per recorded action, appended in the transaction of
// the change it records. Text and bigint columns only, through Kysely's schema builder, so the
// same file serves SQLite and PostgreSQL. Also an index for the per-user session cap.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('audit_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text')
    .addColumn('user_key', 'text')
    .addColumn('session_id', 'text')
    .addColumn('remote', 'text')
    .addColumn('resource', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
  await db.schema.createIndex('audit_events_user').on('audit_events').columns(['user_key', 'seq']).execute();
  await db.schema.createIndex('audit_events_action').on('audit_events').columns(['action', 'seq']).execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_name').execute();
}
