// npm run bench:lookup — the lookup service and the restorable set on a large tree (issue 21):
// emsec on SQLite (and PostgreSQL with BENCH_DATABASE_URL) with one vCenter of 100,000 VMs in 100
// folders (bench/lookup-tree.ts). Rows: GET /api/lookup by name at c=1 (target p50 ≤ 2 ms), and a
// page deep inside the restorable set of an account scoped to the 10,000-VM folder. `npm run
// bench` has the lookup row too. BENCH_SECONDS (default 10) per row.
import { measureLookup } from './lookup-tree.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const log = (line: string) => process.stderr.write(`${line}\n`);
const rows: string[] = [];
const lookupP50: number[] = [];
const contenders: [string, string | undefined][] = [['emsec (sqlite)', undefined]];
if (process.env['BENCH_DATABASE_URL']) contenders.push(['emsec (postgres)', process.env['BENCH_DATABASE_URL']]);
for (const [name, databaseUrl] of contenders) {
  const r = await measureLookup(name, databaseUrl, SECONDS, log);
  lookupP50.push(Number(r.lookup.p50Ms.toFixed(2)));
  for (const [what, x] of [['lookup by name among 100,000 VMs', r.lookup], ['restorable page 73 of a 10,000-VM folder scope', r.restorable]] as const) {
    rows.push(`| ${name} | ${what} | 1 | ${Math.round(x.reqPerSec)} | ${x.p50Ms.toFixed(2)} | ${x.p99Ms.toFixed(2)} |`);
  }
}
process.stdout.write(['| contender | workload | c | req/s | p50 ms | p99 ms |', '| --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n'));
process.stdout.write(`target: lookup by name p50 <= 2 ms at c=1: ${lookupP50.every((p) => p <= 2) ? 'met' : 'NOT met'} (${lookupP50.join(', ')} ms)\n`);
