// /emsec/clock and /emsec/sessions over real HTTP, on the real system clock: moving the clock
// expires idle sessions and ends throttling windows, and the audit trail's times move with it;
// a given session can be ended or expired on demand. 404 without --emulator, 401/403 otherwise.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { ADMIN, ADMIN_PASSWORD, basic, call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';
import { refOf } from '../helpers/session-ref.ts';

const MARY = 'TECH\\mary.smith';
const MARY_PASSWORD = 'Mary-Passw0rd!';

let server: TestServer;
let admin: string;
before(async () => {
  server = await startServer({ emulator: true, logonFailuresPerUser: 3, logonFailureWindowMs: 300_000 });
  admin = await logon(server);
  await server.addUser(MARY, MARY_PASSWORD);
  const created = await call(`${server.url}/api/security/accounts`, {
    method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('User', MARY, [ROLE.PortalUser.id]),
  });
  assert.equal(created.status, 201, created.text);
});
after(() => server.close());

interface ClockJson { now: string; epochMs: number; offsetSeconds: number }

const clock = async (): Promise<ClockJson> => {
  const res = await call(`${server.url}/emsec/clock`, { headers: json(admin) });
  assert.equal(res.status, 200, res.text);
  return res.json<ClockJson>();
};
const advance = (body: string, token = admin) => call(`${server.url}/emsec/clock`, { method: 'POST', headers: json(token, { 'content-type': 'application/json' }), body });
const logonAs = (user: string, password: string) => call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(user, password), accept: 'application/json' } });

async function session(user = MARY, password = MARY_PASSWORD): Promise<{ token: string; id: string }> {
  const res = await logonAs(user, password);
  assert.equal(res.status, 201, res.text);
  return { token: res.headers.get('x-restsvcsessionid') as string, id: res.json<{ SessionId: string }>().SessionId };
}

const use = (token: string) => call(`${server.url}/api/logonSessions`, { headers: json(token) });

async function audit(action: string): Promise<{ at: string; user: string; sessionId: string; reason: string | null }[]> {
  const res = await call(`${server.url}/emsec/audit?action=${action}&order=desc&limit=10`, { headers: json(admin) });
  assert.equal(res.status, 200, res.text);
  return res.json<{ events: { at: string; user: string; sessionId: string; reason: string | null }[] }>().events;
}

describe('GET/POST /emsec/clock', () => {
  it('shows the time; {"advanceSeconds":901} moves it 901 s ahead; a session idle since before gets 401, a new one works', async () => {
    const before = await clock();
    assert.ok(Math.abs(before.epochMs - Date.now()) < 60_000, 'starts at the real time');
    assert.equal(new Date(before.now).getTime(), before.epochMs);
    const idle = await session();
    assert.equal((await use(idle.token)).status, 200);
    const res = await advance('{"advanceSeconds":901}');
    assert.equal(res.status, 200, res.text);
    const moved = res.json<ClockJson>();
    assert.equal(moved.offsetSeconds - before.offsetSeconds, 901);
    assert.ok(moved.epochMs - before.epochMs >= 901_000);
    admin = await logon(server); // the administrator's session idled out as well
    assert.ok((await clock()).epochMs >= moved.epochMs);

    const refused = await use(idle.token);
    assert.equal(refused.status, 401);
    assert.match(refused.text, /expired/);
    const expiry = (await audit('session.expire')).find((e) => e.sessionId === refOf(idle.id)); // the trail keeps the session's reference (docs/security.md)
    assert.ok(expiry, 'the expiry is in the audit trail');
    assert.ok(new Date(expiry.at).getTime() >= moved.epochMs, `recorded at the moved time (${expiry.at} vs ${moved.now})`);
    assert.equal((await use((await session()).token)).status, 200);
  });

  it('a session used within the idle timeout survives a smaller move', async () => {
    const live = await session();
    assert.equal((await advance('{"advanceSeconds":600}')).status, 200);
    assert.equal((await use(live.token)).status, 200);
    assert.equal((await advance('{"advanceSeconds":600}')).status, 200);
    assert.equal((await use(live.token)).status, 200, 'used 600 s ago: still alive');
    admin = await logon(server);
  });

  it('ends a logon throttling window: refused after 3 failures, accepted once the window has passed', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await logonAs(MARY, 'wrong')).status, 401);
    assert.equal((await logonAs(MARY, MARY_PASSWORD)).status, 401, 'throttled: even the right password is refused');
    // 30 s of slack for the real time these requests take on a loaded machine.
    assert.equal((await advance('{"advanceSeconds":270}')).status, 200);
    assert.equal((await logonAs(MARY, MARY_PASSWORD)).status, 401, 'still within the window');
    assert.equal((await advance('{"advanceSeconds":31}')).status, 200);
    assert.equal((await logonAs(MARY, MARY_PASSWORD)).status, 201);
    admin = await logon(server);
  });

  const bad = ['{"advanceSeconds":-1}', '{"advanceSeconds":"901"}', '{}', '{"advanceSeconds":1,"x":2}', '{"advanceSeconds":1e12}', 'null', '901'];
  for (const body of bad) {
    it(`refuses ${body} with 400 and leaves the clock alone`, async () => {
      const offset = (await clock()).offsetSeconds;
      const res = await advance(body);
      assert.equal(res.status, 400, res.text);
      assert.match(res.json<{ Message: string }>().Message, /advanceSeconds/);
      assert.equal((await clock()).offsetSeconds, offset);
    });
  }
});

describe('/emsec/sessions/{id}', () => {
  it('POST …/expire: the session is refused at its next request, recorded as an expiry', async () => {
    const mary = await session();
    const res = await call(`${server.url}/emsec/sessions/${mary.id}/expire`, { method: 'POST', headers: json(admin) });
    assert.equal(res.status, 204, res.text);
    assert.equal((await use(mary.token)).status, 401);
    const e = (await audit('session.expire')).find((x) => x.sessionId === refOf(mary.id) || x.reason?.includes('on demand'));
    assert.ok(e);
    assert.match(e.reason ?? '', /Expired on demand/);
  });

  it('DELETE: the session ends now, recorded as ended by the administrator; others go on', async () => {
    const mary = await session();
    const other = await session();
    const res = await call(`${server.url}/emsec/sessions/${mary.id.toUpperCase()}`, { method: 'DELETE', headers: json(admin) });
    assert.equal(res.status, 204, res.text);
    assert.equal((await use(mary.token)).status, 401);
    assert.equal((await use(other.token)).status, 200);
    const e = (await audit('session.revoke'))[0];
    assert.equal(e?.user, ADMIN);
    assert.match(e?.reason ?? '', /Ended on demand/);
    assert.equal((await call(`${server.url}/emsec/sessions/${mary.id}`, { method: 'DELETE', headers: json(admin) })).status, 404, 'already ended');
  });

  it('404 for an unknown or malformed id', async () => {
    assert.equal((await call(`${server.url}/emsec/sessions/00000000-0000-4000-8000-000000000000`, { method: 'DELETE', headers: json(admin) })).status, 404);
    assert.equal((await call(`${server.url}/emsec/sessions/nope/expire`, { method: 'POST', headers: json(admin) })).status, 404);
  });
});

describe('gatekeeping of the clock and session controls', () => {
  const controls = (id: string): [string, string, string | undefined][] => [
    ['GET', '/emsec/clock', undefined], ['POST', '/emsec/clock', '{"advanceSeconds":901}'],
    ['DELETE', `/emsec/sessions/${id}`, undefined], ['POST', `/emsec/sessions/${id}/expire`, undefined],
  ];

  it('401 without a session, 403 for a user who is not a Portal Administrator; nothing moves or ends', async () => {
    const mary = await session();
    const offset = (await clock()).offsetSeconds;
    for (const [method, path, body] of controls(mary.id)) {
      assert.equal((await call(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body })).status, 401, `${method} ${path}`);
      assert.equal((await call(`${server.url}${path}`, { method, headers: json(mary.token, { 'content-type': 'application/json' }), body })).status, 403, `${method} ${path}`);
    }
    assert.equal((await clock()).offsetSeconds, offset);
    assert.equal((await use(mary.token)).status, 200);
  });

  it('404 without --emulator, even to an administrator, before any other check', async () => {
    const plain = await startServer({ logLevel: 'silent' });
    try {
      const token = await logon(plain, ADMIN, ADMIN_PASSWORD);
      const id = (await call(`${plain.url}/api/logonSessions`, { headers: json(token) })).json<{ LogonSessions: { SessionId: string }[] }>().LogonSessions[0]?.SessionId as string;
      assert.match(id, /^[0-9a-f-]{36}$/);
      for (const [method, path, body] of controls(id)) {
        const res = await call(`${plain.url}${path}`, { method, headers: json(token, { 'content-type': 'application/json' }), body });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal((await call(`${plain.url}${path}`, { method })).status, 404, `${method} ${path} without a session`);
      }
      assert.equal((await call(`${plain.url}/api/logonSessions`, { headers: json(token) })).status, 200, 'the session was not ended');
    } finally {
      await plain.close();
    }
  });
});
