// Paging only: the paging workloads of `npm run bench` (bench/run.ts) against emsec on SQLite,
// with the ceiling for the ratio. Kept so `node --import tsx bench/account-pages.ts [accounts]`
// (docs/decisions.md) still works; the seeding and measuring are run.ts's.
if (process.argv[2] !== undefined) process.env['BENCH_ACCOUNTS'] = process.argv[2];
process.env['BENCH_ONLY'] ??= 'page';
process.env['BENCH_CONTENDERS'] ??= 'ceiling,sqlite';
await import('./run.ts');
