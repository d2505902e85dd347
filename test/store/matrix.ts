// "Write a scenario once, run it as a matrix": each store test runs on SQLite and on PostgreSQL
// (when EMSEC_TEST_DATABASE_URL is set; otherwise the PostgreSQL run is a skipped test that says
// how to run it). Test names carry the store's name.
import { rmSync } from 'node:fs';
import { DEFAULTS } from '../../src/options.ts';
import { openDatabase, openStore, type RawDatabase, type StoreOptions } from '../../src/store/open.ts';
import type { Store } from '../../src/store/repos.ts';
import { POSTGRES_SKIPPED, TEST_DATABASE_URL, createTestDatabase } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/server.ts';

/** One empty store location (a data directory or a database) for one test. */
export interface Place {
  readonly options: StoreOptions;
  /** Opens the store (migrating it); several may be open at once on PostgreSQL. */
  open(): Promise<Store>;
  /** A raw handle, not migrated. */
  raw(): RawDatabase;
  /** Removes the data directory or drops the database. */
  dispose(): Promise<void>;
}

export interface StoreKind {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** A reason to skip, or false. */
  readonly skip: string | false;
  place(): Promise<Place>;
}

function placeFor(options: StoreOptions, dispose: () => Promise<void>): Place {
  return { options, open: () => openStore(options), raw: () => openDatabase(options), dispose };
}

export const SQLITE: StoreKind = {
  name: 'SQLite',
  skip: false,
  place: async () => {
    const dataDir = tempDir('emsec-store-');
    return placeFor({ ...DEFAULTS, dataDir }, async () => rmSync(dataDir, { recursive: true, force: true }));
  },
};

export const POSTGRES: StoreKind = {
  name: 'PostgreSQL',
  skip: TEST_DATABASE_URL ? false : POSTGRES_SKIPPED,
  place: async () => {
    const dataDir = tempDir('emsec-store-');
    const database = await createTestDatabase();
    return placeFor({ ...DEFAULTS, dataDir, databaseUrl: database.url }, async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
  },
};

export const STORE_KINDS: readonly StoreKind[] = [SQLITE, POSTGRES];

/** Runs `work` with a fresh place and store, closing and disposing of both afterwards. */
export async function withStore<T>(kind: StoreKind, work: (store: Store, place: Place) => Promise<T>): Promise<T> {
  const place = await kind.place();
  let store: Store | undefined;
  try {
    store = await place.open();
    return await work(store, place);
  } finally {
    await store?.close();
    await place.dispose();
  }
}
