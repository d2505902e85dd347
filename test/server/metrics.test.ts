// GET /emsec/metrics: the Prometheus text exposition of one instance's metrics, and who may read it.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DEFAULTS } from '../../src/options.ts';
import { buildApp } from '../../src/server/app.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import { ADMIN, ADMIN_PASSWORD, basic, call, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

/** The value of one sample line, e.g. `emsec_logons_total{outcome="ok"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function metricsOf(server: TestServer): Promise<string> {
  const res = await call(`${server.url}/emsec/metrics`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return res.text;
}

describe('GET /emsec/metrics', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ logonFailuresPerUser: 2 });
  });
  after(() => server.close());

  it('counts requests by route id, method and status, with their latency', async () => {
    const token = await logon(server);
    for (let i = 0; i < 3; i++) assert.equal((await call(`${server.url}/api/security/roles`, { headers: xml(token) })).status, 200);
    assert.equal((await call(`${server.url}/api/security/roles`)).status, 401);
    assert.equal((await call(`${server.url}/api/no/such/thing`, { headers: xml(token) })).status, 404);
    const text = await metricsOf(server);
    assert.equal(sample(text, 'emsec_http_requests_total{route="security.roles.list",method="GET",status="200"}'), 3);
    assert.equal(sample(text, 'emsec_http_requests_total{route="security.roles.list",method="GET",status="401"}'), 1);
    assert.equal(sample(text, 'emsec_http_requests_total{route="sessionMngr.logon",method="POST",status="201"}'), 1);
    // An unknown URL is one label value, never the URL itself.
    assert.equal(sample(text, 'emsec_http_requests_total{route="unmatched",method="GET",status="404"}'), 1);
    assert.ok(!text.includes('/api/no/such/thing'));
    assert.equal(sample(text, 'emsec_http_request_duration_seconds_count{route="security.roles.list",method="GET",status="200"}'), 3);
    assert.equal(sample(text, 'emsec_http_request_duration_seconds_bucket{le="+Inf",route="security.roles.list",method="GET",status="200"}'), 3);
  });

  it('counts logons by outcome and shows the live sessions', async () => {
    const before = await metricsOf(server);
    const ok = sample(before, 'emsec_logons_total{outcome="ok"}') ?? 0;
    await logon(server);
    const user = 'EMSEC\\nobody-here';
    for (let i = 0; i < 3; i++) {
      const res = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(user, 'Wrong-Passw0rd') } });
      assert.equal(res.status, 401);
    }
    const text = await metricsOf(server);
    assert.equal(sample(text, 'emsec_logons_total{outcome="ok"}'), ok + 1);
    // Two failures reach the per-user limit (2); the third is refused without a password check.
    assert.equal(sample(text, 'emsec_logons_total{outcome="wrong_password"}'), 2);
    assert.equal(sample(text, 'emsec_logons_total{outcome="throttled"}'), 1);
    assert.equal(sample(text, 'emsec_logons_total{outcome="directory_down"}'), 0);
    assert.equal(sample(text, 'emsec_active_sessions'), ok + 1);
  });

  it('shows store commits with their batch size, and the process metrics', async () => {
    const text = await metricsOf(server);
    // Every logon above committed its session: at least one transaction, carrying at least one change.
    assert.ok((sample(text, 'emsec_store_commit_duration_seconds_count{result="committed"}') ?? 0) >= 1, text);
    assert.ok((sample(text, 'emsec_store_commit_batch_size_sum') ?? 0) >= (sample(text, 'emsec_store_commit_batch_size_count') ?? 0));
    assert.ok((sample(text, 'emsec_store_commit_batch_size_count') ?? 0) >= 1);
    assert.ok((sample(text, 'process_cpu_user_seconds_total') ?? -1) > 0);
    assert.match(text, /^nodejs_eventloop_lag_seconds /m);
    // Nothing in them names a user or carries a secret.
    for (const secret of [ADMIN, ADMIN_PASSWORD]) assert.ok(!text.includes(secret));
  });

  it('extensions add their own counters to the same registry', async () => {
    const metrics = createMetrics();
    const faults = metrics.counter('emsec_injected_faults_total', 'Faults injected.', ['kind']);
    faults.inc({ kind: 'store' });
    faults.inc({ kind: 'store' });
    assert.equal(metrics.counter('emsec_injected_faults_total', 'Faults injected.', ['kind']) !== undefined, true);
    metrics.counter('emsec_injected_faults_total', 'Faults injected.', ['kind']).inc({ kind: 'ldap' });
    const text = await metrics.render();
    assert.equal(sample(text, 'emsec_injected_faults_total{kind="store"}'), 2);
    assert.equal(sample(text, 'emsec_injected_faults_total{kind="ldap"}'), 1);
    // Another instance has a registry of its own.
    assert.equal(sample(await createMetrics().render(), 'emsec_injected_faults_total{kind="store"}'), undefined);
  });
});

describe('who may read /emsec/metrics', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  const appWith = (metricsToken?: string) => buildApp({
    ...DEFAULTS, emsec: server.running.emsec, metrics: createMetrics(), metricsToken, bodyLimit: 1 << 20, maxDepth: 32, logLevel: 'silent', requestTimeoutMs: 30_000,
  });

  it('a loopback client reads them (IPv4 and IPv6)', async () => {
    const app = appWith();
    try {
      for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
        assert.equal((await app.inject({ method: 'GET', url: '/emsec/metrics', remoteAddress })).statusCode, 200, remoteAddress);
      }
    } finally {
      await app.close();
    }
  });

  it('another host is refused with an Error body, whatever X-Forwarded-For says, unless it sends the token', async () => {
    const app = appWith('s3cret-metrics-token');
    try {
      const from = (headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/emsec/metrics', remoteAddress: '10.1.2.3', headers });
      const refused = await from({ 'x-forwarded-for': '127.0.0.1' });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /<Error [^>]*Message="Reading the metrics from another host needs the header Authorization: Bearer/);
      assert.equal((await from({ authorization: 'Bearer wrong' })).statusCode, 403);
      assert.equal((await from({ authorization: 'Basic czNjcmV0' })).statusCode, 403);
      const ok = await from({ authorization: 'Bearer s3cret-metrics-token' });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /^# HELP emsec_http_requests_total /m);
    } finally {
      await app.close();
    }
    const untokened = appWith();
    try {
      const res = await untokened.inject({ method: 'GET', url: '/emsec/metrics', remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer anything' } });
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /loopback clients only; set EMSEC_METRICS_TOKEN/);
    } finally {
      await untokened.close();
    }
  });
});

describe('metrics switched off, and an unreachable directory', () => {
  it('--metrics false: no endpoint', async () => {
    const server = await startServer({ metrics: false });
    try {
      assert.equal((await call(`${server.url}/emsec/metrics`)).status, 404);
    } finally {
      await server.close();
    }
  });

  it('a logon the directory cannot answer counts as directory_down, and the LDAP call as an error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const server = await startServer({ directory: `builtin,ldap://127.0.0.1:${port}`, ldapDomain: 'EXAMPLE', ldapUserBase: 'dc=example,dc=com', ldapTimeoutMs: 1_000 });
    try {
      const res = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic('EXAMPLE\\judy', 'Judy-Passw0rd') } });
      assert.equal(res.status, 503, res.text);
      const text = await metricsOf(server);
      assert.equal(sample(text, 'emsec_logons_total{outcome="directory_down"}'), 1);
      assert.ok((sample(text, 'emsec_ldap_errors_total{operation="authenticate"}') ?? 0) >= 1, text);
      assert.ok((sample(text, 'emsec_ldap_call_duration_seconds_count{operation="authenticate",result="failed"}') ?? 0) >= 1);
    } finally {
      await server.close();
    }
  });
});

describe('GET /emsec/metrics with --emulator', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ emulator: true });
  });
  after(() => server.close());

  it('counts injected faults apart, by kind, so a test can tell them from real failures', async () => {
    const token = await logon(server);
    assert.equal(sample(await metricsOf(server), 'emsec_injected_faults_total{kind="status"}'), undefined, 'nothing injected yet');
    const rule = await call(`${server.url}/emsec/faults`, {
      method: 'POST',
      headers: { 'x-restsvcsessionid': token, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/api/security/roles', status: 503, times: 2 }),
    });
    assert.equal(rule.status, 201, rule.text);
    for (let i = 0; i < 3; i++) await call(`${server.url}/api/security/roles`, { headers: xml(token) });
    const text = await metricsOf(server);
    assert.equal(sample(text, 'emsec_injected_faults_total{kind="status"}'), 2);
    assert.equal(sample(text, 'emsec_http_requests_total{route="security.roles.list",method="GET",status="200"}'), 1);
  });
});
