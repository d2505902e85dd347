import type { Kysely } from 'kysely';

// What an account may restore is computed from the inventory tree when asked
// (domain/restorable.ts, by path ranges), so the per-account list a scope rebuild used to store
// goes: it could only fall out of date.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_restore_objects').execute();
}
