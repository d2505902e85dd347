// The versioned migrations, in order. A new schema version is a new file added here.
import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_initial.ts';
import * as m002 from './002_scopes_inventory_tasks.ts';
import * as m003 from './003_audit.ts';
import * as m004 from './004_inventory_tree.ts';
import * as m005 from './005_drop_restore_cache.ts';

export const migrations: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => ({
    '001_initial': m001,
    '002_scopes_inventory_tasks': m002,
    '003_audit': m003,
    '004_inventory_tree': m004,
    '005_drop_restore_cache': m005,
  }),
};
