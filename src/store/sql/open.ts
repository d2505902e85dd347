// Opens the embedded SQLite store: WAL with synchronous=FULL, so a commit survives power loss.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from './kysely.ts';
import { migrations } from '../migrations/index.ts';
import type { Store } from '../repos.ts';
import type { Metrics } from '../../metrics.ts';
import { Generation } from './change-token.ts';
import { GroupCommit } from './group-commit.ts';
import { sqlRepos } from './repos.ts';
import type { Database } from './schema.ts';

export const SQLITE_FILE = 'emsec.db';

/**
 * The store's own SQLite connection, handed to a test that injects faults (a full disk with
 * PRAGMA max_page_count, a read-only store with PRAGMA query_only): pragmas are per connection,
 * so only this one can fake a fault for the server. Never set outside tests (docs/reliability.md).
 */
export type SqliteFaultSeam = (connection: Pick<SQLite.Database, 'pragma'>) => void;

export async function migrate(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrations }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** A Kysely handle on the SQLite file, not migrated (migrate, export and import use it too). */
export function openSqliteDb(dataDir: string, seam?: SqliteFaultSeam): Kysely<Database> {
  return kyselyOn(openSqliteFile(dataDir, seam));
}

function kyselyOn(file: SQLite.Database): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: cacheStatements(file) }) });
}

function openSqliteFile(dataDir: string, seam?: SqliteFaultSeam): SQLite.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = new SQLite(join(dataDir, SQLITE_FILE));
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  seam?.(file);
  return file;
}

/**
 * Kysely's SQLite driver prepares every statement on every call; preparing cost about twice
 * the execution in profiles (docs/performance.md). The same SQL text maps to the same compiled
 * statement, so keep the recent ones. Safe because the driver runs statements to completion
 * synchronously (no streaming is used).
 */
function cacheStatements(file: SQLite.Database, max = 512): SQLite.Database {
  const prepare = file.prepare.bind(file);
  const cache = new Map<string, SQLite.Statement>();
  file.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
    }
    return statement;
  }) as SQLite.Database['prepare'];
  return file;
}

export async function openSqliteStore(dataDir: string, seam?: SqliteFaultSeam, metrics?: Metrics): Promise<Store> {
  const file = openSqliteFile(dataDir, seam);
  const db = kyselyOn(file);
  try {
    await migrate(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  // Its own commits move the token; commits of other processes (the CLI beside a running
  // server) are noticed through data_version (change-token.ts).
  const dataVersion = file.prepare('PRAGMA data_version').pluck();
  const generation = new Generation(() => dataVersion.get());
  const commits = new GroupCommit(db, sqlRepos, () => generation.bump(), metrics);
  const stopWatching = generation.watch();
  return {
    ...sqlRepos(db, { inProcess: generation.read }),
    shared: false,
    write: (change) => commits.write(change),
    onExternalChange: (listener) => generation.onExternal(listener),
    close: async () => {
      stopWatching();
      await commits.drain();
      await db.destroy();
    },
  };
}
