// npm run bench: each contender in turn, on loopback, a table on stdout and bench/results.json.
//
//   BENCH_SECONDS=5          seconds per measured run (default 5)
//   BENCH_WARMUP_SECONDS=1   unmeasured run before each contender x workload (0: none)
//
// Contenders: "ceiling" (bench/ceiling.ts: bare node:http replaying emsec's bytes) and
// "emsec (sqlite)" (bin/emsec.js serve as a child process). Both run in their own processes;
// this process only generates load (autocannon) and reports.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

const ADMIN_PASSWORD = 'Bench-Adm1n-Passw0rd!';
const CYCLE_ACCOUNTS = 100;
const CEILING = 'ceiling';
const EMSEC = 'emsec (sqlite)';
const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
const CEILING_FILE = fileURLToPath(new URL('./ceiling.ts', import.meta.url));

function secondsFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > 600) throw new Error(`${name} must be a number of seconds from ${min} to 600, got '${raw}'.`);
  return n;
}

const SECONDS = secondsFromEnv('BENCH_SECONDS', 5, 1);
const WARMUP_SECONDS = secondsFromEnv('BENCH_WARMUP_SECONDS', 1, 0);

type WorkloadId = 'logon' | 'get-xml' | 'get-json' | 'assign+unassign';

interface Workload {
  readonly id: WorkloadId;
  readonly title: string;
  readonly connections: readonly number[];
  readonly ceiling: boolean;
}

const WORKLOADS: readonly Workload[] = [
  { id: 'logon', title: 'logon (POST sessionMngr, Basic, scrypt)', connections: [1, 50], ceiling: false },
  { id: 'get-xml', title: 'GET accounts/{ID}/roles, XML', connections: [1, 10, 50], ceiling: true },
  { id: 'get-json', title: 'GET accounts/{ID}/roles, JSON', connections: [1, 10, 50], ceiling: true },
  { id: 'assign+unassign', title: 'POST + DELETE accounts/{ID}/roles', connections: [1, 50], ceiling: true },
];

interface Target {
  readonly name: string;
  readonly url: string;
  readonly token: string;
}

interface CycleStats {
  /** Cycles whose POST answered 201 and whose DELETE then answered 204. */
  cycles: number;
  post: Record<string, number>;
  delete: Record<string, number>;
}

interface Row {
  readonly contender: string;
  readonly workload: WorkloadId;
  readonly connections: number;
  readonly result: LoadResult;
  readonly cycles?: CycleStats & { perSec: number; leftoversCleaned: number };
}

interface Fixture {
  readonly getAccountId: string;
  readonly cycleAccountIds: string[];
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

// ---------------------------------------------------------------- workloads

const assignBody = roleAssignSpecXml(FILE_RESTORE_OPERATOR);

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

async function runWorkload(target: Target, workload: WorkloadId, connections: number, seconds: number, fixture: Fixture): Promise<Omit<Row, 'contender' | 'workload'>> {
  const rolesPath = `/api/security/accounts/${fixture.getAccountId}/roles`;
  switch (workload) {
    case 'logon':
      return {
        connections,
        result: await runLoad({
          url: target.url, connections, seconds, method: 'POST', path: '/api/sessionMngr/?v=latest',
          headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) }, timeoutSeconds: 30,
        }),
      };
    case 'get-xml':
      return { connections, result: await runLoad({ url: target.url, connections, seconds, path: rolesPath, headers: { 'x-restsvcsessionid': target.token } }) };
    case 'get-json':
      return {
        connections,
        result: await runLoad({ url: target.url, connections, seconds, path: rolesPath, headers: { 'x-restsvcsessionid': target.token, accept: 'application/json' } }),
      };
    case 'assign+unassign': {
      const leftoversCleaned = await resetAssignments(target, fixture.cycleAccountIds);
      const stats: CycleStats = { cycles: 0, post: {}, delete: {} };
      const result = await runLoad({ url: target.url, connections, seconds, setupClient: cycleClients(target, fixture.cycleAccountIds.slice(0, Math.max(connections, 1)), stats) });
      return { connections, result, cycles: { ...stats, perSec: result.seconds > 0 ? stats.cycles / result.seconds : 0, leftoversCleaned } };
    }
  }
}

async function runContender(target: Target, fixture: Fixture, rows: Row[], only: (w: Workload) => boolean, beforeLogon?: () => void): Promise<void> {
  // emsec runs logon last: the sessions it piles up should not weigh on the other workloads.
  const order = [...WORKLOADS.filter(only)].sort((a, b) => Number(a.id === 'logon') - Number(b.id === 'logon'));
  for (const w of order) {
    if (w.id === 'logon') beforeLogon?.();
    if (WARMUP_SECONDS > 0) {
      log(`  ${target.name}: ${w.id} warm-up ${WARMUP_SECONDS} s`);
      await runWorkload(target, w.id, 10, WARMUP_SECONDS, fixture);
    }
    for (const connections of w.connections) {
      const row = { contender: target.name, workload: w.id, ...(await runWorkload(target, w.id, connections, SECONDS, fixture)) };
      rows.push(row);
      const r = row.result;
      log(`  ${target.name}: ${w.id} c=${connections}: ${fmtInt(r.reqPerSec)} req/s, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms, non-2xx ${r.non2xx}` +
        (row.cycles ? `, ${fmtInt(row.cycles.perSec)} cycles/s` : ''));
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

// ---------------------------------------------------------------- report

const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const fmtMs = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const fmtPct = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${(n * 100).toFixed(1)}%`);
const fmtMiB = (m: Memory | undefined) => (m ? `${m.rssMiB.toFixed(1)} MiB (peak ${m.peakRssMiB.toFixed(1)} MiB)` : 'unavailable (no /proc)');

function table(head: string[], body: string[][], rightAlign: (i: number) => boolean): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAlign(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function ratioOf(rows: readonly Row[], row: Row): number | undefined {
  if (row.contender === CEILING) return undefined;
  const ceiling = rows.find((r) => r.contender === CEILING && r.workload === row.workload && r.connections === row.connections);
  return ceiling ? row.result.reqPerSec / ceiling.result.reqPerSec : undefined;
}

interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly goal: string;
  readonly pass: boolean | undefined;
}

function verdicts(rows: readonly Row[], readyFreshMs: number, readyRestartMs: number): Verdict[] {
  const emsec = (w: WorkloadId, c: number) => rows.find((r) => r.contender === EMSEC && r.workload === w && r.connections === c);
  const out: Verdict[] = [];
  const get50 = emsec('get-xml', 50);
  const ratio = get50 ? ratioOf(rows, get50) : undefined;
  out.push({ target: 'authenticated GET XML req/s vs ceiling, c=50', measured: fmtPct(ratio), goal: '>= 50%', pass: ratio === undefined ? undefined : ratio >= 0.5 });
  for (const w of ['get-xml', 'get-json'] as const) {
    const r = emsec(w, 10);
    out.push({
      target: `p99 latency, authenticated GET ${w === 'get-xml' ? 'XML' : 'JSON'}, c=10`,
      measured: r ? `${fmtMs(r.result.p99Ms)} ms` : 'not run', goal: '<= 10 ms', pass: r ? r.result.p99Ms <= 10 : undefined,
    });
  }
  for (const c of [50, 1]) {
    const r = emsec('assign+unassign', c);
    out.push({
      target: `durable assign+unassign cycles/s, c=${c}`,
      measured: r?.cycles ? fmtInt(r.cycles.perSec) : 'not run', goal: '>= 2,000', pass: r?.cycles ? r.cycles.perSec >= 2000 : undefined,
    });
  }
  out.push({ target: 'ready (spawn -> first 200 on GET /api/), first start', measured: `${fmtInt(readyFreshMs)} ms`, goal: '<= 1 s', pass: readyFreshMs <= 1000 });
  out.push({ target: 'ready, restart on the existing data dir', measured: `${fmtInt(readyRestartMs)} ms`, goal: '<= 1 s', pass: readyRestartMs <= 1000 });
  return out;
}

const NOT_COVERED = [
  'The Prism peer contender: not run (this harness has only the ceiling and emsec).',
  'PostgreSQL store: emsec has only the SQLite store so far; not measured.',
  'Paging over 100,000 accounts: emsec has no paging yet; not measured.',
  'The TLS listener (9398): only plain HTTP on loopback is measured.',
  'Separate load-generator and server machines: load generator, ceiling and emsec share this machine\'s CPUs.',
];

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'emsec-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  log(`bench: ${SECONDS} s per run, warm-up ${WARMUP_SECONDS} s, ${cpus().length} CPUs, node ${process.version}`);

  // Ready time: a first start (migrations, bootstrap, the administrator's scrypt hash), stopped,
  // then a restart on the same data directory; the benchmark runs against the restarted one.
  log('bench: emsec first start');
  const fresh = await spawnEmsec(dataDir, ADMIN_PASSWORD);
  cleanups.push(() => fresh.stop());
  const memoryFirstStart = memoryOf(fresh.pid);
  await fresh.stop();
  log(`bench: emsec restart (first start was ready in ${fmtInt(fresh.readyMs)} ms)`);
  const emsecChild: EmsecChild = await spawnEmsec(dataDir, ADMIN_PASSWORD);
  cleanups.push(() => emsecChild.stop());
  const memoryIdle = memoryOf(emsecChild.pid);

  const token = await logon(emsecChild.url, ADMIN, ADMIN_PASSWORD);
  log(`bench: creating 1 + ${CYCLE_ACCOUNTS} ExternalUser accounts (Portal User)`);
  const names = ['bench-get@bench.example', ...Array.from({ length: CYCLE_ACCOUNTS }, (_, i) => `bench-${String(i).padStart(3, '0')}@bench.example`)];
  const ids = await inPool(names, 8, (name) => createExternalUser(emsecChild.url, token, name));
  const fixture: Fixture = { getAccountId: ids[0] as string, cycleAccountIds: ids.slice(1) };

  // emsec's answers, captured once, for the ceiling to replay.
  const auth = { 'x-restsvcsessionid': token };
  const rolesUrl = (url: string, id: string) => `${url}/api/security/accounts/${id}/roles`;
  const getXml = await call(rolesUrl(emsecChild.url, fixture.getAccountId), { headers: auth });
  const getJson = await call(rolesUrl(emsecChild.url, fixture.getAccountId), { headers: { ...auth, accept: 'application/json' } });
  const probeId = fixture.cycleAccountIds[0] as string;
  const assigned = await call(rolesUrl(emsecChild.url, probeId), { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: assignBody });
  const unassigned = await call(`${rolesUrl(emsecChild.url, probeId)}/${FILE_RESTORE_OPERATOR}`, { method: 'DELETE', headers: auth });
  for (const [what, got, want] of [['GET XML', getXml, 200], ['GET JSON', getJson, 200], ['POST roles', assigned, 201], ['DELETE role', unassigned, 204]] as const) {
    if (got.status !== want) throw new Error(`emsec ${what} answered ${got.status}, expected ${want}: ${got.body}`);
  }

  log('bench: starting the ceiling');
  const ceiling = await startCeiling();
  cleanups.push(() => ceiling.stop());
  const toCeiling = (c: Captured) => substitute(c, emsecChild.url, ceiling.url);
  const assignedTemplate = substitute(toCeiling(assigned), probeId, '{ID}');
  if (!header(assignedTemplate, 'location')?.includes('{ID}')) throw new Error(`emsec's 201 has no Location naming the account: ${JSON.stringify(assigned.headers)}`);
  await ceiling.configure({
    type: 'config', tokens: [token], getAccountId: fixture.getAccountId, getXml: toCeiling(getXml), getJson: toCeiling(getJson),
    cycleAccountIds: fixture.cycleAccountIds, roleId: FILE_RESTORE_OPERATOR, assigned: assignedTemplate, unassigned: toCeiling(unassigned),
  });
  // The ceiling must answer what emsec answers, byte for byte (origin aside).
  const checks: [string, Captured, Captured][] = [
    ['GET XML', toCeiling(getXml), await call(rolesUrl(ceiling.url, fixture.getAccountId), { headers: auth })],
    ['GET JSON', toCeiling(getJson), await call(rolesUrl(ceiling.url, fixture.getAccountId), { headers: { ...auth, accept: 'application/json' } })],
    ['POST roles', toCeiling(assigned), await call(rolesUrl(ceiling.url, probeId), { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: assignBody })],
    ['DELETE role', toCeiling(unassigned), await call(`${rolesUrl(ceiling.url, probeId)}/${FILE_RESTORE_OPERATOR}`, { method: 'DELETE', headers: auth })],
  ];
  for (const [what, want, got] of checks) {
    if (!sameAnswer(want, got)) throw new Error(`ceiling's ${what} differs from emsec's:\nemsec:   ${JSON.stringify(want)}\nceiling: ${JSON.stringify(got)}`);
  }

  const rows: Row[] = [];
  log(`bench: ${CEILING}`);
  await runContender({ name: CEILING, url: ceiling.url, token }, fixture, rows, (w) => w.ceiling);
  const memoryCeiling = memoryOf(ceiling.child.pid ?? -1);
  await ceiling.stop();
  log(`bench: ${EMSEC}`);
  let memoryBeforeLogon: Memory | undefined;
  await runContender({ name: EMSEC, url: emsecChild.url, token }, fixture, rows, () => true, () => (memoryBeforeLogon = memoryOf(emsecChild.pid)));
  const memoryAfter = memoryOf(emsecChild.pid);
  await emsecChild.stop();

  // ------------------------------------------------------------ print
  const ordered = WORKLOADS.flatMap((w) => w.connections.flatMap((c) => [CEILING, EMSEC].flatMap((who) =>
    rows.filter((r) => r.workload === w.id && r.connections === c && r.contender === who))));
  const body = ordered.map((r) => [
    r.contender, r.workload, String(r.connections), fmtInt(r.result.reqPerSec), fmtMs(r.result.p50Ms), fmtMs(r.result.p99Ms),
    fmtInt(r.result.non2xx), fmtInt(r.result.errors + r.result.timeouts), r.contender === CEILING ? '' : fmtPct(ratioOf(rows, r)),
    r.cycles ? fmtInt(r.cycles.perSec) : '',
  ]);
  const out: string[] = [];
  out.push(`emsec benchmark — ${startedAt.toISOString()} — node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ` +
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB; ${SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up; loopback, plain HTTP, keep-alive, pipelining 1`);
  out.push(`load average (1 min) before the run ${loadBefore[0]?.toFixed(2)}, after ${loadavg()[0]?.toFixed(2)} — other work on this machine skews the figures.`);
  out.push('');
  out.push(table(['contender', 'workload', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'vs ceiling', 'cycles/s'], body, (i) => i >= 2));
  out.push('');
  out.push('req/s counts every answer; p50/p99 are over every answer (any status), measured by the load generator.');
  out.push('errors = connection errors + timeouts. vs ceiling = emsec req/s / ceiling req/s, same workload and connections.');
  out.push('cycles/s = POST (201) then DELETE (204) on the same account, both acknowledged; each connection has its own account.');
  out.push('logon has no ceiling: its cost is scrypt (N=2^15, r=8, 32 MiB per hash) by design, so its req/s is bounded by the libuv pool.');
  for (const r of ordered.filter((x) => x.cycles)) {
    const c = r.cycles as NonNullable<Row['cycles']>;
    const codes = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
    out.push(`  ${r.contender} assign+unassign c=${r.connections}: ${c.cycles} cycles; POST answered {${codes(c.post)}}, DELETE answered {${codes(c.delete)}}` +
      (c.leftoversCleaned > 0 ? `; first removed ${c.leftoversCleaned} assignment(s) left by cycles the previous run (or warm-up) cut off` : ''));
  }
  for (const r of ordered.filter((x) => x.result.non2xx > 0 && !x.cycles)) {
    out.push(`  ${r.contender} ${r.workload} c=${r.connections}: status codes ${JSON.stringify(r.result.statusCodes)}`);
  }
  out.push('');
  out.push(`emsec ready (spawn -> first 200 on GET /api/): first start ${fmtInt(fresh.readyMs)} ms, restart ${fmtInt(emsecChild.readyMs)} ms`);
  out.push(`emsec RSS: after the first start ${fmtMiB(memoryFirstStart)}; after the restart ${fmtMiB(memoryIdle)};`);
  out.push(`           before the logon workload ${fmtMiB(memoryBeforeLogon)}; after the run ${fmtMiB(memoryAfter)}`);
  out.push(`ceiling RSS after its runs: ${fmtMiB(memoryCeiling)} (it runs under the tsx loader too)`);
  out.push('');
  const v = verdicts(rows, fresh.readyMs, emsecChild.readyMs);
  out.push('Targets from the benchmark issue:');
  out.push(table(['target', 'measured', 'goal', 'result'], v.map((x) => [x.target, x.measured, x.goal, x.pass === undefined ? 'n/a' : x.pass ? 'PASS' : 'MISS']), (i) => i === 1));
  out.push('');
  out.push('Not covered yet (parts of the full benchmark issue):');
  for (const n of NOT_COVERED) out.push(`  - ${n}`);
  console.log(out.join('\n'));

  writeFileSync(RESULTS_FILE, `${JSON.stringify({
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { loadAvgBefore: loadBefore, loadAvgAfter: loadavg(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, totalMemGiB: totalmem() / 2 ** 30, platform: process.platform },
    settings: { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, cycleAccounts: CYCLE_ACCOUNTS },
    ready: { firstStartMs: fresh.readyMs, restartMs: emsecChild.readyMs },
    memory: { emsecFirstStart: memoryFirstStart, emsecIdle: memoryIdle, emsecBeforeLogon: memoryBeforeLogon, emsecAfterRun: memoryAfter, ceilingAfterRuns: memoryCeiling },
    runs: ordered.map((r) => ({ ...r, vsCeiling: ratioOf(rows, r) })),
    targets: v,
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

try {
  process.exitCode = await main();
} catch (err) {
  if (!interrupted) console.error(`bench: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
