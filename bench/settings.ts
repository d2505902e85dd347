// The benchmark's settings (BENCH_* variables, see run.ts), constants and process-wide helpers.
import { fileURLToPath } from 'node:url';

export const ADMIN_PASSWORD = 'Bench-Adm1n-Passw0rd!';
export const CYCLE_ACCOUNTS = 100;
export const PAGE_SIZE = 100;
export const CEILING = 'ceiling';
/** `emsec serve` as users start it: no options (SQLite in its data directory, info logs on stdout, metrics on). */
export const SQLITE = 'emsec (default)';
/** The same with `EMSEC_LOG_LEVEL=warn`: no request log (its cost, same run). */
export const LOGS_OFF = 'emsec (logs off)';
/** The same with `EMSEC_METRICS=false` (the metrics' cost, same run). */
export const METRICS_OFF = 'emsec (metrics off)';
/** Two nodes, default options, on one PostgreSQL database; load is spread over both. */
export const POSTGRES = 'emsec (postgres, 2 nodes)';
export const PRISM = 'prism';
export const CONTENDER_ORDER = [CEILING, SQLITE, LOGS_OFF, METRICS_OFF, POSTGRES, PRISM];
export const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
export const CEILING_FILE = fileURLToPath(new URL('./ceiling.ts', import.meta.url));
/** The whole run gives up (and cleans up) after this long, whatever is still running. */
export const WATCHDOG_MS = 60 * 60_000;

export function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max}, got '${raw}'.`);
  return n;
}

export function listFromEnv(name: string): string[] | undefined {
  const raw = process.env[name];
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

export const SECONDS = numberFromEnv('BENCH_SECONDS', 3, 1, 600);
export const WARMUP_SECONDS = numberFromEnv('BENCH_WARMUP_SECONDS', 1, 0, 600);
export const ACCOUNTS = Math.round(numberFromEnv('BENCH_ACCOUNTS', 100_000, 0, 10_000_000));
export const PROFILE = process.env['BENCH_PROFILE'] === '1' || process.env['BENCH_PROFILE'] === 'true';
/** BENCH_FULL=1: every workload at every connection count, and Prism (the issue 8 run, ~10 minutes). */
export const FULL = process.env['BENCH_FULL'] === '1' || process.env['BENCH_FULL'] === 'true';
/** Measured runs of each workload, contenders alternating within each round; figures are over all rounds. */
export const ROUNDS = Math.round(numberFromEnv('BENCH_ROUNDS', 2, 1, 20));
/** Restarts whose median is the start-up figure. */
export const STARTS = Math.round(numberFromEnv('BENCH_STARTS', 9, 0, 100));
const KNOWN_CONTENDERS = ['ceiling', 'sqlite', 'logs-off', 'metrics-off', 'postgres', 'prism'];
export const CONTENDERS = listFromEnv('BENCH_CONTENDERS') ?? KNOWN_CONTENDERS.filter((c) => FULL || c !== 'prism');
export const ONLY = listFromEnv('BENCH_ONLY');
for (const c of CONTENDERS) if (!KNOWN_CONTENDERS.includes(c)) throw new Error(`BENCH_CONTENDERS: unknown contender '${c}'; known: ${KNOWN_CONTENDERS.join(', ')}`);


/** Undone in reverse order at the end, on a signal, or by the watchdog. */
export const cleanups: (() => Promise<void> | void)[] = [];
export async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop() as () => Promise<void> | void;
    try {
      await fn();
    } catch (err) {
      console.error(`bench: cleanup step failed: ${(err as Error).message}`);
    }
  }
}

export const log = (line: string) => process.stderr.write(`${line}\n`);
