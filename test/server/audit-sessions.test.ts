// Hardened sessions: failed-logon throttling per user name and per address (the same 401, no
// password check, nothing revealed about which names exist, over when the window passes), the
// per-user session cap (the oldest gives way, recorded), logout of one session only, and the
// cookie's flags on each listener.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LogonThrottle } from '../../src/domain/throttle.ts';
import type { Directory } from '../../src/identity/directory.ts';
import { resolveOptions, UsageError } from '../../src/options.ts';
import { ROLE } from '../../src/domain/roles.ts';
import { ADMIN, ADMIN_PASSWORD, ManualClock, basic, call, json, logon, startServer, type TestServer } from '../helpers/server.ts';
import { createAccount, logonFull } from '../api/authz-fixtures.ts';

const WINDOW = 60_000;

interface Event { action: string; result: string; user: string | null; sessionId: string | null; resource: string | null; reason: string | null }

const attempt = (server: TestServer, name: string, password: string) =>
  call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(name, password), accept: 'application/json' } });

async function trail(server: TestServer, token: string, query = ''): Promise<Event[]> {
  const res = await call(`${server.url}/emsec/audit?order=asc&limit=1000${query}`, { headers: json(token) });
  assert.equal(res.status, 200, res.text);
  return res.json<{ events: Event[] }>().events;
}

/** Counts password checks: the directory's authenticate, wrapped. */
function countChecks(server: TestServer): { readonly count: number } {
  const directory = server.running.emsec.directory as Directory;
  const original = directory.authenticate.bind(directory);
  const counter = { count: 0 };
  directory.authenticate = async (name, password) => {
    counter.count++;
    return original(name, password);
  };
  return counter;
}

describe('failed-logon throttling per user name', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let admin: string;
  let checks: { readonly count: number };
  before(async () => {
    server = await startServer({ clock, logonFailuresPerUser: 3, logonFailuresPerAddress: 0, logonFailureWindowMs: WINDOW });
    admin = await logon(server);
    await server.addUser('TECH\\mary', 'Mary-Passw0rd');
    await createAccount(server, admin, 'User', 'TECH\\mary', [ROLE.PortalUser.id]);
    checks = countChecks(server);
  });
  after(() => server.close());

  it('answers an existing and an unknown name alike, and after 3 failures refuses even the right password', async () => {
    const known: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await attempt(server, 'TECH\\mary', 'wrong');
      const b = await attempt(server, 'TECH\\ghost', 'wrong');
      known.push(`${a.status} ${a.headers.get('www-authenticate')} ${a.text}`);
      unknown.push(`${b.status} ${b.headers.get('www-authenticate')} ${b.text}`);
    }
    assert.deepEqual(known, unknown);
    assert.equal(new Set(known).size, 1, 'a throttled refusal looks like a wrong password');
    const right = await attempt(server, 'TECH\\mary', 'Mary-Passw0rd');
    assert.equal(right.status, 401);
    assert.equal(`${right.status} ${right.headers.get('www-authenticate')} ${right.text}`, known[0]);
  });

  it('does not run the password check while refusing', () => {
    assert.equal(checks.count, 6, 'three checks per name, then none');
  });

  it('keeps other names and the administrator unaffected', async () => {
    assert.equal((await attempt(server, ADMIN, ADMIN_PASSWORD)).status, 201);
  });

  it('records the first refusal of the blocked period once, not every one', async () => {
    const refusals = (await trail(server, admin, '&action=logon')).filter((e) => e.reason?.includes('too many failed logons'));
    assert.deepEqual(refusals.map((e) => [e.user, e.result]), [['TECH\\mary', 'failure'], ['TECH\\ghost', 'failure']]);
  });

  it('lets the user in again once the window has passed, and a success forgets the failures', async () => {
    clock.advance(WINDOW);
    assert.equal((await attempt(server, 'TECH\\mary', 'Mary-Passw0rd')).status, 201);
    for (let i = 0; i < 2; i++) assert.equal((await attempt(server, 'TECH\\mary', 'wrong')).status, 401);
    assert.equal((await attempt(server, 'TECH\\mary', 'Mary-Passw0rd')).status, 201, 'two fresh failures after a success do not block');
  });
});

describe('failed-logon throttling per address', () => {
  const clock = new ManualClock();
  let server: TestServer;
  before(async () => {
    server = await startServer({ clock, logonFailuresPerUser: 0, logonFailuresPerAddress: 3, logonFailureWindowMs: WINDOW });
  });
  after(() => server.close());

  it('refuses every name from an address that guessed too often, until the window passes', async () => {
    for (const name of ['TECH\\a', 'TECH\\b', 'TECH\\c']) assert.equal((await attempt(server, name, 'guess')).status, 401);
    const checks = countChecks(server);
    assert.equal((await attempt(server, ADMIN, ADMIN_PASSWORD)).status, 401);
    assert.equal(checks.count, 0);
    clock.advance(WINDOW);
    assert.equal((await attempt(server, ADMIN, ADMIN_PASSWORD)).status, 201);
  });

  it('does not count a request without credentials (the Basic challenge)', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST' })).status, 401);
    assert.equal((await attempt(server, ADMIN, ADMIN_PASSWORD)).status, 201);
  });
});

describe('the throttle itself', () => {
  it('forgets the oldest names past its bound, so guessing names cannot exhaust memory', () => {
    const throttle = new LogonThrottle({ now: () => 0 }, { perUser: 3, perAddress: 3, windowMs: WINDOW });
    for (let i = 0; i < 10_050; i++) throttle.failed(`TECH\\user${i}`, null);
    assert.ok(throttle.tracked().users <= 10_000);
  });

  it('is configured by flag or environment variable, and refuses nonsense', () => {
    const o = resolveOptions({ 'logon-failures-per-user': '4', 'max-sessions-per-user': '0' }, { EMSEC_LOGON_FAILURES_PER_ADDRESS: '9', EMSEC_LOGON_FAILURE_WINDOW: '30' });
    assert.deepEqual([o.logonFailuresPerUser, o.logonFailuresPerAddress, o.logonFailureWindowMs, o.maxSessionsPerUser], [4, 9, 30_000, 0]);
    const d = resolveOptions({}, {});
    assert.deepEqual([d.logonFailuresPerUser, d.logonFailuresPerAddress, d.logonFailureWindowMs, d.maxSessionsPerUser], [10, 50, 300_000, 100]);
    assert.throws(() => resolveOptions({ 'logon-failures-per-user': 'many' }, {}), UsageError);
    assert.throws(() => resolveOptions({ 'logon-failure-window': '0' }, {}), UsageError);
  });
});

describe('the per-user session cap', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startServer({ maxSessionsPerUser: 2 });
    admin = await logon(server);
    await server.addUser('TECH\\mary', 'Mary-Passw0rd', ['BUILTIN\\Users']);
    await server.addUser('TECH\\paul', 'Paul-Passw0rd', ['BUILTIN\\Users']);
  });
  after(() => server.close());

  it('ends the oldest session of the user for a new logon, records it, and leaves other users alone', async () => {
    const paul = await logonFull(server, 'TECH\\paul', 'Paul-Passw0rd');
    const first = await logonFull(server, 'TECH\\mary', 'Mary-Passw0rd');
    const second = await logonFull(server, 'TECH\\mary', 'Mary-Passw0rd');
    const third = await logonFull(server, 'TECH\\mary', 'Mary-Passw0rd');
    const status = async (token: string) => (await call(`${server.url}/api/logonSessions`, { headers: json(token) })).status;
    assert.deepEqual([await status(first.token), await status(second.token), await status(third.token), await status(paul.token)], [401, 200, 200, 200]);
    const evictions = await trail(server, admin, '&action=session.evict');
    assert.deepEqual(evictions.map((e) => [e.user, e.sessionId, e.resource]), [['TECH\\mary', third.ref, `/logonSessions/${first.ref}`]]);
  });
});

describe('logout and the cookie', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await server.addUser('TECH\\mary', 'Mary-Passw0rd', ['BUILTIN\\Users']);
  });
  after(() => server.close());

  it('ends exactly the session named: not the caller\'s other sessions, not other users\'', async () => {
    const a = await logonFull(server, 'TECH\\mary', 'Mary-Passw0rd');
    const b = await logonFull(server, 'TECH\\mary', 'Mary-Passw0rd');
    const admin = await logonFull(server, ADMIN, ADMIN_PASSWORD);
    assert.equal((await call(`${server.url}/api/logonSessions/${b.sessionId}`, { method: 'DELETE', headers: json(a.token) })).status, 204);
    const status = async (token: string) => (await call(`${server.url}/api/logonSessions`, { headers: json(token) })).status;
    assert.deepEqual([await status(a.token), await status(b.token), await status(admin.token)], [200, 401, 200]);
  });

  it('is HttpOnly and SameSite=Strict on plain HTTP, and also Secure on TLS', async () => {
    const plain = await attempt(server, ADMIN, ADMIN_PASSWORD);
    assert.match(plain.headers.get('set-cookie') as string, /^X-RestSvcSessionId=[^;]+; Path=\/api; HttpOnly; SameSite=Strict$/);
    const ca = readFileSync(join(server.dataDir, 'tls', 'cert.pem'));
    const cookie = await new Promise<string>((resolve, reject) => {
      const req = request(`${server.httpsUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) }, ca, servername: 'localhost' }, (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.headers['set-cookie'])));
      });
      req.on('error', reject);
      req.end();
    });
    assert.match(cookie, /; Path=\/api; HttpOnly; SameSite=Strict; Secure$/);
  });
});
