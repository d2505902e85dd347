// Paging 100,000 accounts over HTTP: p50/p90 latency of GET /api/security/accounts at several
// pages, in creation order (anchored keyset, docs/decisions.md), sorted and filtered.
// Run: node --import tsx bench/account-pages.ts [accounts]
import http from 'node:http';
import { logon, startServer } from '../test/helpers/server.ts';

const total = Number(process.argv[2] ?? 100_000);
const server = await startServer({ logLevel: 'silent' });
try {
  const store = server.running.emsec.store;
  for (let n = 0; n < total;) {
    await store.write(async (tx) => {
      for (const end = Math.min(total, n + 5000); n < end;) {
        n++;
        await tx.accounts.insert({
          id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `EXT\\group-${n}`, type: 'ExternalGroup',
          allowRestoreAllVms: true, flr: null, sql: null, roleIds: [], scopes: [],
        });
      }
    });
  }
  const token = await logon(server);
  const agent = new http.Agent({ keepAlive: true });
  const url = new URL(server.url);
  const get = (path: string): Promise<number> => new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    http.get({ host: url.hostname, port: url.port, path, agent, headers: { 'x-restsvcsessionid': token } }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(process.hrtime.bigint() - t) / 1e6));
    }).on('error', reject);
  });
  const last = Math.ceil((total + 3) / 100);
  for (const q of [`page=1`, `page=10`, `page=${Math.floor(last / 2)}`, `page=${last}`, `page=${Math.floor(last / 2)}&sortAsc=Name`, `page=${Math.floor(last / 2)}&filter=AccountType==ExternalGroup`]) {
    const times: number[] = [];
    for (let i = 0; i < 300; i++) times.push(await get(`/api/security/accounts?pageSize=100&${q}`));
    times.sort((a, b) => a - b);
    console.log(`${total} accounts, pageSize=100&${q}`.padEnd(75), `p50 ${(times[150] as number).toFixed(2)} ms`, `p90 ${(times[270] as number).toFixed(2)} ms`);
  }
  agent.destroy();
} finally {
  await server.close();
}
