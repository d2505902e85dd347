// Picks the store from the options: PostgreSQL when a database URL is given, else the embedded
// SQLite file in the data directory. serve, users, migrate, export and import all open it here.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { Migrator } from './sql/kysely.ts';
import { migrations } from './migrations/index.ts';
import type { Store } from './repos.ts';
import type { Metrics } from '../metrics.ts';
import { openSqliteDb, openSqliteStore, SQLITE_FILE, type SqliteFaultSeam } from './sql/open.ts';
import { migratePostgres, openPostgresDb, openPostgresStore, POSTGRES_POOL, runMigrations, type PostgresSettings } from './sql/open-postgres.ts';
import type { Database } from './sql/schema.ts';
import { describePostgres } from './redact.ts';

/** Where the store is and how to use it: the resolved configuration's values (options.ts), already checked. */
export interface StoreOptions {
  readonly dataDir: string;
  /** A postgres:// URL: PostgreSQL; absent: SQLite in dataDir. */
  readonly databaseUrl?: string | undefined;
  readonly databasePoolSize: number;
  readonly databaseStatementTimeoutMs: number;
  /** Test-only: the SQLite connection for fault injection (sql/open.ts). No flag sets it. */
  readonly sqliteFaultSeam?: SqliteFaultSeam | undefined;
  /** Where commit latency and batch sizes are recorded (metrics.ts); not a setting. */
  readonly storeMetrics?: Metrics | undefined;
}

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(options: StoreOptions): Dialect {
  return options.databaseUrl ? 'postgres' : 'sqlite';
}

function postgresSettings(options: StoreOptions): PostgresSettings {
  return { ...POSTGRES_POOL, poolSize: options.databasePoolSize, statementTimeoutMs: options.databaseStatementTimeoutMs };
}

/** The SQLite file of these options (an absolute path, so messages say which directory was meant). */
export function sqliteFile(options: Pick<StoreOptions, 'dataDir'>): string {
  return resolve(join(options.dataDir, SQLITE_FILE));
}

/**
 * What the store is, for serve's banner (cli/banner.ts) and every other command's output
 * (cli/store.ts, migrate, export, import, "No emsec store at …"): never a password.
 */
export function describeStore(options: Pick<StoreOptions, 'dataDir' | 'databaseUrl'>): string {
  return options.databaseUrl ? describePostgres(options.databaseUrl) : `SQLite ${sqliteFile(options)}`;
}

/**
 * Does an emsec store exist where the options point? SQLite: its file exists (checked without
 * opening it, since opening creates it). PostgreSQL: the database has had a migration.
 */
export async function storeExists(options: StoreOptions): Promise<boolean> {
  if (!options.databaseUrl) return existsSync(sqliteFile(options));
  const raw = openDatabase(options);
  try {
    return (await raw.applied()).length > 0;
  } finally {
    await raw.close();
  }
}

/** Opens the store, running pending migrations first. */
export function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl
    ? openPostgresStore(options.databaseUrl, postgresSettings(options), options.storeMetrics)
    : openSqliteStore(options.dataDir, options.sqliteFaultSeam, options.storeMetrics);
}

/** A raw handle on the database, not migrated: for `emsec migrate`, `export` and `import`. */
export interface RawDatabase {
  readonly dialect: Dialect;
  readonly db: Kysely<Database>;
  /** Names of the migrations this database has had, oldest first. */
  applied(): Promise<string[]>;
  /**
   * Runs pending migrations up to `target` (default: all), under the advisory lock on PostgreSQL;
   * returns the names of those it ran.
   */
  migrate(target?: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Every migration this build knows, oldest first. */
export async function knownMigrations(): Promise<string[]> {
  return Object.keys(await migrations.getMigrations()).sort();
}

export function openDatabase(options: StoreOptions): RawDatabase {
  const url = options.databaseUrl || undefined;
  const db = url ? openPostgresDb(url, postgresSettings(options)) : openSqliteDb(options.dataDir);
  return {
    dialect: url ? 'postgres' : 'sqlite',
    db,
    applied: async () => (await new Migrator({ db, provider: migrations }).getMigrations()).filter((m) => m.executedAt).map((m) => m.name),
    migrate: (target) => (url ? migratePostgres(url, postgresSettings(options), target) : runMigrations(db, target)),
    close: () => db.destroy(),
  };
}
