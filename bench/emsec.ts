// The emsec contender: the real `dist/main.js serve` (the compiled build) as a child process (so the load generator
// never shares its event loop), plus the few API calls the benchmark needs to set itself up.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLE } from '../src/domain/roles.ts';
import { freePort } from '../test/helpers/process.ts';
import { supervise } from './child.ts';

export const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
export const ADMIN = 'EMSEC\\Administrator';
export const NS = 'http://www.veeam.com/ent/v1.0';
export const PORTAL_USER = ROLE.PortalUser.id;
export const FILE_RESTORE_OPERATOR = ROLE.FileRestoreOperator.id;

/** How long a start may take before the benchmark gives up on it. */
const START_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 5_000;

export interface EmsecChild {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
  /** Milliseconds from spawn() to the first 200 on GET /api/. */
  readonly readyMs: number;
  /** With a profile asked for: where the CPU profile is written when the child exits (after stop()). */
  readonly profile?: string;
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** EMSEC_DATABASE_URL: run on PostgreSQL instead of the SQLite file in dataDir. */
  readonly databaseUrl?: string | undefined;
  /** Run the child under `node --cpu-prof`, writing DIR/NAME.cpuprofile when it exits. */
  readonly profile?: { readonly dir: string; readonly name: string } | undefined;
  /**
   * EMSEC_LOG_LEVEL; default 'warn' (set-up starts); `null`: not set, so emsec logs as users
   * start it (info: one line per request on stdout).
   */
  readonly logLevel?: string | null | undefined;
  /** Where the child's stdout goes (appended): a file, as a service manager's log would be; default a pipe. */
  readonly stdoutFile?: string | undefined;
  /** More environment for the child (EMSEC_METRICS=false). */
  readonly env?: Readonly<Record<string, string>> | undefined;
}

/** Spawns `emsec serve` on a free loopback port (plain HTTP only) and waits until GET /api/ answers 200. */
export async function spawnEmsec(dataDir: string, adminPassword: string, options: SpawnOptions = {}): Promise<EmsecChild> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const profileName = options.profile ? `${options.profile.name}.cpuprofile` : undefined;
  const profileArgs = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${options.profile.dir}`, `--cpu-prof-name=${profileName}`] : [];
  const started = performance.now();
  // No EMSEC_* setting of the parent's leaks in: each start has exactly the options given here.
  const parentEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('EMSEC_')));
  const logLevel = options.logLevel === undefined ? 'warn' : options.logLevel;
  const stdout = options.stdoutFile ? openSync(options.stdoutFile, 'a') : 'pipe';
  const child = spawn(process.execPath, [...profileArgs, BIN, 'serve'], {
    env: {
      ...parentEnv,
      EMSEC_HOST: '127.0.0.1',
      EMSEC_HTTP_PORT: String(port),
      EMSEC_HTTPS_PORT: '0',
      EMSEC_DATA_DIR: dataDir,
      ...(logLevel === null ? {} : { EMSEC_LOG_LEVEL: logLevel }),
      EMSEC_ADMIN_PASSWORD: adminPassword,
      ...(options.databaseUrl ? { EMSEC_DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', stdout, 'pipe'],
  });
  if (typeof stdout === 'number') closeSync(stdout);
  // Writing a CPU profile at exit takes a while; SIGKILL would lose it.
  const { output, stop, readyAfter } = supervise(child, options.profile ? 4 * STOP_DEADLINE_MS : STOP_DEADLINE_MS);
  const readyMs = await readyAfter('emsec', started, START_DEADLINE_MS, async () => (await call(`${url}/api/`, { timeoutMs: 1_000 })).status === 200, 5);
  if (child.pid === undefined) throw new Error('emsec has no pid');
  return {
    child, pid: child.pid, url, readyMs, output, stop,
    ...(options.profile && profileName ? { profile: join(options.profile.dir, profileName) } : {}),
  };
}

export interface Memory {
  /** Resident set size now, and its peak (VmHWM), in MiB. */
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

/** VmRSS and VmHWM of a process, from /proc (Linux). */
export function memoryOf(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, peakRssMiB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface Captured {
  readonly status: number;
  /** Response headers in order, less the per-connection ones (Date, Connection, Keep-Alive, Transfer-Encoding). */
  readonly headers: [string, string][];
  readonly body: string;
}

const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** One request on a fresh connection (node:http, so headers come back in wire order and case). */
export function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    const req = httpRequest(url, {
      method: init.method ?? 'GET',
      headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      agent: false,
      timeout: init.timeoutMs ?? 30_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('error', reject);
      res.once('end', () => {
        const headers: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i] as string;
          if (!HOP_HEADERS.has(name.toLowerCase())) headers.push([name, res.rawHeaders[i + 1] as string]);
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.once('timeout', () => req.destroy(new Error(`${init.method ?? 'GET'} ${url} timed out`)));
    req.once('error', reject);
    req.end(body);
  });
}

export function header(captured: Captured, name: string): string | undefined {
  return captured.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

export async function logon(url: string, user: string, password: string): Promise<string> {
  const res = await call(`${url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(user, password) } });
  const token = header(res, 'x-restsvcsessionid');
  if (res.status !== 201 || !token) throw new Error(`logon as ${user} failed: ${res.status} ${res.body}`);
  return token;
}

export function accountCreateSpecXml(type: string, name: string, roleGuids: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><EnterpriseAccountCreateSpec xmlns="${NS}"><AccountType>${type}</AccountType>` +
    `<AccountName>${name}</AccountName><Roles>${roleGuids.map((g) => `<EnterpriseRole><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${g}</EnterpriseRoleUid></EnterpriseRole>`).join('')}</Roles>` +
    '<AllowRestoreAllVms>true</AllowRestoreAllVms></EnterpriseAccountCreateSpec>';
}

export function roleAssignSpecXml(roleGuid: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><EnterpriseAccountInRoleCreateSpec xmlns="${NS}">` +
    `<EnterpriseRoleUid>urn:veeam:EnterpriseRole:${roleGuid}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`;
}

/** Creates an ExternalUser account holding Portal User; returns its id (from Location). */
export async function createExternalUser(url: string, token: string, name: string): Promise<string> {
  const res = await call(`${url}/api/security/accounts`, {
    method: 'POST',
    headers: { 'x-restsvcsessionid': token, 'content-type': 'application/xml' },
    body: accountCreateSpecXml('ExternalUser', name, [PORTAL_USER]),
  });
  const id = header(res, 'location')?.split('/').pop();
  if (res.status !== 201 || !id) throw new Error(`creating account ${name} failed: ${res.status} ${res.body}`);
  return id;
}

/** Runs fn over items with at most `width` in flight. */
export async function inPool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  }));
  return out;
}
