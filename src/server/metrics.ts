// The prom-client implementation of Metrics (metrics.ts): one registry per running emsec instance
// (start(), every test server), so nothing here is module-level mutable state.
// GET /emsec/metrics serves it (metrics-route.ts); docs/operations.md says what each metric means.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from '../metrics.ts';

/** The metrics of one instance with what GET /emsec/metrics needs. */
export interface ExposedMetrics extends Metrics {
  readonly contentType: string;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
}

// Requests here take tens of microseconds to seconds (logon is scrypt): prom-client's default
// buckets start at 5 ms, too coarse for the reads.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];


export function createMetrics(): ExposedMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const requestSeconds = new Histogram({ name: 'emsec_http_request_duration_seconds', help: 'Time from a request\'s arrival to its answer, by route, method and status.', labelNames: ['route', 'method', 'status'], buckets: LATENCY_BUCKETS, registers });
  // The request counter is the histogram's _count under its own name: filled in when scraped, so
  // a request costs one prom-client call, not two (each validates and hashes its labels; measured
  // at about 2% of a GET's throughput).
  new Counter({
    name: 'emsec_http_requests_total',
    help: 'HTTP requests answered, by route, method and status.',
    labelNames: ['route', 'method', 'status'],
    registers,
    async collect() {
      const { values } = await requestSeconds.get();
      this.reset();
      for (const v of values) if (v.metricName === 'emsec_http_request_duration_seconds_count') this.inc(v.labels as Partial<Record<'route' | 'method' | 'status', string>>, v.value);
    },
  });
  const logons = new Counter({ name: 'emsec_logons_total', help: 'Logon attempts by outcome: ok, wrong_password, throttled, directory_down.', labelNames: ['outcome'], registers });
  const commitSeconds = new Histogram({ name: 'emsec_store_commit_duration_seconds', help: 'Time to run and commit one write transaction, by result.', labelNames: ['result'], buckets: LATENCY_BUCKETS, registers });
  const commitChanges = new Histogram({ name: 'emsec_store_commit_batch_size', help: 'Changes carried by one committed transaction (group commit).', buckets: BATCH_BUCKETS, registers });
  const ldapSeconds = new Histogram({ name: 'emsec_ldap_call_duration_seconds', help: 'Time of one call to an LDAP directory, by operation and result.', labelNames: ['operation', 'result'], buckets: LATENCY_BUCKETS, registers });
  const ldapErrors = new Counter({ name: 'emsec_ldap_errors_total', help: 'LDAP calls that failed (unreachable, timed out, refused), by operation.', labelNames: ['operation'], registers });
  // Every outcome is shown from the start (at 0), so rate() and alerts on it work before the first one.
  for (const outcome of ['ok', 'wrong_password', 'throttled', 'directory_down'] as const) logons.inc({ outcome }, 0);

  // A request records into a labelled child, kept per (route, method, status) so the label values
  // are not looked up again each time.
  const children = new Map<string, Histogram.Internal<string>>();
  const counters = new Map<string, Counter>();
  let sessionsRead: (() => Promise<number>) | undefined;
  new Gauge({
    name: 'emsec_active_sessions',
    help: 'Logon sessions that have not ended or idled out (all nodes of a shared store).',
    registers,
    async collect() {
      if (sessionsRead) this.set(await sessionsRead());
    },
  });

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    request(route, method, status, seconds) {
      const key = `${route} ${method} ${status}`;
      let latency = children.get(key);
      if (!latency) {
        latency = requestSeconds.labels(route, method, String(status));
        children.set(key, latency);
      }
      latency.observe(seconds);
    },
    logon: (outcome) => logons.labels(outcome).inc(),
    storeCommit(seconds, changes, failed) {
      commitSeconds.labels(failed ? 'failed' : 'committed').observe(seconds);
      if (!failed) commitChanges.observe(changes);
    },
    ldapCall(operation, seconds, failed) {
      ldapSeconds.labels(operation, failed ? 'failed' : 'ok').observe(seconds);
      if (failed) ldapErrors.labels(operation).inc();
    },
    activeSessions(read) {
      sessionsRead = read;
    },
    counter(name, help, labelNames = []) {
      let counter = counters.get(name);
      if (!counter) {
        counter = new Counter({ name, help, labelNames: [...labelNames], registers });
        counters.set(name, counter);
      }
      const c = counter;
      return { inc: (labels, value) => (labels ? c.inc(labels, value) : c.inc(value)) };
    },
  };
}

