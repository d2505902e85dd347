// Process control: the contenders' processes (ceiling, emsec on SQLite/PostgreSQL) and the
// machine probe (fsync latency where the store lives).
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, fdatasyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { CeilingConfig, CeilingMessage } from './ceiling.ts';
import { ADMIN, FILE_RESTORE_OPERATOR, call, createExternalUser, inPool, logon, memoryOf, spawnEmsec, type Captured, type EmsecChild, type Memory } from './emsec.ts';
import { formatSummary, summarize } from './profile.ts';
import { seedAccounts } from './seed.ts';
import { DEFAULTS } from '../src/options.ts';
import { fmtInt } from './format.ts';
import { ACCOUNTS, ADMIN_PASSWORD, CEILING_FILE, CYCLE_ACCOUNTS, PAGE_SIZE, cleanups, log } from './settings.ts';
import { ACCEPT_JSON, ACCEPT_XML, WORKLOADS, assignBody, lastPage, listed, pageNumber, pagePath, type Contender, type Fixture, type Target } from './workloads.ts';

export interface CeilingChild {
  readonly child: ChildProcess;
  readonly url: string;
  configure(config: CeilingConfig): Promise<void>;
  stop(): Promise<void>;
}

export function waitFor<T>(child: ChildProcess, pick: (m: CeilingMessage) => T | undefined, what: string): Promise<T> {
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

export async function startCeiling(): Promise<CeilingChild> {
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

export function substitute(c: Captured, from: string, to: string): Captured {
  return { status: c.status, headers: c.headers.map(([n, v]) => [n, v.split(from).join(to)]), body: c.body.split(from).join(to) };
}

export function sameAnswer(a: Captured, b: Captured): boolean {
  return a.status === b.status && a.body === b.body && JSON.stringify(a.headers) === JSON.stringify(b.headers);
}

// ---------------------------------------------------------------- emsec contenders

export interface EmsecRun {
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

export interface PreparedEmsec {
  readonly child: EmsecChild;
  /** More nodes on the same database (PostgreSQL), measured together with `child`. */
  readonly others: readonly EmsecChild[];
  /** Copies of the seeded data directory made before the measured start, by name (SQLite). */
  readonly copies: Readonly<Record<string, string>>;
  readonly dataDir: string;
  /** Where the measured nodes' stdout (the request log) goes. */
  readonly logFiles: readonly string[];
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

export function rolesUrl(url: string, id: string): string {
  return `${url}/api/security/accounts/${id}/roles`;
}

/**
 * A first start on an empty store (bootstrap: roles, administrator), stopped; ACCOUNTS accounts
 * seeded into the store from this process; the start the benchmark measures, on the seeded
 * store; then the benchmark's own accounts over HTTP and a check of every answer it will load.
 */
export async function prepareEmsec(
  name: string, dir: string, databaseUrl: string | undefined, profileDir: string | undefined,
  more: { readonly nodes?: number; readonly copies?: readonly string[] } = {},
): Promise<PreparedEmsec> {
  const label = databaseUrl ? 'postgres' : 'sqlite';
  const dataDir = join(dir, `data-${label}`);
  log(`bench: ${name}: first start on an empty store`);
  const fresh = await spawnEmsec(dataDir, ADMIN_PASSWORD, { databaseUrl });
  cleanups.push(() => fresh.stop());
  const memoryFirstStart = memoryOf(fresh.pid);
  await fresh.stop();

  log(`bench: ${name}: seeding ${fmtInt(ACCOUNTS)} accounts (first start was ready in ${fmtInt(fresh.readyMs)} ms)`);
  const seeded = await seedAccounts({ ...DEFAULTS, dataDir, databaseUrl }, ACCOUNTS, (done) => {
    if (done % 25_000 === 0 || done === ACCOUNTS) log(`  ${name}: ${fmtInt(done)} accounts seeded`);
  });
  const copies: Record<string, string> = {};
  for (const copy of more.copies ?? []) {
    copies[copy] = join(dir, `data-${label}-${copy}`);
    cpSync(dataDir, copies[copy], { recursive: true });
  }
  log(`bench: ${name}: seeded in ${seeded.seconds.toFixed(1)} s; starting ${more.nodes ?? 1} node(s) on the seeded store, as users start it (info log on stdout, to a file)`);
  // As users start it: no log level (info: one line per request), stdout to a file.
  const logFiles = Array.from({ length: more.nodes ?? 1 }, (_, i) => join(dir, `${label}-node${i + 1}-stdout.log`));
  const nodes: EmsecChild[] = [];
  for (const [i, logFile] of logFiles.entries()) {
    const node = await spawnEmsec(i === 0 ? dataDir : join(dir, `data-${label}-node${i + 1}`), ADMIN_PASSWORD, {
      databaseUrl, logLevel: null, stdoutFile: logFile,
      profile: profileDir ? { dir: profileDir, name: `emsec-${label}-node${i + 1}-${process.pid}` } : undefined,
    });
    cleanups.push(() => node.stop());
    nodes.push(node);
  }
  const [child, ...others] = nodes as [EmsecChild, ...EmsecChild[]];
  const memorySeeded = memoryOf(child.pid);

  const token = await logon(child.url, ADMIN, ADMIN_PASSWORD);
  log(`bench: ${name}: creating 1 + ${CYCLE_ACCOUNTS} ExternalUser accounts (Portal User) over HTTP`);
  const names = ['bench-get@bench.example', ...Array.from({ length: CYCLE_ACCOUNTS }, (_, i) => `bench-${String(i).padStart(3, '0')}@bench.example`)];
  const ids = await inPool(names, 8, (n) => createExternalUser(child.url, token, n));
  const fixture: Fixture = {
    getAccountId: ids[0] as string, cycleAccountIds: ids.slice(1), totalAccounts: seeded.totalAccounts + names.length, seededAccounts: ACCOUNTS,
  };
  const target: Target = { name, url: child.url, ...(others.length ? { urls: nodes.map((n) => n.url) } : {}), token, fixture };

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

  for (const other of others) {
    const seen = await call(rolesUrl(other.url, fixture.getAccountId), { headers: { ...auth, ...ACCEPT_XML } });
    if (seen.status !== 200 || seen.body !== getXml.body.split(child.url).join(other.url)) throw new Error(`${name}: another node answered GET XML ${seen.status}: ${seen.body.slice(0, 300)}`);
  }

  return {
    child, others, copies, dataDir, logFiles, target,
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
export function emsecContender(p: PreparedEmsec, memory: { beforeLogon?: Memory | undefined }): Contender {
  return { target: p.target, runs: () => true, beforeLogon: () => (memory.beforeLogon = memoryOf(p.child.pid)) };
}

/** Stops a measured emsec; reports its memory and its CPU profile (written as it exits). */
export async function finishEmsec(p: PreparedEmsec, beforeLogon: Memory | undefined): Promise<EmsecRun> {
  const afterRun = memoryOf(p.child.pid);
  await Promise.all([p.child, ...p.others].map((n) => n.stop()));
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

/** A copy of the default contender with one setting changed, for the read workloads (GET of an account's roles). */
export interface Variant {
  readonly child: EmsecChild;
  readonly target: Target;
  readonly logFile: string;
}

/**
 * emsec on a copy of the seeded store, started as the default contender but for `env` (and the
 * log level): its own account to read, created over HTTP as the default contender's was, so the
 * answer has the same size.
 */
export async function prepareVariant(name: string, dataDir: string, logFile: string, settings: { readonly logLevel?: string; readonly env?: Record<string, string> }): Promise<Variant> {
  log(`bench: ${name}: starting on a copy of the seeded store`);
  const child = await spawnEmsec(dataDir, ADMIN_PASSWORD, { logLevel: settings.logLevel ?? null, stdoutFile: logFile, env: settings.env });
  cleanups.push(() => child.stop());
  const token = await logon(child.url, ADMIN, ADMIN_PASSWORD);
  const id = await createExternalUser(child.url, token, 'bench-get@bench.example');
  const got = await call(rolesUrl(child.url, id), { headers: { 'x-restsvcsessionid': token, ...ACCEPT_XML } });
  if (got.status !== 200) throw new Error(`${name}: GET XML answered ${got.status}: ${got.body}`);
  return { child, logFile, target: { name, url: child.url, token, fixture: { getAccountId: id, cycleAccountIds: [], totalAccounts: 0, seededAccounts: 0 } } };
}

/** Lines in a log file (the request log of a measured node): shows the log was on. */
export function linesIn(file: string): number {
  try {
    const text = readFileSync(file, 'utf8');
    let n = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
    return n;
  } catch {
    return 0;
  }
}

/** Ready times of `count` starts of `emsec serve` as users start it, one after the other, on `dataDir`. */
export async function measureStarts(dataDir: string, databaseUrl: string | undefined, count: number, logFile: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const node = await spawnEmsec(dataDir, ADMIN_PASSWORD, { databaseUrl, logLevel: null, stdoutFile: logFile });
    times.push(node.readyMs);
    await node.stop();
  }
  return times;
}

// ---------------------------------------------------------------- machine

export interface FsyncProbe {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Latency of a 4 KiB write + fdatasync where the SQLite file lives (at most 200 of them, at most 2 s). */
export function probeFsync(dir: string): FsyncProbe {
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
