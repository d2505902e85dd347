// Metrics: the one small interface every layer records into. Its prom-client implementation is
// server/metrics.ts, one registry per running instance; this module loads no library, so the
// domain, the store and the directory can record without depending on prom-client. NO_METRICS
// records nothing (CLI commands, unit tests). What each metric means: docs/operations.md.

export type LogonOutcome = 'ok' | 'wrong_password' | 'throttled' | 'directory_down';

/** A counter another part of emsec adds (e.g. the emulator's injected faults). */
export interface MetricCounter {
  inc(labels?: Readonly<Record<string, string>>, value?: number): void;
}

export interface Metrics {
  /** One answered HTTP request: the route's id (routes.ts) or its path pattern, never the raw URL. */
  request(route: string, method: string, status: number, seconds: number): void;
  logon(outcome: LogonOutcome): void;
  /** One committed (or failed) write transaction and how many changes it carried (group commit). */
  storeCommit(seconds: number, changes: number, failed: boolean): void;
  /** One call to an LDAP directory (bind, search…). */
  ldapCall(operation: string, seconds: number, failed: boolean): void;
  /** How many sessions are live now, read when the metrics are scraped. */
  activeSessions(read: () => Promise<number>): void;
  /**
   * A counter of this instance, created on the first call with its name and returned as is by
   * later ones: `metrics.counter('emsec_injected_faults_total', 'Faults injected.', ['kind']).inc({ kind })`.
   */
  counter(name: string, help: string, labelNames?: readonly string[]): MetricCounter;
}

/** Records nothing: for commands and tests that run no server. */
export const NO_METRICS: Metrics = Object.freeze({
  request: () => undefined,
  logon: () => undefined,
  storeCommit: () => undefined,
  ldapCall: () => undefined,
  activeSessions: () => undefined,
  counter: () => ({ inc: () => undefined }),
});

/** Seconds since `start` (a process.hrtime.bigint() reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
