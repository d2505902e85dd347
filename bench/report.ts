// Reporting: number formats, the side-by-side tables and the verdicts against the targets.
import type { EmsecRun, FsyncProbe } from './contenders.ts';
import type { LookupResult } from './lookup-tree.ts';
import { fmtInt, fmtMs, fmtPct, fmtTimes } from './format.ts';
import { CEILING, LOGS_OFF, METRICS_OFF, POSTGRES, PRISM, SQLITE } from './settings.ts';
import { ALL_WORKLOADS, type Row } from './workloads.ts';


export function table(head: string[], body: string[][], rightAlign: (i: number) => boolean): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAlign(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function find(rows: readonly Row[], contender: string, workload: string, connections: number): Row | undefined {
  return rows.find((r) => r.contender === contender && r.workload === workload && r.connections === connections);
}

export function ratioTo(rows: readonly Row[], row: Row, other: string): number | undefined {
  if (row.contender === CEILING || row.contender === PRISM) return undefined;
  const o = find(rows, other, row.workload, row.connections);
  return o ? row.result.reqPerSec / o.result.reqPerSec : undefined;
}

export type Outcome = 'PASS' | 'PASS (stretch)' | 'MISS' | 'n/a' | 'info';

export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly goal: string;
  readonly result: Outcome;
}

export const outcome = (ok: boolean | undefined): Outcome => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS');

export function verdicts(rows: readonly Row[], emsecRuns: readonly EmsecRun[], fsync: FsyncProbe): Verdict[] {
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

/** One row of the issue's targets: the figure, the ratio it is judged by, the goal and the verdict. */
export interface TargetRow {
  readonly target: string;
  readonly figure: string;
  readonly ratio: string;
  readonly goal: string;
  readonly result: Outcome;
}

export interface ExtraFigures {
  /** Ready times of the restarts (ms), or why they were not measured. */
  readonly starts: readonly number[] | string;
  readonly lookup: LookupResult | string;
  /** Why the PostgreSQL contender did not run, when it did not. */
  readonly postgresSkipped?: string | undefined;
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** The targets of issue 18 (and 15's start-up, 21's lookup), each from this run's rows. */
export function issueTargets(rows: readonly Row[], extra: ExtraFigures): TargetRow[] {
  const out: TargetRow[] = [];
  const at = (who: string, w: string, c: number) => find(rows, who, w, c);
  const rps = (r: Row) => `${fmtInt(r.result.reqPerSec)} req/s`;
  const notRun = (target: string, goal: string, why = 'not run (BENCH_ONLY / BENCH_CONTENDERS)'): TargetRow => ({ target, figure: why, ratio: '', goal, result: 'n/a' });

  const ceilingGet = at(CEILING, 'get-xml', 50);
  const get = at(SQLITE, 'get-xml', 50);
  const t1 = 'default configuration: GET XML of an account\'s roles, c=50, vs ceiling';
  if (get && ceilingGet) {
    const ratio = get.result.reqPerSec / ceilingGet.result.reqPerSec;
    out.push({ target: t1, figure: `${rps(get)} vs ${rps(ceilingGet)}`, ratio: fmtPct(ratio), goal: '>= 50% (stretch 65%)', result: `${outcome(ratio >= 0.5)}${ratio >= 0.65 ? ' (stretch)' : ''}` as Outcome });
  } else out.push(notRun(t1, '>= 50% (stretch 65%)'));

  for (const [who, what, goal] of [[LOGS_OFF, 'request log', 0.1], [METRICS_OFF, 'metrics', 0.05]] as const) {
    const off = at(who, 'get-xml', 50);
    const t = `${what} cost: default vs ${who.replace(/^emsec \((.*)\)$/, '$1')}, GET XML c=50`;
    if (get && off) {
      const cost = 1 - get.result.reqPerSec / off.result.reqPerSec;
      out.push({ target: t, figure: `${rps(get)} vs ${rps(off)}`, ratio: `cost ${fmtPct(cost)}`, goal: `<= ${fmtPct(goal)}`, result: outcome(cost <= goal) });
    } else out.push(notRun(t, `<= ${fmtPct(goal)}`));
  }

  const pg = at(POSTGRES, 'assign+unassign', 50);
  const t4 = 'PostgreSQL: durable assign+unassign cycles/s, c=50 over 2 nodes';
  if (pg?.cycles) {
    out.push({ target: t4, figure: `${fmtInt(pg.cycles.perSec)} cycles/s`, ratio: `${(pg.cycles.perSec / 2000).toFixed(2)}x goal`, goal: '>= 2,000', result: outcome(pg.cycles.perSec >= 2000) });
  } else out.push(notRun(t4, '>= 2,000', extra.postgresSkipped ? `skipped: ${extra.postgresSkipped}` : undefined));

  const ceilingPage = at(CEILING, 'page-500', 50);
  const page = at(SQLITE, 'page-500', 50);
  const t5 = 'full pages: 100 references of 100,000 accounts (page 500), c=50, vs ceiling';
  if (page && ceilingPage) {
    const ratio = page.result.reqPerSec / ceilingPage.result.reqPerSec;
    out.push({ target: t5, figure: `${rps(page)} vs ${rps(ceilingPage)}`, ratio: fmtPct(ratio), goal: '>= 40%', result: outcome(ratio >= 0.4) });
  } else out.push(notRun(t5, '>= 40%'));

  const t6 = 'start-up: ready (spawn -> first 200 on GET /api/), dist/main.js, seeded store, median';
  if (typeof extra.starts === 'string' || extra.starts.length === 0) out.push(notRun(t6, '<= 400 ms', typeof extra.starts === 'string' ? extra.starts : undefined));
  else {
    const m = median(extra.starts);
    out.push({
      target: t6, figure: `${fmtInt(m)} ms (${extra.starts.length} starts, ${fmtInt(Math.min(...extra.starts))}…${fmtInt(Math.max(...extra.starts))})`,
      ratio: `${(m / 400).toFixed(2)}x goal`, goal: '<= 400 ms', result: outcome(m <= 400),
    });
  }

  const logon = at(SQLITE, 'logon', 1);
  const t7 = 'logon (Basic -> session; scrypt N=2^15 by design), c=1';
  out.push(logon
    ? { target: t7, figure: `${rps(logon)}, p50 ${fmtMs(logon.result.p50Ms)} ms`, ratio: '', goal: 'shown, deliberately slow', result: 'info' }
    : notRun(t7, 'shown, deliberately slow'));

  const t8 = 'lookup by name among 100,000 VMs (GET /api/lookup), c=1, p50';
  if (typeof extra.lookup === 'string') out.push(notRun(t8, '<= 2 ms', extra.lookup));
  else {
    const l = extra.lookup.lookup;
    out.push({ target: t8, figure: `${fmtMs(l.p50Ms)} ms (p99 ${fmtMs(l.p99Ms)} ms, ${fmtInt(l.reqPerSec)} req/s)`, ratio: `${(l.p50Ms / 2).toFixed(2)}x goal`, goal: '<= 2 ms', result: outcome(l.p50Ms <= 2) });
  }

  // For information: the same figures elsewhere.
  const sqliteCycles = at(SQLITE, 'assign+unassign', 50);
  if (sqliteCycles?.cycles) {
    out.push({ target: 'SQLite (default): durable assign+unassign cycles/s, c=50 (issue 8)', figure: `${fmtInt(sqliteCycles.cycles.perSec)} cycles/s`, ratio: `${(sqliteCycles.cycles.perSec / 2000).toFixed(2)}x goal`, goal: '>= 2,000', result: outcome(sqliteCycles.cycles.perSec >= 2000) });
  }
  const pgGet = at(POSTGRES, 'get-xml', 50);
  if (pgGet && ceilingGet) out.push({ target: 'PostgreSQL (2 nodes): GET XML c=50 vs ceiling', figure: `${rps(pgGet)} vs ${rps(ceilingGet)}`, ratio: fmtPct(pgGet.result.reqPerSec / ceilingGet.result.reqPerSec), goal: '', result: 'info' });
  const pgPage = at(POSTGRES, 'page-500', 50);
  if (pgPage && ceilingPage) out.push({ target: 'PostgreSQL (2 nodes): full pages c=50 vs ceiling', figure: `${rps(pgPage)} vs ${rps(ceilingPage)}`, ratio: fmtPct(pgPage.result.reqPerSec / ceilingPage.result.reqPerSec), goal: '', result: 'info' });
  if (typeof extra.lookup !== 'string') {
    const r = extra.lookup.restorable;
    out.push({ target: 'restorable page 73 of a 10,000-VM folder scope, c=1, p50 (issue 21)', figure: `${fmtMs(r.p50Ms)} ms (${fmtInt(r.reqPerSec)} req/s)`, ratio: '', goal: '', result: 'info' });
  }
  return out;
}

export const NOT_COVERED = [
  'Prism runs the read workloads only: it is a stateless mock, so durable assign+unassign and logon mean nothing there.',
  'Sorted and filtered pages (page 500) are run at c=1 for information: they are one SQL query with OFFSET (docs/decisions.md).',
  'The TLS listener (9398): only plain HTTP on loopback is measured.',
  'Separate load-generator and server machines: the load generator and every contender share this machine\'s 2 CPUs.',
];
