// The session token is base64 of the SessionId, as the product's (the reference's example token
// NDRjZmJk… decodes to 44cfbdbe-…), accepted in the header and the cookie, in XML and JSON; the
// SessionId is therefore a secret: others see its reference, the log and the trail never hold it.
// `--session-tokens opaque` makes tokens unrelated to SessionIds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { UsageError, resolveOptions } from '../../src/options.ts';
import { refOf } from '../helpers/session-ref.ts';
import { ADMIN, ADMIN_PASSWORD, basic, call, createSpecXml, json, startServer, xml, type TestServer } from '../helpers/server.ts';

const MARY = 'TECH\\mary';
const MARY_PASSWORD = 'Mary-Passw0rd';
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function logonIn(server: TestServer, format: 'xml' | 'json', user = ADMIN, password = ADMIN_PASSWORD): Promise<{ token: string; sessionId: string }> {
  const res = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(user, password), accept: `application/${format}` } });
  assert.equal(res.status, 201, res.text);
  const sessionId = format === 'json' ? res.json<{ SessionId: string }>().SessionId : /<SessionId>([^<]+)<\/SessionId>/.exec(res.text)?.[1] as string;
  return { token: res.headers.get('x-restsvcsessionid') as string, sessionId };
}

describe('token = base64(SessionId), the default', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await server.addUser(MARY, MARY_PASSWORD);
    const admin = await logonIn(server, 'xml');
    const res = await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(admin.token, { 'content-type': 'application/xml' }), body: createSpecXml('User', MARY, [ROLE.PortalUser.id]) });
    assert.equal(res.status, 201, res.text);
  });
  after(() => server.close());

  for (const format of ['xml', 'json'] as const) {
    it(`${format}: the token is base64 of the SessionId string, a random v4 GUID; a script's own base64 works in the header and the cookie`, async () => {
      const a = await logonIn(server, format);
      const b = await logonIn(server, format);
      assert.match(a.sessionId, V4);
      assert.notEqual(a.sessionId, b.sessionId);
      assert.equal(a.token, Buffer.from(a.sessionId).toString('base64'));
      const own = Buffer.from(a.sessionId, 'utf8').toString('base64');
      const accept = { accept: `application/${format}` };
      assert.equal((await call(`${server.url}/api/security/roles`, { headers: { 'X-RestSvcSessionId': own, ...accept } })).status, 200);
      assert.equal((await call(`${server.url}/api/security/roles`, { headers: { cookie: `X-RestSvcSessionId=${own}`, ...accept } })).status, 200);
      // Neither the bare SessionId nor a base64 of another GUID is a token.
      assert.equal((await call(`${server.url}/api/security/roles`, { headers: { 'X-RestSvcSessionId': a.sessionId, ...accept } })).status, 401);
      assert.equal((await call(`${server.url}/api/security/roles`, { headers: { 'X-RestSvcSessionId': Buffer.from('44cfbdbe-5a95-4156-8867-91f069b7c2cc').toString('base64'), ...accept } })).status, 401);
    });
  }

  it('an administrator sees other users\' sessions by reference, can read and end them through it; their owner sees the SessionId', async () => {
    const admin = await logonIn(server, 'json');
    const mary = await logonIn(server, 'json', MARY, MARY_PASSWORD);
    type S = { SessionId: string; UserName: string; Href: string; Links: { Rel: string; Href: string }[] };
    const listed = (await call(`${server.url}/api/logonSessions`, { headers: json(admin.token) })).json<{ LogonSessions: S[] }>().LogonSessions;
    const shown = listed.filter((s) => s.UserName === MARY);
    assert.deepEqual(shown.map((s) => s.SessionId), [refOf(mary.sessionId)]);
    const [m] = shown as [S];
    assert.ok(m.Href.endsWith(`/logonSessions/${refOf(mary.sessionId)}`) && m.Links.every((l) => !l.Href.includes(mary.sessionId)));
    assert.ok(!JSON.stringify(listed).includes(mary.sessionId), 'the SessionId never reaches the administrator');
    assert.ok(listed.some((s) => s.SessionId === admin.sessionId), 'the administrator\'s own sessions show their SessionId');
    // Filtering on SessionId sees the reference, so a SessionId cannot be probed through the filter.
    const probe = await call(`${server.url}/api/logonSessions?filter=SessionId==${mary.sessionId}`, { headers: json(admin.token) });
    assert.deepEqual(probe.json<{ LogonSessions: S[] }>().LogonSessions, []);
    // The reference is of no use as a token.
    assert.equal((await call(`${server.url}/api/tasks`, { headers: json(Buffer.from(m.SessionId).toString('base64')) })).status, 401);
    // Mary sees her own SessionId.
    const hers = (await call(`${server.url}/api/logonSessions`, { headers: json(mary.token) })).json<{ LogonSessions: S[] }>().LogonSessions;
    assert.deepEqual(hers.map((s) => s.SessionId), [mary.sessionId]);
    // Read and end through the Href the administrator was given.
    const one = await call(m.Href, { headers: xml(admin.token) });
    assert.equal(one.status, 200);
    assert.match(one.text, new RegExp(`<SessionId>${refOf(mary.sessionId)}</SessionId>`));
    assert.equal((await call(m.Href, { method: 'DELETE', headers: xml(admin.token) })).status, 204);
    assert.equal((await call(`${server.url}/api/tasks`, { headers: json(mary.token) })).status, 401);
    const logs = server.logs();
    assert.ok(!logs.includes(mary.sessionId) && !logs.includes(admin.sessionId), 'no SessionId in the log');
  });

  it('the log names a SessionId in a URL by its reference', async () => {
    const s = await logonIn(server, 'xml');
    assert.equal((await call(`${server.url}/api/logonSessions/${s.sessionId}`, { headers: xml(s.token) })).status, 200);
    assert.equal((await call(`${server.url}/api/logonSessions/${s.sessionId}`, { method: 'DELETE', headers: xml(s.token) })).status, 204);
    // The DELETE's line is written when its answer has left.
    const logs = await server.logsWhen((l) => l.includes(`"method":"DELETE","url":"/api/logonSessions/ref:${refOf(s.sessionId)}"`));
    assert.ok(!logs.includes(s.sessionId));
    assert.ok(logs.includes(`/api/logonSessions/ref:${refOf(s.sessionId)}`));
  });
});

describe('--session-tokens opaque (a departure from the product)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ sessionTokens: 'opaque' });
  });
  after(() => server.close());

  for (const format of ['xml', 'json'] as const) {
    it(`${format}: the token is random and unrelated to the SessionId`, async () => {
      const s = await logonIn(server, format);
      assert.match(s.sessionId, V4);
      assert.notEqual(s.token, Buffer.from(s.sessionId).toString('base64'));
      assert.equal(Buffer.from(s.token, 'base64').length, 24);
      assert.equal((await call(`${server.url}/api/security/roles`, { headers: { 'X-RestSvcSessionId': s.token, accept: `application/${format}` } })).status, 200);
      assert.equal((await call(`${server.url}/api/security/roles`, { headers: { 'X-RestSvcSessionId': Buffer.from(s.sessionId).toString('base64'), accept: `application/${format}` } })).status, 401);
    });
  }

  it('is chosen by flag or environment variable; anything else is a usage error', () => {
    assert.equal(resolveOptions({}, {}).sessionTokens, 'session-id');
    assert.equal(resolveOptions({ 'session-tokens': 'opaque' }, {}).sessionTokens, 'opaque');
    assert.equal(resolveOptions({}, { EMSEC_SESSION_TOKENS: 'OPAQUE' }).sessionTokens, 'opaque');
    assert.throws(() => resolveOptions({ 'session-tokens': 'guid' }, {}), (e) => e instanceof UsageError && /must be one of session-id, opaque/.test(e.message));
  });
});

describe('the emulator\'s /emsec/sessions takes the reference an administrator is shown', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ emulator: true });
    await server.addUser(MARY, MARY_PASSWORD);
    const admin = await logonIn(server, 'xml');
    const res = await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(admin.token, { 'content-type': 'application/xml' }), body: createSpecXml('User', MARY, [ROLE.PortalUser.id]) });
    assert.equal(res.status, 201, res.text);
  });
  after(() => server.close());

  it('ends another user\'s session by its reference; the log shows no SessionId', async () => {
    const admin = await logonIn(server, 'json');
    const mary = await logonIn(server, 'json', MARY, MARY_PASSWORD);
    const res = await call(`${server.url}/emsec/sessions/${refOf(mary.sessionId)}`, { method: 'DELETE', headers: json(admin.token) });
    assert.ok(res.status >= 200 && res.status < 300, `${res.status} ${res.text}`);
    assert.equal((await call(`${server.url}/api/tasks`, { headers: json(mary.token) })).status, 401);
    // The last request's line is written when its answer has left.
    const logs = await server.logsWhen((l) => l.includes('"url":"/api/tasks"'));
    assert.ok(!logs.includes(mary.sessionId));
  });
});
