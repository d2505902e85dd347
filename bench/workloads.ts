// The workloads: what each one requests, how a measured run drives it (autocannon), and the
// measurement loop over contenders.
import type autocannon from 'autocannon';
import { ADMIN, FILE_RESTORE_OPERATOR, basic, call, inPool, roleAssignSpecXml } from './emsec.ts';
import { runLoad, runLoadOn, type LoadResult } from './load.ts';
import { fmtInt, fmtMs } from './format.ts';
import { ADMIN_PASSWORD, FULL, ONLY, PAGE_SIZE, ROUNDS, SECONDS, WARMUP_SECONDS, log } from './settings.ts';

export type Kind = 'logon' | 'get-xml' | 'get-json' | 'assign+unassign' | 'page';

export interface Workload {
  readonly id: string;
  readonly kind: Kind;
  readonly title: string;
  /** Connection counts of the full run (BENCH_FULL=1). */
  readonly connections: readonly number[];
  /** Those of the default run, the issue's targets (none: only in the full run). */
  readonly quick: readonly number[];
  /** Which contenders run it (emsec always does). */
  readonly ceiling: boolean;
  readonly prism: boolean;
  /** Paging: the page (a number, or the last page) and any extra query. */
  readonly page?: number | 'last';
  readonly extraQuery?: string;
  /** Counts towards the paging target (p50 <= 5 ms at any page). */
  readonly pagingTarget?: boolean;
}

export const READ_CONNECTIONS = [1, 10, 50];
export const ALL_WORKLOADS: readonly Workload[] = [
  { id: 'logon', kind: 'logon', title: 'logon (POST sessionMngr, Basic, scrypt)', connections: [1, 50], quick: [1], ceiling: false, prism: false },
  { id: 'get-xml', kind: 'get-xml', title: 'GET accounts/{ID}/roles, XML', connections: READ_CONNECTIONS, quick: [50], ceiling: true, prism: true },
  { id: 'get-json', kind: 'get-json', title: 'GET accounts/{ID}/roles, JSON', connections: READ_CONNECTIONS, quick: [], ceiling: true, prism: true },
  { id: 'assign+unassign', kind: 'assign+unassign', title: 'POST + DELETE accounts/{ID}/roles', connections: [1, 50], quick: [50], ceiling: true, prism: false },
  { id: 'page-1', kind: 'page', page: 1, title: 'GET accounts?pageSize=100&page=1', connections: [1, 50], quick: [], ceiling: true, prism: true, pagingTarget: true },
  { id: 'page-10', kind: 'page', page: 10, title: 'GET accounts?pageSize=100&page=10', connections: [1, 50], quick: [], ceiling: true, prism: false, pagingTarget: true },
  { id: 'page-500', kind: 'page', page: 500, title: 'GET accounts?pageSize=100&page=500', connections: [1, 50], quick: [50], ceiling: true, prism: false, pagingTarget: true },
  { id: 'page-last', kind: 'page', page: 'last', title: 'GET accounts?pageSize=100&page=<last>', connections: [1, 50], quick: [], ceiling: true, prism: true, pagingTarget: true },
  // Not the default order: one SQL query with OFFSET (docs/decisions.md), so for information only.
  { id: 'page-500-sorted', kind: 'page', page: 500, extraQuery: 'sortAsc=Name', title: 'GET accounts?…&page=500&sortAsc=Name', connections: [1], quick: [], ceiling: false, prism: false },
  { id: 'page-500-filtered', kind: 'page', page: 500, extraQuery: 'filter=AccountType==ExternalGroup', title: 'GET accounts?…&page=500&filter=AccountType==ExternalGroup', connections: [1], quick: [], ceiling: false, prism: false },
];
/** The connection counts this run measures a workload at (the default run: the issue's targets only). */
export function connectionsOf(w: Workload): readonly number[] {
  return FULL || w.quick.length === 0 ? w.connections : w.quick;
}
/** Rows of the report beside the load workloads, which BENCH_ONLY may pick too. */
export const EXTRA_ROWS = ['startup', 'lookup'] as const;
/** Whether BENCH_ONLY keeps a workload or extra row (exact id, or a prefix that is no exact id). */
export function picked(id: string): boolean {
  const exact = (o: string) => ALL_WORKLOADS.some((x) => x.id === o) || (EXTRA_ROWS as readonly string[]).includes(o);
  return !ONLY || ONLY.some((o) => id === o || (!exact(o) && id.startsWith(o)));
}
/** BENCH_ONLY: an exact workload id picks that one; anything else is a prefix ('page', 'get'). */
export const WORKLOADS = ALL_WORKLOADS.filter((w) => picked(w.id) && (FULL || (ONLY !== undefined && ONLY.includes(w.id)) || w.quick.length > 0));
if (WORKLOADS.length === 0 && !EXTRA_ROWS.some(picked)) {
  throw new Error(`BENCH_ONLY matches nothing; the workloads are ${ALL_WORKLOADS.map((w) => w.id).join(', ')}, the other rows ${EXTRA_ROWS.join(', ')}`);
}

export interface Fixture {
  readonly getAccountId: string;
  readonly cycleAccountIds: string[];
  /** Accounts in the store: seeded, created at bootstrap and created by the benchmark. */
  readonly totalAccounts: number;
  /** The seeded ones (ExternalGroup: the only accounts the filtered page workload matches). */
  readonly seededAccounts: number;
}

/** How many accounts the workload pages through. */
export function listed(fixture: Fixture, w?: Workload): number {
  return w?.extraQuery?.startsWith('filter=') ? fixture.seededAccounts : fixture.totalAccounts;
}

export function lastPage(fixture: Fixture, w?: Workload): number {
  return Math.max(1, Math.ceil(listed(fixture, w) / PAGE_SIZE));
}

export function pageNumber(w: Workload, fixture: Fixture): number {
  return w.page === 'last' ? lastPage(fixture, w) : Math.min(w.page ?? 1, lastPage(fixture, w));
}

export function pagePath(w: Workload, fixture: Fixture): string {
  return `/api/security/accounts?pageSize=${PAGE_SIZE}&page=${pageNumber(w, fixture)}${w.extraQuery ? `&${w.extraQuery}` : ''}`;
}

export function workloadLabel(w: Workload, fixture: Fixture | undefined): string {
  if (w.kind !== 'page' || !fixture) return w.id;
  const n = pageNumber(w, fixture);
  return `page ${n}${w.page === 'last' ? ' (last)' : ''}${w.extraQuery ? ` ${w.extraQuery.replace(/==.*/, '')}` : ''}`;
}

export interface Target {
  readonly name: string;
  readonly url: string;
  /** Several nodes of one store: each run's connections are spread over them (url is the first). */
  readonly urls?: readonly string[];
  readonly token: string;
  readonly fixture: Fixture;
}

export interface CycleStats {
  /** Cycles whose POST answered 201 and whose DELETE then answered 204. */
  cycles: number;
  post: Record<string, number>;
  delete: Record<string, number>;
}

export interface Row {
  readonly contender: string;
  readonly workload: string;
  readonly label: string;
  readonly connections: number;
  readonly result: LoadResult;
  readonly cycles?: CycleStats & { perSec: number; leftoversCleaned: number };
  /** Measured runs this row adds up (BENCH_ROUNDS). */
  readonly rounds?: number;
}



export const assignBody = roleAssignSpecXml(FILE_RESTORE_OPERATOR);
/**
 * Read requests name the media type they want, as a client would: emsec answers XML without an
 * Accept header too, but Prism then answers JSON.
 */
export const ACCEPT_XML = { accept: 'application/xml' } as const;
export const ACCEPT_JSON = { accept: 'application/json' } as const;

export function count(map: Record<string, number>, status: number): void {
  map[status] = (map[status] ?? 0) + 1;
}

/** Each connection cycles its own account (connection i: account i), so no two collide. */
export function cycleClients(target: Target, accounts: readonly string[], stats: CycleStats): (client: autocannon.Client) => void {
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
export async function resetAssignments(target: Target, accounts: readonly string[]): Promise<number> {
  const statuses = await inPool(accounts, 8, (id) => call(`${target.url}/api/security/accounts/${id}/roles/${FILE_RESTORE_OPERATOR}`, {
    method: 'DELETE', headers: { 'x-restsvcsessionid': target.token },
  }).then((r) => r.status));
  const odd = statuses.filter((s) => s !== 204 && s !== 404);
  if (odd.length > 0) throw new Error(`${target.name}: resetting assignments answered ${odd.join(', ')}`);
  return statuses.filter((s) => s === 204).length;
}

export async function runWorkload(target: Target, w: Workload, connections: number, seconds: number): Promise<Omit<Row, 'contender' | 'workload' | 'label'>> {
  const auth = { 'x-restsvcsessionid': target.token };
  const rolesPath = `/api/security/accounts/${target.fixture.getAccountId}/roles`;
  const urls = target.urls ?? [target.url];
  const read = (path: string, headers: Record<string, string>) => runLoadOn(urls, { url: target.url, connections, seconds, path, headers });
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
      // Connection i cycles account i, whichever node it talks to.
      const result = await runLoadOn(urls, { url: target.url, connections, seconds }, (_i, offset, n) => cycleClients(target, accounts.slice(offset, offset + n), stats));
      return { connections, result, cycles: { ...stats, perSec: result.seconds > 0 ? stats.cycles / result.seconds : 0, leftoversCleaned } };
    }
  }
}

/** A contender the measurement loop drives: where it is, and which workloads it runs. */
export interface Contender {
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
export async function measure(contenders: readonly Contender[], rows: Row[]): Promise<void> {
  const order = [...WORKLOADS].sort((a, b) => Number(a.kind === 'logon') - Number(b.kind === 'logon'));
  for (const w of order) {
    const these = contenders.filter((c) => c.runs(w));
    if (these.length === 0) continue;
    log(`bench: ${w.id}: ${w.title}`);
    for (const c of these) {
      if (w.kind === 'logon') c.beforeLogon?.();
      // Logon is scrypt by design (tens of ms each, 32 MiB): no warm-up needed, none wanted.
      else if (WARMUP_SECONDS > 0) await runWorkload(c.target, w, 10, WARMUP_SECONDS);
    }
    // Logon: one round says all there is to say, but long enough for a few dozen hashes.
    const rounds = w.kind === 'logon' ? 1 : ROUNDS;
    const seconds = w.kind === 'logon' ? Math.max(SECONDS, 5) : SECONDS;
    const measured: Row[] = [];
    for (let round = 1; round <= rounds; round++) {
      // Each round starts with another contender, so none is always the one right after the ceiling.
      const turn = [...these.slice((round - 1) % these.length), ...these.slice(0, (round - 1) % these.length)];
      for (const connections of connectionsOf(w)) {
        for (const { target } of turn) {
          const row: Row = { contender: target.name, workload: w.id, label: workloadLabel(w, target.fixture), ...(await runWorkload(target, w, connections, seconds)) };
          measured.push(row);
          const r = row.result;
          log(`  ${rounds > 1 ? `[${round}/${rounds}] ` : ''}${target.name}: ${row.label} c=${connections}: ${fmtInt(r.reqPerSec)} req/s, p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms, non-2xx ${r.non2xx}` +
            (row.cycles ? `, ${fmtInt(row.cycles.perSec)} cycles/s` : ''));
        }
      }
    }
    for (const connections of connectionsOf(w)) {
      for (const { target } of these) rows.push(combine(measured.filter((r) => r.contender === target.name && r.connections === connections)));
    }
  }
}

/**
 * The rounds of one contender x workload x connections as one row: req/s and cycles/s are all
 * answers (cycles) over all measured seconds; p50 is the mean of the rounds' p50s, p99 the worst.
 */
export function combine(runs: readonly Row[]): Row {
  const [first] = runs as [Row];
  if (runs.length === 1) return { ...first, rounds: 1 };
  const sum = (f: (r: Row) => number) => runs.reduce((a, r) => a + f(r), 0);
  const seconds = sum((r) => r.result.seconds);
  const statusCodes: Record<string, number> = {};
  for (const r of runs) for (const [code, n] of Object.entries(r.result.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const merge = (m: (r: Row) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const r of runs) for (const [k, v] of Object.entries(m(r))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const cycles = first.cycles
    ? (() => {
      const n = sum((r) => r.cycles?.cycles ?? 0);
      return { cycles: n, perSec: seconds > 0 ? n / seconds : 0, post: merge((r) => r.cycles?.post ?? {}), delete: merge((r) => r.cycles?.delete ?? {}), leftoversCleaned: sum((r) => r.cycles?.leftoversCleaned ?? 0) };
    })()
    : undefined;
  return {
    contender: first.contender, workload: first.workload, label: first.label, connections: first.connections, rounds: runs.length,
    result: {
      connections: first.connections, seconds, responses: sum((r) => r.result.responses), reqPerSec: seconds > 0 ? sum((r) => r.result.responses) / seconds : 0,
      p50Ms: sum((r) => r.result.p50Ms) / runs.length, p99Ms: Math.max(...runs.map((r) => r.result.p99Ms)), maxMs: Math.max(...runs.map((r) => r.result.maxMs)),
      non2xx: sum((r) => r.result.non2xx), errors: sum((r) => r.result.errors), timeouts: sum((r) => r.result.timeouts), statusCodes,
    },
    ...(cycles ? { cycles } : {}),
  };
}
