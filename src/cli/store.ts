// The store a command works on. Every command names it on standard error, so a command run from
// the wrong directory, or without EMSEC_DATABASE_URL, says which store it read or changed; and
// only the commands that set a store up (serve, migrate, import, seed) may create one.
import { UsageError, type Config } from '../options.ts';
import { describeStore, openStore, storeExists, type StoreOptions } from '../store/open.ts';
import type { Store } from '../store/repos.ts';

export async function openCommandStore(options: Config, { mayCreate = false }: { readonly mayCreate?: boolean } = {}): Promise<Store> {
  const exists = await storeExists(options);
  if (!exists && !mayCreate) throw noStore(options);
  process.stderr.write(`emsec: ${exists ? 'store' : 'creating a new store:'} ${describeStore(options)}\n`);
  return openStore(options);
}

/**
 * Refuses, naming the store and how to point at another, when there is no store where the options
 * point: the commands that read or change a store (users, can, audit, export) never create one,
 * so a command run from the wrong directory does not leave a new SQLite file there.
 */
export async function requireStore(options: StoreOptions): Promise<void> {
  if (!(await storeExists(options))) throw noStore(options);
}

export function noStore(options: StoreOptions): UsageError {
  return new UsageError(`No emsec store at ${describeStore(options)}. Point at yours with --data-dir DIR (EMSEC_DATA_DIR) `
    + "or --database-url postgres://… (EMSEC_DATABASE_URL); 'emsec serve' or 'emsec migrate' creates a new one.");
}
