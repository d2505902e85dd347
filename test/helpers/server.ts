// Starts the real server (the same start() `emsec serve` uses) on ephemeral loopback ports
// with a temporary data directory, and gives tests a small HTTP client for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Clock } from '../../src/domain/clock.ts';
import { BuiltinUsers } from '../../src/identity/builtin.ts';
import { DEFAULTS, type Config } from '../../src/options.ts';
import { start, type Running } from '../../src/server/listen.ts';
import { testDatabaseFor } from './postgres.ts';

export const ADMIN = 'EMSEC\\Administrator';
export const ADMIN_PASSWORD = 'Adm1n-Passw0rd!';
/** Cheap scrypt for tests; the default cost is exercised by the password unit tests. */
export const TEST_COST = { log2N: 10, r: 8, p: 1 };
export const NS = 'http://www.veeam.com/ent/v1.0';

export class ManualClock implements Clock {
  constructor(public t = Date.now()) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestServer {
  readonly running: Running;
  readonly url: string;
  readonly httpsUrl: string;
  readonly dataDir: string;
  /** Everything the server logged, for secret scans. */
  logs(): string;
  /**
   * Everything logged once `done` holds for it: checked now and after each write to the log
   * (a request's line is written after its answer has left). Rejects after 10 s without.
   */
  logsWhen(done: (logs: string) => boolean): Promise<string>;
  addUser(name: string, password: string, groups?: string[]): Promise<void>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'emsec-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startServer(extra: Partial<Config> & { dataDir?: string; keepData?: boolean } = {}): Promise<TestServer> {
  const dataDir = extra.dataDir ?? tempDir();
  const logStream = new PassThrough();
  const chunks: Buffer[] = [];
  logStream.on('data', (c: Buffer) => chunks.push(c));
  // With EMSEC_TEST_DATABASE_URL set, every test server runs on a PostgreSQL database of its own.
  const database = extra.databaseUrl === undefined ? await testDatabaseFor(extra.dataDir) : undefined;
  const running = await start({
    ...DEFAULTS,
    host: '127.0.0.1',
    httpsPort: 0,
    httpPort: 0,
    ephemeralPorts: true,
    adminPassword: ADMIN_PASSWORD,
    tlsCert: undefined,
    tlsKey: undefined,
    scryptCost: TEST_COST,
    logLevel: 'info',
    logStream,
    ...extra,
    ...(database ? { databaseUrl: database.url } : {}),
    dataDir,
  }).catch(async (err: unknown) => {
    await database?.drop();
    throw err;
  });
  return {
    running,
    url: running.httpUrl as string,
    httpsUrl: running.httpsUrl as string,
    dataDir,
    logs: () => Buffer.concat(chunks).toString('utf8'),
    logsWhen: (done) => new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (!done(text)) return;
        logStream.off('data', check);
        clearTimeout(timer);
        resolve(text);
      };
      const timer = setTimeout(() => {
        logStream.off('data', check);
        reject(new Error(`the log did not show what was waited for within 10 s:\n${Buffer.concat(chunks).toString('utf8').slice(-2_000)}`));
      }, 10_000);
      // After the collecting listener: it was added first, so each chunk is in `chunks` by now.
      logStream.on('data', check);
      check();
    }),
    addUser: (name, password, groups = []) => new BuiltinUsers(running.emsec.store, TEST_COST).add(name, password, groups),
    close: async () => {
      await running.close();
      await database?.drop();
      if (!extra.keepData && !extra.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface Call {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

export async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Call> {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** Logs on and returns the session token. */
export async function logon(server: TestServer, user = ADMIN, password = ADMIN_PASSWORD): Promise<string> {
  const res = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(user, password) } });
  if (res.status !== 201) throw new Error(`logon as ${user} failed: ${res.status} ${res.text}`);
  return res.headers.get('x-restsvcsessionid') as string;
}

export const xml = (token: string, extra: Record<string, string> = {}) => ({ 'x-restsvcsessionid': token, ...extra });
export const json = (token: string, extra: Record<string, string> = {}) => ({ 'x-restsvcsessionid': token, accept: 'application/json', ...extra });

/** The account id from a Location header or from the accounts list. */
export async function accountIdByName(server: TestServer, token: string, name: string): Promise<string> {
  const res = await call(`${server.url}/api/security/accounts`, { headers: json(token) });
  const ref = res.json<{ Refs: { Name: string; UID: string }[] }>().Refs.find((r) => r.Name === name);
  if (!ref) throw new Error(`no account ${name}`);
  return ref.UID.split(':').pop() as string;
}

export function createSpecXml(type: string, name: string, roleGuids: string[], allowAll = true): string {
  return `<?xml version="1.0" encoding="utf-8"?><EnterpriseAccountCreateSpec xmlns="${NS}"><AccountType>${type}</AccountType>` +
    `<AccountName>${name}</AccountName><Roles>${roleGuids.map((g) => `<EnterpriseRole><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${g}</EnterpriseRoleUid></EnterpriseRole>`).join('')}</Roles>` +
    `<AllowRestoreAllVms>${allowAll}</AllowRestoreAllVms></EnterpriseAccountCreateSpec>`;
}
