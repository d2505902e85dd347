// Logon, session use by header and cookie, logout, idle expiry (with a manual clock).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, ManualClock, basic, call, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

const clock = new ManualClock();
let server: TestServer;
before(async () => {
  server = await startServer({ clock });
  await server.addUser('TECH\\portal.user', 'Portal-Passw0rd', ['BUILTIN\\Users']);
  await server.addUser('TECH\\no.account', 'NoAccount-Passw0rd');
});
after(() => server.close());

const logonUrl = () => `${server.url}/api/sessionMngr/?v=latest`;

describe('POST /sessionMngr', () => {
  it('answers 201 with a LogonSession, the token in the header and an HttpOnly cookie on /api', async () => {
    const res = await call(logonUrl(), { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } });
    assert.equal(res.status, 201);
    const token = res.headers.get('x-restsvcsessionid') as string;
    assert.ok(Buffer.from(token, 'base64').length >= 16, 'at least 128 random bits');
    assert.equal(res.headers.get('set-cookie'), `X-RestSvcSessionId=${token}; Path=/api; HttpOnly; SameSite=Strict`);
    assert.match(res.text, /<LogonSession xmlns:xsd="[^"]+" xmlns:xsi="[^"]+" xmlns="http:\/\/www.veeam.com\/ent\/v1.0" Href="http:\/\/127.0.0.1:\d+\/api\/logonSessions\/([0-9a-f-]{36})" Type="LogonSession">/);
    assert.match(res.text, /<\/Links><UserName>EMSEC\\Administrator<\/UserName><SessionId>[0-9a-f-]{36}<\/SessionId><\/LogonSession>$/);
    assert.ok(!res.text.includes(token), 'the token is only in the header and cookie');
  });

  it('accepts every documented version and refuses others with 400', async () => {
    for (const v of ['v1_5', 'v1_6', 'v1_7', 'latest']) {
      const res = await call(`${server.url}/api/sessionMngr/?v=${v}`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } });
      assert.equal(res.status, 201, v);
    }
    const bad = await call(`${server.url}/api/sessionMngr/?v=v0_1`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /API version 'v0_1' is not supported/);
  });

  const refused: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['a wrong password', { authorization: basic(ADMIN, 'wrong') }],
    ['an unknown user', { authorization: basic('TECH\\nobody', 'whatever') }],
    ['a user without any account', { authorization: basic('TECH\\no.account', 'NoAccount-Passw0rd') }],
    ['a malformed header', { authorization: 'Basic !!!' }],
    ['another scheme', { authorization: 'Bearer abc' }],
  ];
  for (const [what, headers] of refused) {
    it(`answers 401 with WWW-Authenticate and an Error body for ${what}`, async () => {
      const res = await call(logonUrl(), { method: 'POST', headers });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="RestSvc"');
      assert.equal(res.headers.get('x-restsvcsessionid'), null);
      assert.match(res.text, /<Error [^>]*Message="[^"]+" StatusCode="401" \/>$/);
    });
  }

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const a = await call(logonUrl(), { method: 'POST', headers: { authorization: basic(ADMIN, 'wrong') } });
    const b = await call(logonUrl(), { method: 'POST', headers: { authorization: basic('TECH\\nobody', 'wrong') } });
    assert.equal(a.text, b.text);
  });
});

describe('using a session', () => {
  it('authenticates with the header or the cookie; the cookie wins when both are sent', async () => {
    const token = await logon(server);
    const portal = await logon(server, 'TECH\\portal.user', 'Portal-Passw0rd');
    assert.equal((await call(`${server.url}/api/security`, { headers: { 'x-restsvcsessionid': token } })).status, 200);
    assert.equal((await call(`${server.url}/api/security`, { headers: { cookie: `X-RestSvcSessionId=${token}` } })).status, 200);
    // Cookie of a Portal User + header of an administrator: the cookie decides, so 403.
    const both = await call(`${server.url}/api/security`, { headers: { cookie: `other=1; X-RestSvcSessionId=${portal}`, 'x-restsvcsessionid': token } });
    assert.equal(both.status, 403);
  });

  it('answers 401 for a missing or forged session id', async () => {
    const missing = await call(`${server.url}/api/logonSessions`);
    assert.equal(missing.status, 401);
    assert.match(missing.text, /requires the X-RestSvcSessionId header/);
    const forged = await call(`${server.url}/api/logonSessions`, { headers: { 'x-restsvcsessionid': 'OsU6RL7OGkGKrPBGxKxURw==' } });
    assert.equal(forged.status, 401);
  });

  it('answers 403 with an Error body when a non-administrator uses /security', async () => {
    const portal = await logon(server, 'TECH\\portal.user', 'Portal-Passw0rd');
    for (const path of ['/api/security', '/api/security/roles', '/api/security/accounts']) {
      const res = await call(`${server.url}${path}`, { headers: json(portal) });
      assert.equal(res.status, 403, path);
      assert.deepEqual(res.json(), { Message: 'Access denied: your roles do not allow this operation.', StatusCode: 403, FirstChanceExceptionMessage: null, StackTrace: null });
    }
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(portal) })).status, 200);
  });
});

describe('/logonSessions', () => {
  it('lists sessions, reads one, and logout ends only that session at once', async () => {
    const a = await logon(server);
    const b = await logon(server);
    const list = await call(`${server.url}/api/logonSessions`, { headers: json(a) });
    assert.equal(list.status, 200);
    const sessions = list.json<{ LogonSessions: { SessionId: string; UserName: string; Href: string }[] }>().LogonSessions;
    assert.ok(sessions.length >= 2);
    const mine = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } });
    const id = /<SessionId>([^<]+)<\/SessionId>/.exec(mine.text)?.[1] as string;
    const token = mine.headers.get('x-restsvcsessionid') as string;

    const one = await call(`${server.url}/api/logonSessions/${id}`, { headers: json(token) });
    assert.equal(one.status, 200);
    assert.equal(one.json()['SessionId'], id);

    const del = await call(`${server.url}/api/logonSessions/${id}`, { method: 'DELETE', headers: xml(token) });
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(token) })).status, 401);
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(a) })).status, 200);
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(b) })).status, 200);
    assert.equal((await call(`${server.url}/api/logonSessions/${id}`, { headers: xml(a) })).status, 404);
  });

  it('lets a non-administrator see only their own sessions', async () => {
    const portal = await logon(server, 'TECH\\portal.user', 'Portal-Passw0rd');
    const admin = await logon(server);
    const list = await call(`${server.url}/api/logonSessions`, { headers: json(portal) });
    const users = new Set(list.json<{ LogonSessions: { UserName: string }[] }>().LogonSessions.map((s) => s.UserName));
    assert.deepEqual([...users], ['TECH\\portal.user']);
    const adminList = await call(`${server.url}/api/logonSessions`, { headers: json(admin) });
    const adminSession = adminList.json<{ LogonSessions: { UserName: string; SessionId: string }[] }>().LogonSessions.find((s) => s.UserName === ADMIN);
    assert.ok(adminSession);
    assert.equal((await call(`${server.url}/api/logonSessions/${adminSession.SessionId}`, { method: 'DELETE', headers: xml(portal) })).status, 403);
  });

  it('ends a session idle for longer than 15 minutes, and not one used within them', async () => {
    const idle = await logon(server);
    const busy = await logon(server);
    clock.advance(10 * 60_000);
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(busy) })).status, 200);
    clock.advance(6 * 60_000);
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(idle) })).status, 401);
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(busy) })).status, 200);
    clock.advance(15 * 60_000 + 1);
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(busy) })).status, 401);
  });
});
