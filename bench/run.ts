// npm run bench: the performance targets (issues 18, 15, 21) measured side by side in one run,
// on loopback; a table of runs and a table of targets (figure, ratio, PASS/MISS) on stdout, and
// bench/results.json. About 3 minutes with the defaults.
//
//   BENCH_SECONDS=3          seconds per measured run (default 3)
//   BENCH_ROUNDS=2           measured runs per contender x workload, contenders alternating (default 2)
//   BENCH_WARMUP_SECONDS=1   unmeasured run before each contender x workload (0: none)
//   BENCH_ACCOUNTS=100000    accounts seeded into each emsec store before it starts (paging)
//   BENCH_STARTS=9           restarts whose median is the start-up figure (0: none)
//   BENCH_DATABASE_URL=…     a PostgreSQL server for the two-node contender (a database is created
//                            on it and dropped); else EMSEC_TEST_DATABASE_URL, else a throwaway
//                            cluster when PostgreSQL's binaries are installed, else the row is skipped
//   BENCH_FULL=1             every workload at 1, 10 and 50 connections, and Prism (issue 8's run)
//   BENCH_PROFILE=1          run the measured emsec children under `node --cpu-prof`; prints the
//                            profile paths and their top self-time functions (bench/profile.ts)
//   BENCH_CONTENDERS=…       comma list of ceiling,sqlite,logs-off,metrics-off,postgres,prism
//   BENCH_ONLY=…             comma list of workload ids (logon, get-xml, get-json, assign+unassign,
//                            page-1, page-10, page-500, page-last, page-500-sorted,
//                            page-500-filtered), prefixes (get, page), startup, lookup
//
// Contenders, each in its own process (this process only generates load and reports):
//   ceiling              bench/ceiling.ts, bare node:http replaying emsec's exact bytes
//   emsec (default)      dist/main.js serve with no options (SQLite, info log on stdout to a file,
//                        metrics on), its store seeded with BENCH_ACCOUNTS accounts
//   emsec (logs off)     the same with EMSEC_LOG_LEVEL=warn, on a copy of the store (GET only)
//   emsec (metrics off)  the same with EMSEC_METRICS=false, on a copy of the store (GET only)
//   emsec (postgres, 2 nodes)  two default nodes on one PostgreSQL database, load spread over both
//   prism                Stoplight Prism mocking emsec's OpenAPI document (bench/prism.ts): reads only
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { FILE_RESTORE_OPERATOR, call, header, memoryOf, type Captured, type Memory } from './emsec.ts';
import { measureLookup, type LookupResult } from './lookup-tree.ts';
import { startPostgres, type PostgresServer } from './postgres.ts';
import { describeAnswer, findPrism, spawnPrism, type PrismChild } from './prism.ts';
import {
  emsecContender, finishEmsec, linesIn, measureStarts, prepareEmsec, prepareVariant, probeFsync, rolesUrl, sameAnswer, startCeiling, substitute,
  type CeilingChild, type EmsecRun, type PreparedEmsec, type Variant,
} from './contenders.ts';
import { fmtInt, fmtMiB, fmtMs, fmtPct, fmtTimes } from './format.ts';
import { NOT_COVERED, issueTargets, ratioTo, table, verdicts } from './report.ts';
import {
  ACCOUNTS, CEILING, CONTENDERS, CONTENDER_ORDER, CYCLE_ACCOUNTS, FULL, LOGS_OFF, METRICS_OFF, ONLY, PAGE_SIZE, POSTGRES, PRISM, PROFILE, RESULTS_FILE, ROUNDS,
  SECONDS, SQLITE, STARTS, WARMUP_SECONDS, WATCHDOG_MS, cleanUp, cleanups, log,
} from './settings.ts';
import { ACCEPT_JSON, ACCEPT_XML, WORKLOADS, assignBody, lastPage, measure, pagePath, picked, workloadLabel, type Contender, type Row } from './workloads.ts';

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
  const readsGet = WORKLOADS.some((w) => w.kind === 'get-xml' || w.kind === 'get-json');
  const variants = ([['logs-off', LOGS_OFF, { logLevel: 'warn' }], ['metrics-off', METRICS_OFF, { env: { EMSEC_METRICS: 'false' } }]] as const)
    .filter(([id]) => CONTENDERS.includes(id) && readsGet);
  const sqlite = await prepareEmsec(SQLITE, dir, undefined, profileDir, { copies: variants.map(([id]) => id) });
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
    // The write path's ceiling is for information: only the full run measures it.
    contenders.push({ target: { name: CEILING, url: c.url, token: referenceToken, fixture }, runs: (w) => w.ceiling && (FULL || w.kind !== 'assign+unassign') });
  } else {
    skipped.push('ceiling: left out by BENCH_CONTENDERS');
  }

  const sqliteMemory: { beforeLogon?: Memory | undefined } = {};
  if (CONTENDERS.includes('sqlite')) contenders.push(emsecContender(sqlite, sqliteMemory));
  else skipped.push(`${SQLITE}: measured runs left out by BENCH_CONTENDERS (it still serves the ceiling's bytes and Prism's document)`);

  // The default contender with one setting changed: the cost of that setting, measured side by side.
  const started: Variant[] = [];
  for (const [id, name, settings] of variants) {
    const v = await prepareVariant(name, sqlite.copies[id] as string, join(dir, `${id}-stdout.log`), settings);
    started.push(v);
    contenders.push({ target: v.target, runs: (w) => w.kind === 'get-xml' || w.kind === 'get-json' });
  }

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
      pgEmsec = await prepareEmsec(POSTGRES, dir, s.url, profileDir, { nodes: 2 });
      const base = emsecContender(pgEmsec, pgMemory);
      contenders.push({ ...base, runs: (w) => FULL || w.kind !== 'logon' });
    }
  } else {
    skipped.push(`${POSTGRES}: left out by BENCH_CONTENDERS`);
  }

  log(`bench: measuring ${contenders.map((c) => c.target.name).join(', ')} side by side`);
  await measure(contenders, rows);

  const memoryCeiling = ceiling ? memoryOf(ceiling.child.pid ?? -1) : undefined;
  await ceiling?.stop();
  for (const v of started) await v.child.stop();
  const prismInfo = prism ? { version: prism.version, readyMs: prism.readyMs, memory: memoryOf(prism.pid), answers: prismAnswers } : undefined;
  await prism?.stop();
  if (CONTENDERS.includes('sqlite')) emsecRuns.push(await finishEmsec(sqlite, sqliteMemory.beforeLogon));
  else await sqlite.child.stop();
  if (pgEmsec) emsecRuns.push(await finishEmsec(pgEmsec, pgMemory.beforeLogon));
  await pgServer?.stop();
  const postgresSkipped = skipped.find((x) => x.startsWith(POSTGRES))?.slice(POSTGRES.length + 2);
  // The request log was on where it should be: a line per answer (and a few more).
  const logLines = [
    ...sqlite.logFiles.map((f) => `${SQLITE}: ${fmtInt(linesIn(f))} lines`),
    ...(pgEmsec?.logFiles ?? []).map((f, i) => `${POSTGRES} node ${i + 1}: ${fmtInt(linesIn(f))} lines`),
    ...started.map((v) => `${v.target.name}: ${fmtInt(linesIn(v.logFile))} lines`),
  ];

  // Start-up: emsec as users start it, again and again on the seeded store, nothing else running.
  let starts: number[] | string = 'not run (BENCH_ONLY)';
  if (STARTS === 0) starts = 'not run (BENCH_STARTS=0)';
  else if (picked('startup')) {
    log(`bench: start-up: ${STARTS} starts of dist/main.js serve on the seeded SQLite store`);
    starts = await measureStarts(sqlite.dataDir, undefined, STARTS, join(dir, 'starts-stdout.log'));
    log(`  ready in ${starts.map((t) => fmtInt(t)).join(', ')} ms`);
  }
  // Lookup: issue 21's store (100,000 VMs), its own emsec.
  let lookup: LookupResult | string = 'not run (BENCH_ONLY)';
  if (picked('lookup')) {
    log('bench: lookup: a store of 100,000 VMs (bench/lookup-tree.ts)');
    lookup = await measureLookup(SQLITE, undefined, SECONDS * ROUNDS, log);
  }

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
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB; ${ROUNDS} x ${SECONDS} s per row (contenders alternating) after a ${WARMUP_SECONDS} s warm-up; loopback, plain HTTP, keep-alive, pipelining 1`);
  out.push(`load average (1, 5, 15 min) before the run ${loadBefore.map((x) => x.toFixed(2)).join(', ')}; after ${loadAfter.map((x) => x.toFixed(2)).join(', ')}` +
    ' — other work on this machine skews the figures.');
  out.push(`stores: SQLite (WAL, synchronous=FULL) in ${tmpdir()}, fsync p50 ${fmtMs(fsync.p50Ms)} ms / p99 ${fmtMs(fsync.p99Ms)} ms; ` +
    `PostgreSQL: ${postgresDescription ?? 'not run'}. Each emsec store holds ${fmtInt(referenceFixture.totalAccounts)} accounts ` +
    `(${fmtInt(ACCOUNTS)} seeded with one role each, ${fmtInt(referenceFixture.totalAccounts - ACCOUNTS)} bootstrap and benchmark accounts); last page ${lastPage(referenceFixture)}.`);
  if (PROFILE) out.push('BENCH_PROFILE=1: the emsec children ran under --cpu-prof, so their figures include the profiler\'s overhead.');
  out.push('');
  out.push(table(['contender', 'workload', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'vs ceiling', 'vs prism', 'cycles/s'], body, (i) => i >= 2));
  out.push('');
  out.push(`req/s counts every answer over every round; p50 is the mean of the rounds' p50s, p99 the worst round's; latencies are over every answer (any status), measured by the load generator.`);
  out.push(`${POSTGRES}: each run's connections are spread over both nodes (half on each).`);
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
  out.push(`request log (stdout to a file): ${logLines.join('; ')}`);
  if (memoryCeiling) out.push(`ceiling RSS after its runs: ${fmtMiB(memoryCeiling)} (it runs under the tsx loader too)`);
  if (prismInfo) {
    out.push(`prism ${prismInfo.version} (static examples, -v warn): ready in ${fmtInt(prismInfo.readyMs)} ms, RSS after its runs ${fmtMiB(prismInfo.memory)}; it answered:`);
    for (const a of prismInfo.answers) out.push(`  ${a}`);
  }
  out.push('');
  const targets = issueTargets(rows, { starts, lookup, postgresSkipped });
  out.push('Targets (issue 18; start-up: issue 15; lookup: issue 21):');
  out.push(table(['target', 'figure', 'ratio', 'goal', 'result'], targets.map((x) => [x.target, x.figure, x.ratio, x.goal, x.result]), (i) => i === 1 || i === 2));
  out.push('');
  const v = FULL ? verdicts(rows, emsecRuns, fsync) : [];
  if (FULL) {
    out.push('Targets of the first benchmark issue (8):');
    out.push(table(['target', 'measured', 'goal', 'result'], v.map((x) => [x.target, x.measured, x.goal, x.result]), (i) => i === 1));
    out.push('');
  }
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
    settings: { seconds: SECONDS, rounds: ROUNDS, warmupSeconds: WARMUP_SECONDS, accounts: ACCOUNTS, starts: STARTS, full: FULL, cycleAccounts: CYCLE_ACCOUNTS, pageSize: PAGE_SIZE, profile: PROFILE, contenders: CONTENDERS, only: ONLY ?? null },
    stores: { totalAccounts: referenceFixture.totalAccounts, lastPage: lastPage(referenceFixture), postgres: postgresDescription ?? null },
    emsec: emsecRuns,
    ceiling: { memoryAfterRuns: memoryCeiling ?? null },
    prism: prismInfo ?? null,
    runs: ordered.map((r) => ({ ...r, vsCeiling: ratioTo(rows, r, CEILING), vsPrism: ratioTo(rows, r, PRISM) })),
    targets,
    issue8Targets: v,
    starts,
    lookup,
    requestLog: logLines,
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
