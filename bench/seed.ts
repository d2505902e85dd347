// Seeds a store with many accounts directly (not over HTTP), for the paging workloads: the store
// is opened in the benchmark's own process with openStore — SQLite file or PostgreSQL database,
// the same code emsec serve uses — filled in large transactions, and closed before emsec starts.
import { openStore, type StoreOptions } from '../src/store/open.ts';
import { ROLE } from '../src/domain/roles.ts';

/** Accounts per transaction: large, so seeding costs inserts rather than commits. */
const BATCH = 5_000;

export interface Seeded {
  /** Accounts the store holds after seeding (the seeded ones and those it had before). */
  readonly totalAccounts: number;
  readonly seconds: number;
}

/** The n-th seeded account's id: a valid, recognisable GUID. */
export function seededId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/**
 * Adds `count` ExternalGroup accounts, each holding Portal User (one assignment each), to the
 * store, `BATCH` per durable transaction. The store must already have its roles (emsec's first
 * start creates them).
 */
export async function seedAccounts(options: StoreOptions, count: number, progress?: (done: number) => void): Promise<Seeded> {
  const started = performance.now();
  const store = await openStore(options);
  try {
    const before = (await store.accounts.list()).length;
    for (let n = 0; n < count;) {
      await store.write(async (tx) => {
        for (const end = Math.min(count, n + BATCH); n < end;) {
          n++;
          await tx.accounts.insert({
            id: seededId(n), name: `BENCH\\group-${n}`, type: 'ExternalGroup',
            allowRestoreAllVms: true, flr: null, sql: null, roleIds: [ROLE.PortalUser.id], scopes: [],
          });
        }
      });
      progress?.(n);
    }
    return { totalAccounts: before + count, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}
