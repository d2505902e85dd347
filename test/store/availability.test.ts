// Health checks, and what a node does while its database is gone: /emsec/health/ready says 503,
// requests answer 503 (never 500), nothing crashes, and everything works again once the database
// is back. The outage is real: a TCP proxy between emsec and PostgreSQL is cut and restored.
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { POSTGRES_SKIPPED, TEST_DATABASE_URL, createTestDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { call, logon, startServer, type TestServer } from '../helpers/server.ts';

describe('health checks (SQLite, or PostgreSQL when EMSEC_TEST_DATABASE_URL is set)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('answers live and ready outside /api, without a session', async () => {
    const live = await call(`${server.url}/emsec/health/live`);
    assert.equal(live.status, 200);
    assert.deepEqual(live.json(), { status: 'live' });
    const ready = await call(`${server.url}/emsec/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json(), { status: 'ready' });
    assert.equal(ready.headers.get('cache-control'), 'no-store');
  });
});

/** A TCP proxy that can be cut (every connection dropped, new ones refused) and restored. */
class Proxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(private readonly targetHost: string, private readonly targetPort: number, public port = 0) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : this.port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

describe('PostgreSQL outage', { skip: TEST_DATABASE_URL ? false : POSTGRES_SKIPPED }, () => {
  let database: TestDatabase;
  let proxy: Proxy;
  let server: TestServer;
  before(async () => {
    database = await createTestDatabase();
    const target = new URL(database.url);
    proxy = new Proxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
    server = await startServer({ databaseUrl: target.toString() });
  });
  after(async () => {
    await server?.close();
    await proxy?.cut();
    await database?.drop();
  });

  it('PostgreSQL: goes unready and answers 503 while the database is unreachable, then recovers', async () => {
    const token = await logon(server);
    const headers = { 'x-restsvcsessionid': token };
    assert.equal((await call(`${server.url}/api/security/accounts`, { headers })).status, 200);

    await proxy.cut();
    const ready = await call(`${server.url}/emsec/health/ready`);
    assert.equal(ready.status, 503);
    assert.equal(ready.json()['status'], 'unavailable');
    assert.equal((await call(`${server.url}/emsec/health/live`)).status, 200, 'the process itself is fine');
    const read = await call(`${server.url}/api/security/accounts`, { headers });
    assert.equal(read.status, 503, read.text);
    assert.match(read.text, /StatusCode="503"/);
    assert.match(read.text, /Message="The store cannot be read right now. Try again later."/);
    const write = await call(`${server.url}/api/security/accounts/00000000-0000-4000-8000-000000000001`, { method: 'DELETE', headers });
    assert.equal(write.status, 503, write.text);
    assert.match(write.text, /cannot accept changes right now; nothing was changed/);

    await proxy.start();
    assert.equal((await call(`${server.url}/emsec/health/ready`)).status, 200);
    assert.equal((await call(`${server.url}/api/security/accounts`, { headers })).status, 200, 'the session survived the outage');
  });
});
