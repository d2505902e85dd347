// Reporting: number formats, the side-by-side tables and the verdicts against the targets.
import type { EmsecRun, FsyncProbe } from './contenders.ts';
import { fmtInt, fmtMs, fmtPct, fmtTimes } from './format.ts';
import { CEILING, PRISM } from './settings.ts';
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

export type Outcome = 'PASS' | 'MISS' | 'n/a' | 'info';

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

export const NOT_COVERED = [
  'Prism runs the read workloads only: it is a stateless mock, so durable assign+unassign and logon mean nothing there.',
  'Sorted and filtered pages (page 500) are run at c=1 for information: they are one SQL query with OFFSET (docs/decisions.md).',
  'The TLS listener (9398): only plain HTTP on loopback is measured.',
  'Separate load-generator and server machines: the load generator and every contender share this machine\'s 2 CPUs.',
];
