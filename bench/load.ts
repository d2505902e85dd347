// Load generation: autocannon's programmatic API, with our own latency record (autocannon's
// histogram keeps whole milliseconds and only 2xx answers; loopback answers take well under 1 ms)
// and a hard stop so no run outlives its duration by more than a grace period.
import autocannon from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';

export interface LoadSpec {
  /** Origin, e.g. http://127.0.0.1:9399; `path` is appended. */
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly method?: autocannon.Request['method'];
  readonly path?: string;
  readonly headers?: IncomingHttpHeaders;
  readonly body?: string;
  /** Seconds before one request counts as timed out (autocannon's default is 10). */
  readonly timeoutSeconds?: number;
  readonly setupClient?: (client: autocannon.Client) => void;
}

export interface LoadResult {
  readonly connections: number;
  readonly seconds: number;
  /** Answers received (any status). */
  readonly responses: number;
  readonly reqPerSec: number;
  /** Over every answer, whatever its status, in milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly non2xx: number;
  /** Connection errors and timeouts (requests that got no answer). */
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
}

/** A growable array of latencies with exact percentiles (nearest rank). */
export class Latencies {
  private buf = new Float64Array(1 << 16);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = ms;
  }

  percentiles(ps: readonly number[]): number[] {
    if (this.n === 0) return ps.map(() => NaN);
    const sorted = this.buf.slice(0, this.n).sort();
    return ps.map((p) => sorted[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))] as number);
  }
}

const GRACE_MS = 15_000;

/** `latencies`: where each answer's latency goes (shared by the runs of runLoadOn). */
export function runLoad(spec: LoadSpec, latencies = new Latencies()): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const backstop: { timer?: NodeJS.Timeout } = {};
    const instance = autocannon({
      url: new URL(spec.path ?? '/', spec.url).href,
      connections: spec.connections,
      duration: spec.seconds,
      method: spec.method ?? 'GET',
      headers: spec.headers ?? {},
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      timeout: spec.timeoutSeconds ?? 10,
      ...(spec.setupClient ? { setupClient: spec.setupClient } : {}),
    }, (err: unknown, result: autocannon.Result) => {
      clearTimeout(backstop.timer);
      if (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      const [p50, p99, max] = latencies.percentiles([50, 99, 100]) as [number, number, number];
      const statusCodes: Record<string, number> = {};
      for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
      const responses = result.requests.total;
      resolve({
        connections: spec.connections,
        seconds: result.duration,
        responses,
        reqPerSec: result.duration > 0 ? responses / result.duration : 0,
        p50Ms: p50,
        p99Ms: p99,
        maxMs: max,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        statusCodes,
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.add(responseTime));
    // autocannon stops itself after `duration`; this is only a backstop against a wedged run.
    backstop.timer = setTimeout(() => instance.stop(), spec.seconds * 1000 + GRACE_MS);
  });
}

/**
 * One load spread over several servers at once (the nodes of one PostgreSQL database): the
 * connections split as evenly as they go, `setupFor(i, connections)` gives the clients of server
 * i theirs (disjoint accounts); answers add up, latencies are percentiles over all of them.
 */
export async function runLoadOn(urls: readonly string[], spec: LoadSpec, setupFor?: (i: number, offset: number, connections: number) => LoadSpec['setupClient']): Promise<LoadResult> {
  if (urls.length <= 1) return runLoad({ ...spec, ...(setupFor ? { setupClient: setupFor(0, 0, spec.connections) } : {}) });
  const latencies = new Latencies();
  const shares = urls.map((_, i) => Math.floor(spec.connections / urls.length) + (i < spec.connections % urls.length ? 1 : 0));
  const runs = await Promise.all(urls.flatMap((url, i) => {
    const connections = shares[i] as number;
    if (connections === 0) return [];
    const offset = shares.slice(0, i).reduce((a, b) => a + b, 0);
    return [runLoad({ ...spec, url, connections, ...(setupFor ? { setupClient: setupFor(i, offset, connections) } : {}) }, latencies)];
  }));
  const [p50, p99, max] = latencies.percentiles([50, 99, 100]) as [number, number, number];
  const statusCodes: Record<string, number> = {};
  for (const r of runs) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const sum = (f: (r: LoadResult) => number) => runs.reduce((a, r) => a + f(r), 0);
  return {
    connections: spec.connections, seconds: Math.max(...runs.map((r) => r.seconds)), responses: sum((r) => r.responses), reqPerSec: sum((r) => r.reqPerSec),
    p50Ms: p50, p99Ms: p99, maxMs: max, non2xx: sum((r) => r.non2xx), errors: sum((r) => r.errors), timeouts: sum((r) => r.timeouts), statusCodes,
  };
}
