// PostgreSQL for the "emsec (postgres, 2 nodes)" contender: BENCH_DATABASE_URL, else found the way
// the project's tests find it: EMSEC_TEST_DATABASE_URL names a server (test/helpers/postgres.ts creates a fresh database on it
// and drops it afterwards); otherwise a throwaway cluster, as .ci/run starts one: initdb into a
// temporary directory, loopback port, trust authentication, default (durable) settings, stopped
// and removed when the benchmark ends. As root, initdb and postgres run as the `postgres` user.
import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { freePort } from '../test/helpers/process.ts';

export interface PostgresServer {
  /** Database URL for EMSEC_DATABASE_URL (a database of its own, empty). */
  readonly url: string;
  /** What it is, for the report: version and where it runs. */
  readonly description: string;
  stop(): Promise<void>;
}

export type PostgresAvailability = { readonly server: PostgresServer } | { readonly skipped: string };

interface Run {
  readonly code: number | string;
  readonly output: string;
}

function run(file: string, args: readonly string[], user: { uid: number; gid: number } | undefined, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ code: err.message, output });
    });
    // 'exit', not 'close': pg_ctl leaves the server running, which may hold inherited pipes.
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, output });
    });
  });
}

/** The newest /usr/lib/postgresql/N/bin with initdb and pg_ctl, else the directory on PATH that has both. */
export function postgresBinDir(): string | undefined {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'postgres'));
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(join(root, v, 'bin'))) return join(root, v, 'bin');
  }
  return (process.env['PATH'] ?? '').split(delimiter).find((dir) => dir !== '' && has(dir));
}

/** uid and gid of a user, from /etc/passwd. */
function userIds(name: string): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
    const [, , uid, gid] = line?.split(':') ?? [];
    return uid !== undefined && gid !== undefined ? { uid: Number(uid), gid: Number(gid) } : undefined;
  } catch {
    return undefined;
  }
}

/** Version and the durability settings the write figures depend on. */
async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, application_name: 'emsec-bench' });
  await client.connect();
  try {
    const version = String((await client.query<{ v: string }>('select version() as v')).rows[0]?.v ?? 'PostgreSQL').split(' on ')[0] as string;
    const setting = async (name: string) => String((await client.query<Record<string, string>>(`show ${name}`)).rows[0]?.[name] ?? '?');
    return `${version} (synchronous_commit ${await setting('synchronous_commit')}, fsync ${await setting('fsync')})`;
  } finally {
    await client.end();
  }
}

async function onTestServer(variable: string): Promise<PostgresAvailability> {
  // Imported only now: the helper reads EMSEC_TEST_DATABASE_URL when it loads.
  const { createTestDatabase, TEST_DATABASE_URL } = await import('../test/helpers/postgres.ts');
  const database = await createTestDatabase(`emsec_bench_${process.pid}`);
  const host = new URL(TEST_DATABASE_URL as string).host;
  return {
    server: {
      url: database.url,
      description: `${await serverVersion(database.url)} at ${host} (${variable}), database ${database.name}`,
      stop: () => database.drop(),
    },
  };
}

async function throwawayCluster(bin: string): Promise<PostgresAvailability> {
  let user: { uid: number; gid: number } | undefined;
  if (process.getuid?.() === 0) {
    user = userIds('postgres');
    if (!user) return { skipped: "running as root and there is no 'postgres' user for initdb and postgres to run as (they refuse root)" };
  }
  const dir = mkdtempSync(join(tmpdir(), 'emsec-bench-pg-'));
  const data = join(dir, 'data');
  let started = false;
  const stop = async () => {
    if (started) await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], user, 30_000);
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const init = await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8'], user, 120_000);
    if (init.code !== 0) throw new Error(`initdb failed (${init.code}):\n${init.output}`);
    const port = await freePort();
    started = true;
    const start = await run(join(bin, 'pg_ctl'), [
      '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start',
    ], user, 90_000);
    if (start.code !== 0) {
      const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
      throw new Error(`pg_ctl start failed (${start.code}):\n${start.output}\n${log}`);
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return { server: { url, description: `${await serverVersion(url)}, throwaway cluster (${bin}, port ${port}, fsync on)`, stop } };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A PostgreSQL database to run emsec on, or why there is none. */
export async function startPostgres(): Promise<PostgresAvailability> {
  const benchUrl = process.env['BENCH_DATABASE_URL'];
  if (benchUrl) {
    // The test helper creates (and drops) the benchmark's database on the server it names.
    process.env['EMSEC_TEST_DATABASE_URL'] = benchUrl;
    return onTestServer('BENCH_DATABASE_URL');
  }
  if (process.env['EMSEC_TEST_DATABASE_URL']) return onTestServer('EMSEC_TEST_DATABASE_URL');
  const bin = postgresBinDir();
  if (!bin) {
    return { skipped: 'no PostgreSQL binaries (initdb, pg_ctl, postgres) in /usr/lib/postgresql/*/bin or on PATH, and EMSEC_TEST_DATABASE_URL is unset (apt-get install postgresql, or set it)' };
  }
  return throwawayCluster(bin);
}
