// npm run bench: every contender, workload by workload side by side, on loopback; a table on
// stdout and bench/results.json.
//
//   BENCH_SECONDS=5          seconds per measured run (default 5)
//   BENCH_WARMUP_SECONDS=1   unmeasured run before each contender x workload (0: none)
//   BENCH_ACCOUNTS=100000    accounts seeded into each emsec store before it starts (paging)
//   BENCH_PROFILE=1          run the measured emsec children under `node --cpu-prof`; prints the
//                            profile paths and their top self-time functions (bench/profile.ts)
//   BENCH_CONTENDERS=…       comma list of ceiling,sqlite,postgres,prism (default: all)
//   BENCH_ONLY=…             comma list of workload ids (logon, get-xml, get-json, assign+unassign,
//                            page-1, page-10, page-500, page-last, page-500-sorted,
//                            page-500-filtered) or prefixes (get, assign, page) (default: all)
//
// Contenders, each in its own process (this process only generates load and reports):
//   ceiling          bench/ceiling.ts, bare node:http replaying emsec's exact bytes
//   emsec (sqlite)   dist/main.js serve on a SQLite store seeded with BENCH_ACCOUNTS accounts
//   emsec (postgres) the same on a throwaway PostgreSQL cluster (bench/postgres.ts), if available
//   prism            Stoplight Prism mocking emsec's OpenAPI document (bench/prism.ts): reads only
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';
import type { CeilingConfig, CeilingMessage } from './ceiling.ts';
import {
  ADMIN, FILE_RESTORE_OPERATOR, basic, call, createExternalUser, header, inPool, logon, memoryOf, roleAssignSpecXml, spawnEmsec,
  type Captured, type EmsecChild, type Memory,
} from './emsec.ts';
import { runLoad, type LoadResult } from './load.ts';
import { startPostgres, type PostgresServer } from './postgres.ts';
import { describeAnswer, findPrism, spawnPrism, type PrismChild } from './prism.ts';
import { formatSummary, summarize } from './profile.ts';
import { seedAccounts } from './seed.ts';

const ADMIN_PASSWORD = 'Bench-Adm1n-Passw0rd!';
const CYCLE_ACCOUNTS = 100;
const PAGE_SIZE = 100;
const CEILING = 'ceiling';
const SQLITE = 'emsec (sqlite)';
const POSTGRES = 'emsec (postgres)';
const PRISM = 'prism';
const CONTENDER_ORDER = [CEILING, SQLITE, POSTGRES, PRISM];
const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
const CEILING_FILE = fileURLToPath(new URL('./ceiling.ts', import.meta.url));
/** The whole run gives up (and cleans up) after this long, whatever is still running. */
const WATCHDOG_MS = 60 * 60_000;

function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max}, got '${raw}'.`);
  return n;
}

function listFromEnv(name: string): string[] | undefined {
  const raw = process.env[name];
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

const SECONDS = numberFromEnv('BENCH_SECONDS', 5, 1, 600);
const WARMUP_SECONDS = numberFromEnv('BENCH_WARMUP_SECONDS', 1, 0, 600);
const ACCOUNTS = Math.round(numberFromEnv('BENCH_ACCOUNTS', 100_000, 0, 10_000_000));
const PROFILE = process.env['BENCH_PROFILE'] === '1' || process.env['BENCH_PROFILE'] === 'true';
const CONTENDERS = listFromEnv('BENCH_CONTENDERS') ?? ['ceiling', 'sqlite', 'postgres', 'prism'];
const ONLY = listFromEnv('BENCH_ONLY');
for (const c of CONTENDERS) if (!['ceiling', 'sqlite', 'postgres', 'prism'].includes(c)) throw new Error(`BENCH_CONTENDERS: unknown contender '${c}'`);

// ---------------------------------------------------------------- workloads

type Kind = 'logon' | 'get-xml' | 'get-json' | 'assign+unassign' | 'page';

interface Workload {
  readonly id: string;
  readonly kind: Kind;
  readonly title: string;
  readonly connections: readonly number[];
  /** Which contenders run it (emsec always does). */
  readonly ceiling: boolean;
  readonly prism: boolean;
  /** Paging: the page (a number, or the last page) and any extra query. */
  readonly page?: number | 'last';
  readonly extraQuery?: string;
  /** Counts towards the paging target (p50 <= 5 ms at any page). */
  readonly pagingTarget?: boolean;
}

const READ_CONNECTIONS = [1, 10, 50];
const ALL_WORKLOADS: readonly Workload[] = [
  { id: 'logon', kind: 'logon', title: 'logon (POST sessionMngr, Basic, scrypt)', connections: [1, 50], ceiling: false, prism: false },
  { id: 'get-xml', kind: 'get-xml', title: 'GET accounts/{ID}/roles, XML', connections: READ_CONNECTIONS, ceiling: true, prism: true },
  { id: 'get-json', kind: 'get-json', title: 'GET accounts/{ID}/roles, JSON', connections: READ_CONNECTIONS, ceiling: true, prism: true },
  { id: 'assign+unassign', kind: 'assign+unassign', title: 'POST + DELETE accounts/{ID}/roles', connections: [1, 50], ceiling: true, prism: false },
  { id: 'page-1', kind: 'page', page: 1, title: 'GET accounts?pageSize=100&page=1', connections: [1, 50], ceiling: true, prism: true, pagingTarget: true },
  { id: 'page-10', kind: 'page', page: 10, title: 'GET accounts?pageSize=100&page=10', connections: [1, 50], ceiling: true, prism: false, pagingTarget: true },
  { id: 'page-500', kind: 'page', page: 500, title: 'GET accounts?pageSize=100&page=500', connections: [1, 50], ceiling: true, prism: false, pagingTarget: true },
  { id: 'page-last', kind: 'page', page: 'last', title: 'GET accounts?pageSize=100&page=<last>', connections: [1, 50], ceiling: true, prism: true, pagingTarget: true },
  // Not the default order: one SQL query with OFFSET (docs/decisions.md), so for information only.
  { id: 'page-500-sorted', kind: 'page', page: 500, extraQuery: 'sortAsc=Name', title: 'GET accounts?…&page=500&sortAsc=Name', connections: [1], ceiling: false, prism: false },
  { id: 'page-500-filtered', kind: 'page', page: 500, extraQuery: 'filter=AccountType==ExternalGroup', title: 'GET accounts?…&page=500&filter=AccountType==ExternalGroup', connections: [1], ceiling: false, prism: false },
];
/** BENCH_ONLY: an exact workload id picks that one; anything else is a prefix ('page', 'get'). */
const WORKLOADS = ALL_WORKLOADS.filter((w) => !ONLY || ONLY.some((o) => w.id === o || (!ALL_WORKLOADS.some((x) => x.id === o) && w.id.startsWith(o))));
if (WORKLOADS.length === 0) throw new Error(`BENCH_ONLY matches no workload; the workloads are ${ALL_WORKLOADS.map((w) => w.id).join(', ')}`);

interface Fixture {
  readonly getAccountId: string;
  readonly cycleAccountIds: string[];
  /** Accounts in the store: seeded, created at bootstrap and created by the benchmark. */
  readonly totalAccounts: number;
  /** The seeded ones (ExternalGroup: the only accounts the filtered page workload matches). */
  readonly seededAccounts: number;
}

/** How many accounts the workload pages through. */
function listed(fixture: Fixture, w?: Workload): number {
  return w?.extraQuery?.startsWith('filter=') ? fixture.seededAccounts : fixture.totalAccounts;
}

function lastPage(fixture: Fixture, w?: Workload): number {
  return Math.max(1, Math.ceil(listed(fixture, w) / PAGE_SIZE));
}

function pageNumber(w: Workload, fixture: Fixture): number {
  return w.page === 'last' ? lastPage(fixture, w) : Math.min(w.page ?? 1, lastPage(fixture, w));
}

function pagePath(w: Workload, fixture: Fixture): string {
  return `/api/security/accounts?pageSize=${PAGE_SIZE}&page=${pageNumber(w, fixture)}${w.extraQuery ? `&${w.extraQuery}` : ''}`;
}

function workloadLabel(w: Workload, fixture: Fixture | undefined): string {
  if (w.kind !== 'page' || !fixture) return w.id;
  const n = pageNumber(w, fixture);
  return `page ${n}${w.page === 'last' ? ' (last)' : ''}${w.extraQuery ? ` ${w.extraQuery.replace(/==.*/, '')}` : ''}`;
}

interface Target {
  readonly name: string;
  readonly url: string;
  readonly token: string;
  readonly fixture: Fixture;
}

interface CycleStats {
  /** Cycles whose POST answered 201 and whose DELETE then answered 204. */
  cycles: number;
  post: Record<string, number>;
  delete: Record<string, number>;
}

interface Row {
  readonly contender: string;
  readonly workload: string;
  readonly label: string;
  readonly connections: number;
  readonly result: LoadResult;
  readonly cycles?: CycleStats & { perSec: number; leftoversCleaned: number };
}

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop() as () => Promise<void> | void;
    try {
      await fn();
    } catch (err) {
      console.error(`bench: cleanup step failed: ${(err as Error).message}`);
    }
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

const assignBody = roleAssignSpecXml(FILE_RESTORE_OPERATOR);
/**
 * Read requests name the media type they want, as a client would: emsec answers XML without an
 * Accept header too, but Prism then answers JSON.
 */
const ACCEPT_XML = { accept: 'application/xml' } as const;
const ACCEPT_JSON = { accept: 'application/json' } as const;

function count(map: Record<string, number>, status: number): void {
  map[status] = (map[status] ?? 0) + 1;
}

/** Each connection cycles its own account (connection i: account i), so no two collide. */
function cycleClients(target: Target, accounts: readonly string[], stats: CycleStats): (client: autocannon.Client) => void {
  let next = 0;
  return (client) => {
    const id = accounts[next++ % accounts.length] as string;
    let postCreated = false;
    // Per-client request objects: autocannon shares opts.requests between its clients, and
    // builds each client's first request up front, so a shared setupRequest would send every
    // connection's first POST to the last connection's account.
    client.setRequests([
      {
        method: 'POST',
        path: `/api/security/accounts/${id}/roles`,
        headers: { 'x-restsvcsessionid': target.token, 'content-type': 'application/xml' },
        body: assignBody,
        onResponse: (status) => {
          postCreated = status === 201;
          count(stats.post, status);
        },
      },
      {
        method: 'DELETE',
        path: `/api/security/accounts/${id}/roles/${FILE_RESTORE_OPERATOR}`,
        headers: { 'x-restsvcsessionid': target.token },
        onResponse: (status) => {
          if (postCreated && status === 204) stats.cycles++;
          postCreated = false;
          count(stats.delete, status);
        },
      },
    ]);
  };
}

/** Removes the cycled role wherever a cut-off cycle left it; returns how many it removed. */
async function resetAssignments(target: Target, accounts: readonly string[]): Promise<number> {
  const statuses = await inPool(accounts, 8, (id) => call(`${target.url}/api/security/accounts/${id}/roles/${FILE_RESTORE_OPERATOR}`, {
    method: 'DELETE', headers: { 'x-restsvcsessionid': target.token },
  }).then((r) => r.status));
  const odd = statuses.filter((s) => s !== 204 && s !== 404);
  if (odd.length > 0) throw new Error(`${target.name}: resetting assignments answered ${odd.join(', ')}`);
  return statuses.filter((s) => s === 204).length;
}

async function runWorkload(target: Target, w: Workload, connections: number, seconds: number): Promise<Omit<Row, 'contender' | 'workload' | 'label'>> {
  const auth = { 'x-restsvcsessionid': target.token };
  const rolesPath = `/api/security/accounts/${target.fixture.getAccountId}/roles`;
  const read = (path: string, headers: Record<string, string>) => runLoad({ url: target.url, connections, seconds, path, headers });
  switch (w.kind) {
    case 'logon':
      return {
        connections,
        result: await runLoad({
          url: target.url, connections, seconds, method: 'POST', path: '/api/sessionMngr/?v=latest',
          headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) }, timeoutSeconds: 30,
        }),
      };
    case 'get-xml':
      return { connections, result: await read(rolesPath, { ...auth, ...ACCEPT_XML }) };
    case 'get-json':
      return { connections, result: await read(rolesPath, { ...auth, ...ACCEPT_JSON }) };
    case 'page':
      return { connections, result: await read(pagePath(w, target.fixture), { ...auth, ...ACCEPT_XML }) };
    case 'assign+unassign': {
      const accounts = target.fixture.cycleAccountIds;
      const leftoversCleaned = await resetAssignments(target, accounts);
      const stats: CycleStats = { cycles: 0, post: {}, delete: {} };
      const result = await runLoad({ url: target.url, connections, seconds, setupClient: cycleClients(target, accounts.slice(0, Math.max(connections, 1)), stats) });
      return { connections, result, cycles: { ...stats, perSec: result.seconds > 0 ? stats.cycles / result.seconds : 0, leftoversCleaned } };
    }
  }
}

/** A contender the measurement loop drives: where it is, and which workloads it runs. */
interface Contender {
  readonly target: Target;
  readonly runs: (w: Workload) => boolean;
  /** Called just before the logon workload (emsec: its RSS before scrypt's memory). */
  readonly beforeLogon?: () => void;
}

/**
 * Every workload, and within it every connection count, runs on each contender in turn, back to
 * back: the runs a ratio compares are seconds apart, so load from other work on this machine
 * skews both alike more often than when each contender ran all its workloads in one block.
 * Logon runs last: the sessions it piles up (and scrypt's memory) should not weigh on the rest.
 */
async function measure(contenders: readonly Contender[], rows: Row[]): Promise<void> {
  const order = [...WORKLOADS].sort((a, b) => Number(a.kind === 'logon') - Number(b.kind === 'logon'));
  for (const w of order) {
    const these = contenders.filter((c) => c.runs(w));
    if (these.length === 0) continue;
    log(`bench: ${w.id}: ${w.title}`);
    for (const c of these) {
      if (w.kind === 'logon') c.beforeLogon?.();
      if (WARMUP_SECONDS > 0) await runWorkload(c.target, w, 10, WARMUP_SECONDS);
    }
    for (const connections of w.connections) {
      for (const { target } of these) {
        const row: Row = { contender: target.name, workload: w.id, label: workloadLabel(w, target.fixture), ...(await runWorkload(target, w, connections, SECONDS)) };
        rows.push(row);
        const r = row.result;
        log(`  ${target.name}: ${row.label} c=${connections}: ${fmtInt(r.reqPerSec)} req/s, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms, non-2xx ${r.non2xx}` +
          (row.cycles ? `, ${fmtInt(row.cycles.perSec)} cycles/s` : ''));
      }
    }
  }
}

// ---------------------------------------------------------------- ceiling process

interface CeilingChild {
  readonly child: ChildProcess;
  readonly url: string;
  configure(config: CeilingConfig): Promise<void>;
  stop(): Promise<void>;
}

function waitFor<T>(child: ChildProcess, pick: (m: CeilingMessage) => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`ceiling: no '${what}' within 20 s`)), 20_000);
    const onMessage = (m: CeilingMessage) => {
      const value = pick(m);
      if (value !== undefined) done(undefined, value);
    };
    const onExit = (code: number | null) => done(new Error(`ceiling exited (${code}) before '${what}'`));
    const done = (err?: Error, value?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function startCeiling(): Promise<CeilingChild> {
  const child = fork(CEILING_FILE, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const port = await waitFor(child, (m) => (m.type === 'listening' ? m.port : undefined), 'listening');
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    configure: async (config) => {
      const configured = waitFor(child, (m) => (m.type === 'configured' ? true : undefined), 'configured');
      child.send(config);
      await configured;
    },
    stop: async () => {
      if (exited) return;
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

function substitute(c: Captured, from: string, to: string): Captured {
  return { status: c.status, headers: c.headers.map(([n, v]) => [n, v.split(from).join(to)]), body: c.body.split(from).join(to) };
}

function sameAnswer(a: Captured, b: Captured): boolean {
  return a.status === b.status && a.body === b.body && JSON.stringify(a.headers) === JSON.stringify(b.headers);
}

// ---------------------------------------------------------------- emsec contenders

interface EmsecRun {
  readonly name: string;
  readonly store: string;
  readonly seededAccounts: number;
  readonly seedSeconds: number;
  readonly readyFirstStartMs: number;
  readonly readySeededMs: number;
  /** Body sizes of the answers the read workloads load, in bytes. */
  readonly answerBytes: Readonly<Record<string, number>>;
  readonly memory: {
    readonly firstStart: Memory | undefined;
    readonly seeded: Memory | undefined;
    readonly beforeLogon?: Memory | undefined;
    readonly afterRun?: Memory | undefined;
  };
  profile?: string;
}

interface PreparedEmsec {
  readonly child: EmsecChild;
  readonly target: Target;
  readonly run: EmsecRun;
  /** emsec's answers, for the ceiling to replay. */
  readonly answers: {
    readonly getXml: Captured;
    readonly getJson: Captured;
    readonly assigned: Captured;
    readonly unassigned: Captured;
    readonly probeId: string;
    readonly pages: readonly { readonly path: string; readonly answer: Captured }[];
  };
}

function rolesUrl(url: string, id: string): string {
  return `${url}/api/security/accounts/${id}/roles`;
}

/**
 * A first start on an empty store (bootstrap: roles, administrator), stopped; ACCOUNTS accounts
 * seeded into the store from this process; the start the benchmark measures, on the seeded
 * store; then the benchmark's own accounts over HTTP and a check of every answer it will load.
 */
async function prepareEmsec(name: string, dir: string, databaseUrl: string | undefined, profileDir: string | undefined): Promise<PreparedEmsec> {
  const label = databaseUrl ? 'postgres' : 'sqlite';
  const dataDir = join(dir, `data-${label}`);
  log(`bench: ${name}: first start on an empty store`);
  const fresh = await spawnEmsec(dataDir, ADMIN_PASSWORD, { databaseUrl });
  cleanups.push(() => fresh.stop());
  const memoryFirstStart = memoryOf(fresh.pid);
  await fresh.stop();

  log(`bench: ${name}: seeding ${fmtInt(ACCOUNTS)} accounts (first start was ready in ${fmtInt(fresh.readyMs)} ms)`);
  const seeded = await seedAccounts({ dataDir, databaseUrl }, ACCOUNTS, (done) => {
    if (done % 25_000 === 0 || done === ACCOUNTS) log(`  ${name}: ${fmtInt(done)} accounts seeded`);
  });
  log(`bench: ${name}: seeded in ${seeded.seconds.toFixed(1)} s; starting on the seeded store`);
  const child = await spawnEmsec(dataDir, ADMIN_PASSWORD, {
    databaseUrl, profile: profileDir ? { dir: profileDir, name: `emsec-${label}-${process.pid}` } : undefined,
  });
  cleanups.push(() => child.stop());
  const memorySeeded = memoryOf(child.pid);

  const token = await logon(child.url, ADMIN, ADMIN_PASSWORD);
  log(`bench: ${name}: creating 1 + ${CYCLE_ACCOUNTS} ExternalUser accounts (Portal User) over HTTP`);
  const names = ['bench-get@bench.example', ...Array.from({ length: CYCLE_ACCOUNTS }, (_, i) => `bench-${String(i).padStart(3, '0')}@bench.example`)];
  const ids = await inPool(names, 8, (n) => createExternalUser(child.url, token, n));
  const fixture: Fixture = {
    getAccountId: ids[0] as string, cycleAccountIds: ids.slice(1), totalAccounts: seeded.totalAccounts + names.length, seededAccounts: ACCOUNTS,
  };
  const target: Target = { name, url: child.url, token, fixture };

  const auth = { 'x-restsvcsessionid': token };
  const getXml = await call(rolesUrl(child.url, fixture.getAccountId), { headers: { ...auth, ...ACCEPT_XML } });
  const getJson = await call(rolesUrl(child.url, fixture.getAccountId), { headers: { ...auth, ...ACCEPT_JSON } });
  const probeId = fixture.cycleAccountIds[0] as string;
  const assigned = await call(rolesUrl(child.url, probeId), { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: assignBody });
  const unassigned = await call(`${rolesUrl(child.url, probeId)}/${FILE_RESTORE_OPERATOR}`, { method: 'DELETE', headers: auth });
  for (const [what, got, want] of [['GET XML', getXml, 200], ['GET JSON', getJson, 200], ['POST roles', assigned, 201], ['DELETE role', unassigned, 204]] as const) {
    if (got.status !== want) throw new Error(`${name}: ${what} answered ${got.status}, expected ${want}: ${got.body}`);
  }
  // Every page the benchmark loads must be a full page of accounts (the last: the remainder),
  // and the page after the last must be empty: the paging workloads really read 100,000 rows.
  const pages: { path: string; answer: Captured }[] = [];
  for (const w of WORKLOADS.filter((x) => x.kind === 'page')) {
    const path = pagePath(w, fixture);
    const answer = await call(`${child.url}${path}`, { headers: { ...auth, ...ACCEPT_XML } });
    const n = pageNumber(w, fixture);
    const want = n < lastPage(fixture, w) ? PAGE_SIZE : listed(fixture, w) - (lastPage(fixture, w) - 1) * PAGE_SIZE;
    const got = (answer.body.match(/<Ref /g) ?? []).length;
    if (answer.status !== 200 || got !== want) throw new Error(`${name}: GET ${path} answered ${answer.status} with ${got} accounts, expected 200 with ${want}`);
    pages.push({ path, answer });
  }
  const beyond = await call(`${child.url}/api/security/accounts?pageSize=${PAGE_SIZE}&page=${lastPage(fixture) + 1}`, { headers: { ...auth, ...ACCEPT_XML } });
  if (beyond.status !== 200 || beyond.body.includes('<Ref ')) throw new Error(`${name}: the page after the last is not empty: ${beyond.status} ${beyond.body.slice(0, 200)}`);

  return {
    child, target,
    run: {
      name, store: databaseUrl ? 'postgres' : 'sqlite', seededAccounts: ACCOUNTS, seedSeconds: seeded.seconds,
      readyFirstStartMs: fresh.readyMs, readySeededMs: child.readyMs, memory: { firstStart: memoryFirstStart, seeded: memorySeeded },
      answerBytes: {
        'get-xml': Buffer.byteLength(getXml.body), 'get-json': Buffer.byteLength(getJson.body),
        ...Object.fromEntries(pages.map((p, i) => [WORKLOADS.filter((x) => x.kind === 'page')[i]?.id ?? p.path, Buffer.byteLength(p.answer.body)])),
      },
    },
    answers: { getXml, getJson, assigned, unassigned, probeId, pages },
  };
}

/** An emsec contender for the measurement loop; its RSS before logon lands in `memory`. */
function emsecContender(p: PreparedEmsec, memory: { beforeLogon?: Memory | undefined }): Contender {
  return { target: p.target, runs: () => true, beforeLogon: () => (memory.beforeLogon = memoryOf(p.child.pid)) };
}

/** Stops a measured emsec; reports its memory and its CPU profile (written as it exits). */
async function finishEmsec(p: PreparedEmsec, beforeLogon: Memory | undefined): Promise<EmsecRun> {
  const afterRun = memoryOf(p.child.pid);
  await p.child.stop();
  const run: EmsecRun = { ...p.run, memory: { ...p.run.memory, beforeLogon, afterRun } };
  if (p.child.profile) {
    run.profile = p.child.profile;
    try {
      log(formatSummary(summarize(p.child.profile, 12)));
    } catch (err) {
      log(`bench: could not read the profile ${p.child.profile}: ${(err as Error).message}`);
    }
  }
  return run;
}

// ---------------------------------------------------------------- machine

interface FsyncProbe {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Latency of a 4 KiB write + fdatasync where the SQLite file lives (at most 200 of them, at most 2 s). */
function probeFsync(dir: string): FsyncProbe {
  const file = join(dir, 'fsync-probe');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(4096, 0x5a);
  const times: number[] = [];
  const deadline = performance.now() + 2_000;
  try {
    for (let i = 0; i < 200 && performance.now() < deadline; i++) {
      const t = performance.now();
      writeSync(fd, block, 0, block.length, (i % 16) * block.length);
      fdatasyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? NaN;
  return { samples: times.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}

// ---------------------------------------------------------------- report

const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const fmtMs = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const fmtPct = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${(n * 100).toFixed(1)}%`);
const fmtTimes = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '' : `${n.toFixed(2)}x`);
const fmtMiB = (m: Memory | undefined) => (m ? `${m.rssMiB.toFixed(1)} MiB (peak ${m.peakRssMiB.toFixed(1)} MiB)` : 'not measured');

function table(head: string[], body: string[][], rightAlign: (i: number) => boolean): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAlign(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function find(rows: readonly Row[], contender: string, workload: string, connections: number): Row | undefined {
  return rows.find((r) => r.contender === contender && r.workload === workload && r.connections === connections);
}

function ratioTo(rows: readonly Row[], row: Row, other: string): number | undefined {
  if (row.contender === CEILING || row.contender === PRISM) return undefined;
  const o = find(rows, other, row.workload, row.connections);
  return o ? row.result.reqPerSec / o.result.reqPerSec : undefined;
}

type Outcome = 'PASS' | 'MISS' | 'n/a' | 'info';

interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly goal: string;
  readonly result: Outcome;
}

const outcome = (ok: boolean | undefined): Outcome => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS');

function verdicts(rows: readonly Row[], emsecRuns: readonly EmsecRun[], fsync: FsyncProbe): Verdict[] {
  const out: Verdict[] = [];
  for (const e of emsecRuns) {
    const who = e.name;
    const row = (w: string, c: number) => find(rows, who, w, c);
    const get50 = row('get-xml', 50);
    const ratio = get50 ? ratioTo(rows, get50, CEILING) : undefined;
    out.push({ target: `${who}: authenticated GET XML req/s vs ceiling, c=50`, measured: fmtPct(ratio), goal: '>= 50%', result: outcome(ratio === undefined ? undefined : ratio >= 0.5) });
    for (const w of ['get-xml', 'get-json'] as const) {
      const r = row(w, 10);
      out.push({
        target: `${who}: p99 latency, authenticated GET ${w === 'get-xml' ? 'XML' : 'JSON'}, c=10`,
        measured: r ? `${fmtMs(r.result.p99Ms)} ms` : 'not run', goal: '<= 10 ms', result: outcome(r ? r.result.p99Ms <= 10 : undefined),
      });
    }
    const a50 = row('assign+unassign', 50);
    const a1 = row('assign+unassign', 1);
    out.push({
      target: `${who}: durable assign+unassign cycles/s, c=50`,
      measured: a50?.cycles ? fmtInt(a50.cycles.perSec) : 'not run', goal: '>= 2,000',
      result: e.store === 'sqlite' ? outcome(a50?.cycles ? a50.cycles.perSec >= 2000 : undefined) : 'info',
    });
    out.push({
      target: `${who}: durable assign+unassign cycles/s, c=1 (two fsync'd commits per cycle; fsync p50 ${fmtMs(fsync.p50Ms)} ms)`,
      measured: a1?.cycles ? fmtInt(a1.cycles.perSec) : 'not run', goal: '(c=50 is the target)', result: 'info',
    });
    const paging = ALL_WORKLOADS.filter((w) => w.pagingTarget).map((w) => row(w.id, 1)).filter((r): r is Row => r !== undefined);
    const worst = paging.reduce<Row | undefined>((m, r) => (!m || r.result.p50Ms > m.result.p50Ms ? r : m), undefined);
    out.push({
      target: `${who}: paging p50 at every page (1, 10, 500, last), c=1`,
      measured: worst ? `${fmtMs(worst.result.p50Ms)} ms (worst: ${worst.label})` : 'not run', goal: '<= 5 ms',
      result: outcome(worst ? paging.every((r) => r.result.p50Ms <= 5) : undefined),
    });
    const first50 = row('page-1', 50);
    const last50 = row('page-last', 50);
    out.push({
      target: `${who}: paging at c=50, last page vs page 1 (p50; 50 requests in flight queue)`,
      measured: first50 && last50 ? `${fmtMs(last50.result.p50Ms)} vs ${fmtMs(first50.result.p50Ms)} ms` : 'not run', goal: 'flat', result: 'info',
    });
    const reads = rows.filter((r) => r.contender === PRISM).map((p) => ({ p, r: find(rows, who, p.workload, p.connections) }))
      .filter((x): x is { p: Row; r: Row } => x.r !== undefined);
    const behind = reads.filter(({ p, r }) => r.result.reqPerSec <= p.result.reqPerSec);
    const lowest = reads.reduce<{ ratio: number; at: string } | undefined>((m, { p, r }) => {
      const ratio = r.result.reqPerSec / p.result.reqPerSec;
      return !m || ratio < m.ratio ? { ratio, at: `${r.label} c=${r.connections}` } : m;
    }, undefined);
    out.push({
      target: `${who}: ahead of the Prism peer on every read workload (req/s)`,
      measured: reads.length ? `${reads.length - behind.length} of ${reads.length}; lowest ${fmtTimes(lowest?.ratio)} (${lowest?.at})` : 'not run',
      goal: 'all', result: outcome(reads.length ? behind.length === 0 : undefined),
    });
    const rss = e.memory.seeded?.rssMiB;
    out.push({
      target: `${who}: RSS with ${fmtInt(e.seededAccounts)} seeded accounts, once ready`,
      measured: rss === undefined ? 'unavailable' : `${rss.toFixed(1)} MiB`, goal: '<= 200 MB', result: outcome(rss === undefined ? undefined : rss * 1.048576 <= 200),
    });
    const rssLoaded = e.memory.beforeLogon?.rssMiB;
    out.push({
      target: `${who}: RSS after every workload but logon (reads, writes, paging)`,
      measured: rssLoaded === undefined ? 'unavailable' : `${rssLoaded.toFixed(1)} MiB`, goal: '<= 200 MB', result: outcome(rssLoaded === undefined ? undefined : rssLoaded * 1.048576 <= 200),
    });
    out.push({ target: `${who}: ready (spawn -> first 200 on GET /api/) on the seeded store`, measured: `${fmtInt(e.readySeededMs)} ms`, goal: '<= 1 s', result: outcome(e.readySeededMs <= 1000) });
    out.push({ target: `${who}: ready, first start on an empty store (migrations, bootstrap)`, measured: `${fmtInt(e.readyFirstStartMs)} ms`, goal: '<= 1 s', result: outcome(e.readyFirstStartMs <= 1000) });
  }
  return out;
}

const NOT_COVERED = [
  'Prism runs the read workloads only: it is a stateless mock, so durable assign+unassign and logon mean nothing there.',
  'Sorted and filtered pages (page 500) are run at c=1 for information: they are one SQL query with OFFSET (docs/decisions.md).',
  'The TLS listener (9398): only plain HTTP on loopback is measured.',
  'Separate load-generator and server machines: the load generator and every contender share this machine\'s 2 CPUs.',
];

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'emsec-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  let profileDir: string | undefined;
  if (PROFILE) {
    profileDir = mkdtempSync(join(tmpdir(), 'emsec-bench-profiles-'));
    mkdirSync(profileDir, { recursive: true });
  }
  log(`bench: ${SECONDS} s per run, warm-up ${WARMUP_SECONDS} s, ${fmtInt(ACCOUNTS)} accounts, ${cpus().length} CPUs, node ${process.version}, ` +
    `load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}${PROFILE ? `; profiling emsec into ${profileDir}` : ''}`);
  const fsync = probeFsync(dir);
  log(`bench: fsync (4 KiB write + fdatasync) in ${dir}: p50 ${fmtMs(fsync.p50Ms)} ms, p99 ${fmtMs(fsync.p99Ms)} ms over ${fsync.samples}`);

  const rows: Row[] = [];
  const emsecRuns: EmsecRun[] = [];
  const skipped: string[] = [];
  let postgresDescription: string | undefined;

  // SQLite first: its answers are what the ceiling replays, its OpenAPI document what Prism mocks.
  const sqlite = await prepareEmsec(SQLITE, dir, undefined, profileDir);
  const referenceFixture = sqlite.target.fixture;
  const referenceToken = sqlite.target.token;
  const openapi = await call(`${sqlite.child.url}/api/openapi.json`);
  if (openapi.status !== 200) throw new Error(`GET /api/openapi.json answered ${openapi.status}`);
  const openapiFile = join(dir, 'openapi.json');
  writeFileSync(openapiFile, openapi.body);

  // Every contender is started and checked first, then measured side by side (measure()).
  const contenders: Contender[] = [];
  let ceiling: CeilingChild | undefined;
  if (CONTENDERS.includes('ceiling')) {
    log('bench: starting the ceiling');
    const c = await startCeiling();
    ceiling = c;
    cleanups.push(() => c.stop());
    const a = sqlite.answers;
    const toCeiling = (x: Captured) => substitute(x, sqlite.child.url, c.url);
    const assignedTemplate = substitute(toCeiling(a.assigned), a.probeId, '{ID}');
    if (!header(assignedTemplate, 'location')?.includes('{ID}')) throw new Error(`emsec's 201 has no Location naming the account: ${JSON.stringify(a.assigned.headers)}`);
    const fixture = referenceFixture;
    await c.configure({
      type: 'config', tokens: [referenceToken], getAccountId: fixture.getAccountId, getXml: toCeiling(a.getXml), getJson: toCeiling(a.getJson),
      cycleAccountIds: fixture.cycleAccountIds, roleId: FILE_RESTORE_OPERATOR, assigned: assignedTemplate, unassigned: toCeiling(a.unassigned),
      pages: a.pages.map((x) => ({ path: x.path, answer: toCeiling(x.answer) })),
    });
    // The ceiling must answer what emsec answers, byte for byte (origin aside).
    const auth = { 'x-restsvcsessionid': referenceToken };
    const checks: [string, Captured, Captured][] = [
      ['GET XML', toCeiling(a.getXml), await call(rolesUrl(c.url, fixture.getAccountId), { headers: { ...auth, ...ACCEPT_XML } })],
      ['GET JSON', toCeiling(a.getJson), await call(rolesUrl(c.url, fixture.getAccountId), { headers: { ...auth, ...ACCEPT_JSON } })],
      ['POST roles', toCeiling(a.assigned), await call(rolesUrl(c.url, a.probeId), { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: assignBody })],
      ['DELETE role', toCeiling(a.unassigned), await call(`${rolesUrl(c.url, a.probeId)}/${FILE_RESTORE_OPERATOR}`, { method: 'DELETE', headers: auth })],
    ];
    for (const x of a.pages) checks.push([`GET ${x.path}`, toCeiling(x.answer), await call(`${c.url}${x.path}`, { headers: { ...auth, ...ACCEPT_XML } })]);
    for (const [what, want, got] of checks) {
      if (!sameAnswer(want, got)) throw new Error(`ceiling's ${what} differs from emsec's:\nemsec:   ${JSON.stringify(want).slice(0, 2000)}\nceiling: ${JSON.stringify(got).slice(0, 2000)}`);
    }
    contenders.push({ target: { name: CEILING, url: c.url, token: referenceToken, fixture }, runs: (w) => w.ceiling });
  } else {
    skipped.push('ceiling: left out by BENCH_CONTENDERS');
  }

  const sqliteMemory: { beforeLogon?: Memory | undefined } = {};
  if (CONTENDERS.includes('sqlite')) contenders.push(emsecContender(sqlite, sqliteMemory));
  else skipped.push(`${SQLITE}: measured runs left out by BENCH_CONTENDERS (it still serves the ceiling's bytes and Prism's document)`);

  let prism: PrismChild | undefined;
  const prismAnswers: string[] = [];
  if (CONTENDERS.includes('prism')) {
    const found = findPrism();
    if ('skipped' in found) {
      skipped.push(`${PRISM}: ${found.skipped}`);
    } else {
      log(`bench: starting Prism ${found.cli.version} on emsec's OpenAPI document`);
      try {
        const p = await spawnPrism(found.cli, openapiFile);
        prism = p;
        cleanups.push(() => p.stop());
      } catch (err) {
        skipped.push(`${PRISM}: it did not start: ${(err as Error).message.split('\n').slice(0, 6).join(' | ')}`);
      }
      if (prism) {
        const auth = { 'x-restsvcsessionid': referenceToken };
        for (const w of WORKLOADS.filter((x) => x.prism)) {
          const path = w.kind === 'page' ? pagePath(w, referenceFixture) : `/api/security/accounts/${referenceFixture.getAccountId}/roles`;
          const res = await call(`${prism.url}${path}`, { headers: { ...auth, ...(w.kind === 'get-json' ? ACCEPT_JSON : ACCEPT_XML) } });
          prismAnswers.push(`${workloadLabel(w, referenceFixture)}: ${describeAnswer(res)}`);
        }
        contenders.push({ target: { name: PRISM, url: prism.url, token: referenceToken, fixture: referenceFixture }, runs: (w) => w.prism });
      }
    }
  }

  let pgEmsec: PreparedEmsec | undefined;
  let pgServer: PostgresServer | undefined;
  const pgMemory: { beforeLogon?: Memory | undefined } = {};
  if (CONTENDERS.includes('postgres')) {
    log('bench: PostgreSQL');
    try {
      const found = await startPostgres();
      if ('skipped' in found) skipped.push(`${POSTGRES}: ${found.skipped}`);
      else pgServer = found.server;
    } catch (err) {
      skipped.push(`${POSTGRES}: PostgreSQL did not start: ${(err as Error).message.split('\n').slice(0, 6).join(' | ')}`);
    }
    if (pgServer) {
      const s = pgServer;
      cleanups.push(() => s.stop());
      postgresDescription = s.description;
      log(`bench: ${POSTGRES} on ${s.description}`);
      pgEmsec = await prepareEmsec(POSTGRES, dir, s.url, profileDir);
      contenders.push(emsecContender(pgEmsec, pgMemory));
    }
  } else {
    skipped.push(`${POSTGRES}: left out by BENCH_CONTENDERS`);
  }

  log(`bench: measuring ${contenders.map((c) => c.target.name).join(', ')} side by side`);
  await measure(contenders, rows);

  const memoryCeiling = ceiling ? memoryOf(ceiling.child.pid ?? -1) : undefined;
  await ceiling?.stop();
  const prismInfo = prism ? { version: prism.version, readyMs: prism.readyMs, memory: memoryOf(prism.pid), answers: prismAnswers } : undefined;
  await prism?.stop();
  if (CONTENDERS.includes('sqlite')) emsecRuns.push(await finishEmsec(sqlite, sqliteMemory.beforeLogon));
  else await sqlite.child.stop();
  if (pgEmsec) emsecRuns.push(await finishEmsec(pgEmsec, pgMemory.beforeLogon));
  await pgServer?.stop();

  // ------------------------------------------------------------ print
  const ordered = WORKLOADS.flatMap((w) => w.connections.flatMap((c) => CONTENDER_ORDER.flatMap((who) =>
    rows.filter((r) => r.workload === w.id && r.connections === c && r.contender === who))));
  const body = ordered.map((r) => [
    r.contender, r.label, String(r.connections), fmtInt(r.result.reqPerSec), fmtMs(r.result.p50Ms), fmtMs(r.result.p99Ms),
    fmtInt(r.result.non2xx), fmtInt(r.result.errors + r.result.timeouts),
    r.contender === CEILING || r.contender === PRISM || !WORKLOADS.find((w) => w.id === r.workload)?.ceiling ? '' : fmtPct(ratioTo(rows, r, CEILING)),
    fmtTimes(ratioTo(rows, r, PRISM)), r.cycles ? fmtInt(r.cycles.perSec) : '',
  ]);
  const loadAfter = loadavg();
  const out: string[] = [];
  out.push(`emsec benchmark — ${startedAt.toISOString()} — node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB; ${SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up; loopback, plain HTTP, keep-alive, pipelining 1`);
  out.push(`load average (1, 5, 15 min) before the run ${loadBefore.map((x) => x.toFixed(2)).join(', ')}; after ${loadAfter.map((x) => x.toFixed(2)).join(', ')}` +
    ' — other work on this machine skews the figures.');
  out.push(`stores: SQLite (WAL, synchronous=FULL) in ${tmpdir()}, fsync p50 ${fmtMs(fsync.p50Ms)} ms / p99 ${fmtMs(fsync.p99Ms)} ms; ` +
    `PostgreSQL: ${postgresDescription ?? 'not run'}. Each emsec store holds ${fmtInt(referenceFixture.totalAccounts)} accounts ` +
    `(${fmtInt(ACCOUNTS)} seeded with one role each, ${fmtInt(referenceFixture.totalAccounts - ACCOUNTS)} bootstrap and benchmark accounts); last page ${lastPage(referenceFixture)}.`);
  if (PROFILE) out.push('BENCH_PROFILE=1: the emsec children ran under --cpu-prof, so their figures include the profiler\'s overhead.');
  out.push('');
  out.push(table(['contender', 'workload', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'vs ceiling', 'vs prism', 'cycles/s'], body, (i) => i >= 2));
  out.push('');
  out.push('req/s counts every answer; p50/p99 are over every answer (any status), measured by the load generator.');
  out.push('errors = connection errors + timeouts. vs ceiling = emsec req/s / ceiling req/s, same workload and connections; vs prism likewise.');
  out.push('cycles/s = POST (201) then DELETE (204) on the same account, both acknowledged; each connection has its own account.');
  out.push('logon has no ceiling: its cost is scrypt (N=2^15, r=8, 32 MiB per hash) by design, so its req/s is bounded by the libuv pool.');
  out.push(`paging: pageSize=${PAGE_SIZE}, XML references, creation order (the anchored keyset of docs/decisions.md) unless sorted or filtered.`);
  for (const r of ordered.filter((x) => x.cycles)) {
    const c = r.cycles as NonNullable<Row['cycles']>;
    const codes = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
    out.push(`  ${r.contender} assign+unassign c=${r.connections}: ${c.cycles} cycles; POST answered {${codes(c.post)}}, DELETE answered {${codes(c.delete)}}` +
      (c.leftoversCleaned > 0 ? `; first removed ${c.leftoversCleaned} assignment(s) left by cycles the previous run (or warm-up) cut off` : ''));
  }
  for (const r of ordered.filter((x) => x.result.non2xx > 0 && !x.cycles)) {
    out.push(`  ${r.contender} ${r.label} c=${r.connections}: status codes ${JSON.stringify(r.result.statusCodes)}`);
  }
  out.push('');
  for (const e of emsecRuns) {
    out.push(`${e.name}: seeded ${fmtInt(e.seededAccounts)} accounts in ${e.seedSeconds.toFixed(1)} s; ready (spawn -> first 200 on GET /api/): ` +
      `first start ${fmtInt(e.readyFirstStartMs)} ms, on the seeded store ${fmtInt(e.readySeededMs)} ms`);
    out.push(`  RSS: first start ${fmtMiB(e.memory.firstStart)}; seeded store, ready ${fmtMiB(e.memory.seeded)};`);
    out.push(`       before the logon workload ${fmtMiB(e.memory.beforeLogon)}; after the run ${fmtMiB(e.memory.afterRun)}`);
    out.push(`  answer bodies: ${Object.entries(e.answerBytes).map(([w, n]) => `${w} ${fmtInt(n)} B`).join(', ')}`);
    if (e.profile) out.push(`  CPU profile: ${e.profile} (node --import tsx bench/profile.ts ${e.profile})`);
  }
  if (memoryCeiling) out.push(`ceiling RSS after its runs: ${fmtMiB(memoryCeiling)} (it runs under the tsx loader too)`);
  if (prismInfo) {
    out.push(`prism ${prismInfo.version} (static examples, -v warn): ready in ${fmtInt(prismInfo.readyMs)} ms, RSS after its runs ${fmtMiB(prismInfo.memory)}; it answered:`);
    for (const a of prismInfo.answers) out.push(`  ${a}`);
  }
  out.push('');
  const v = verdicts(rows, emsecRuns, fsync);
  out.push('Targets from the benchmark issue:');
  out.push(table(['target', 'measured', 'goal', 'result'], v.map((x) => [x.target, x.measured, x.goal, x.result]), (i) => i === 1));
  out.push('');
  if (skipped.length) {
    out.push('Skipped:');
    for (const s of skipped) out.push(`  - ${s}`);
  }
  out.push('Not covered:');
  for (const n of NOT_COVERED) out.push(`  - ${n}`);
  console.log(out.join('\n'));

  writeFileSync(RESULTS_FILE, `${JSON.stringify({
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { loadAvgBefore: loadBefore, loadAvgAfter: loadAfter, node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, totalMemGiB: totalmem() / 2 ** 30, platform: process.platform, fsync },
    settings: { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, accounts: ACCOUNTS, cycleAccounts: CYCLE_ACCOUNTS, pageSize: PAGE_SIZE, profile: PROFILE, contenders: CONTENDERS, only: ONLY ?? null },
    stores: { totalAccounts: referenceFixture.totalAccounts, lastPage: lastPage(referenceFixture), postgres: postgresDescription ?? null },
    emsec: emsecRuns,
    ceiling: { memoryAfterRuns: memoryCeiling ?? null },
    prism: prismInfo ?? null,
    runs: ordered.map((r) => ({ ...r, vsCeiling: ratioTo(rows, r, CEILING), vsPrism: ratioTo(rows, r, PRISM) })),
    targets: v,
    skipped,
    notCovered: NOT_COVERED,
  }, null, 2)}\n`);
  log(`bench: wrote ${RESULTS_FILE}`);
  return 0;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`bench: ${signal}, cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  interrupted = true;
  log(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; giving up and cleaning up`);
  void cleanUp().finally(() => process.exit(1));
}, WATCHDOG_MS);
watchdog.unref();

try {
  process.exitCode = await main();
} catch (err) {
  if (!interrupted) console.error(`bench: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
