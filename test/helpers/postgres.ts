// PostgreSQL for tests: EMSEC_TEST_DATABASE_URL names a server and a role allowed to CREATE
// DATABASE (e.g. postgres://postgres@127.0.0.1:54329/postgres). Each test server gets a fresh
// database of its own, so tests stay isolated; without the variable the PostgreSQL part is
// skipped and says how to run it.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migratePostgres } from '../../src/store/sql/open-postgres.ts';

export const TEST_DATABASE_URL: string | undefined = process.env['EMSEC_TEST_DATABASE_URL'] || undefined;

export const POSTGRES_SKIPPED =
  'PostgreSQL part skipped: set EMSEC_TEST_DATABASE_URL=postgres://USER@HOST:PORT/postgres (a role that may CREATE DATABASE) ' +
  'and run `npm test` again, or run .ci/run, which starts a throwaway PostgreSQL and runs the whole suite on both stores';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL as string, application_name: 'emsec-test' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
}

let counter = 0;

async function create(client: pg.Client, name: string, template: string | undefined): Promise<void> {
  if (template) {
    await client.query(`create database ${name} template ${template}`);
    return;
  }
  try {
    await client.query(`create database ${name} template template0 encoding 'UTF8' locale_provider icu icu_locale 'en-US' locale 'C'`);
  } catch {
    await client.query(`create database ${name}`);
  }
}

/**
 * A new database: empty, or a copy of `template`. An empty one is created with an ICU en-US
 * collation where the server supports it, so the tests prove emsec's ordering does not depend
 * on the database's locale (copies inherit it).
 */
export async function createTestDatabase(
  name = `emsec_t_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`,
  template?: string,
): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error(POSTGRES_SKIPPED);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad test database name ${name}`);
  await admin((client) => create(client, name, template));
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin(async (client) => void (await client.query(`drop database if exists ${name} with (force)`))),
  };
}

/** What the migrations look like now: a template made from other migrations is not reused. */
function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  const dir = fileURLToPath(new URL('../../src/store/migrations/', import.meta.url));
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  hash.update(readFileSync(fileURLToPath(new URL('../../src/store/sql/open-postgres.ts', import.meta.url))));
  return hash.digest('hex').slice(0, 16);
}

const TEMPLATE_LOCK = 0x656d7374; // "emst"
let template: Promise<string> | undefined;

/**
 * A database migrated to the latest schema, made once per cluster and migrations version (test
 * processes wait for each other on an advisory lock), to copy test servers' databases from: a
 * copy takes a fraction of the time the migrations take. Kept between runs; a changed migration
 * gets a new one.
 */
function migratedTemplate(): Promise<string> {
  return (template ??= admin(async (client) => {
    const name = `emsec_tpl_${migrationsFingerprint()}`;
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      if ((await client.query('select 1 from pg_database where datname = $1', [name])).rowCount) return name;
      await create(client, name, undefined);
      try {
        await migratePostgres(databaseUrl(name));
      } catch (err) {
        await client.query(`drop database if exists ${name} with (force)`);
        throw err;
      }
      return name;
    } finally {
      await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  }));
}

/** A fresh database already migrated to the latest schema (what a test server needs). */
export async function createMigratedTestDatabase(): Promise<TestDatabase> {
  return createTestDatabase(undefined, await migratedTemplate());
}

/**
 * The database for a test server when EMSEC_TEST_DATABASE_URL is set: a fresh one (dropped on
 * close), or, for a data directory the test keeps, one named after it that lives until the test
 * process ends (a restart on the same directory finds its data, as with SQLite).
 */
export async function testDatabaseFor(dataDir?: string): Promise<TestDatabase | undefined> {
  if (!TEST_DATABASE_URL) return undefined;
  if (dataDir === undefined) return createMigratedTestDatabase();
  const name = `emsec_d_${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`;
  const exists = await admin(async (client) => (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount);
  if (!exists) await createTestDatabase(name, await migratedTemplate());
  if (kept.size === 0) process.once('beforeExit', () => void dropKept());
  kept.add(name);
  return { name, url: databaseUrl(name), drop: async () => undefined };
}

/** Databases kept for a data directory live until the test process ends. */
const kept = new Set<string>();

async function dropKept(): Promise<void> {
  const names = [...kept];
  kept.clear();
  await admin(async (client) => {
    for (const name of names) await client.query(`drop database if exists ${name} with (force)`);
  }).catch(() => undefined);
}

/** Runs SQL on a test database (for checks the API cannot make, such as counting orphans). */
export async function query<R extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'emsec-test' });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}
