// The HTTP layer: re-logon on an expired session (against emsec), 503 retries with backoff,
// timeouts and abort (against a replaying server that answers what emsec does not).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthenticationError, EnterpriseManager, ServiceUnavailableError, TimeoutError } from '../src/index.ts';
import { ManualClock } from '../../test/helpers/server.ts';
import { adminClient, raw, startServer, type TestServer } from './helpers.ts';
import { logonAnswer, replay, type Replay } from './replay-server.ts';

describe('transport against emsec: an expired session', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
  });
  after(() => server.close());

  it('a 401 from an ended session logs on again once and retries the request', async () => {
    const em = await adminClient(server);
    const old = em.token as string;
    assert.equal((await raw(server, old, 'DELETE', `/logonSessions/${em.session?.SessionId}`)).status, 204);
    const roles = await em.roles.list().toArray();
    assert.equal(roles.length, 7);
    assert.notEqual(em.token, old);
    assert.equal((await raw(server, em.token as string, 'GET', '/security')).status, 200);
    await em.logout();
  });

  it('concurrent requests that meet the expiry share one new logon', async () => {
    const em = await adminClient(server);
    const before = (await em.sessions.list().toArray()).length;
    await raw(server, em.token as string, 'DELETE', `/logonSessions/${em.session?.SessionId}`);
    const results = await Promise.all([em.security(), em.security(), em.roles.list().toArray(), em.tasks.list().toArray()]);
    assert.equal(results.length, 4);
    assert.equal((await em.sessions.list().toArray()).length, before, 'one session replaced by exactly one');
    await em.logout();
  });

  it('with relogon: false the 401 reaches the caller', async () => {
    const em = await adminClient(server, { relogon: false });
    await raw(server, em.token as string, 'DELETE', `/logonSessions/${em.session?.SessionId}`);
    await assert.rejects(em.security(), (err: unknown) => err instanceof AuthenticationError && err.status === 401 && err.body.Message.length > 0);
  });

  it('an idle timeout expiry is renewed the same way', async () => {
    const clock = new ManualClock();
    const short = await startServer({ logLevel: 'silent', clock, idleTimeoutMs: 60_000 });
    try {
      const em = await adminClient(short);
      const old = em.token;
      clock.advance(61_000);
      assert.equal((await raw(short, old as string, 'GET', '/security')).status, 401, 'the session really idled out');
      assert.ok((await em.security()).Href);
      assert.notEqual(em.token, old);
      await em.logout();
    } finally {
      await short.close();
    }
  });
});

describe('transport against a replaying server: 503, timeouts, abort', () => {
  let rp: Replay;
  let unavailable = 0;
  let delayMs = 0;
  before(async () => {
    rp = await replay((req) => {
      if (req.url.startsWith('/api/sessionMngr/')) return logonAnswer(rp.url, 'T0K3N==', '6a3e1ed2-1e0f-4b3c-9a74-2ad1f3c8b7a1');
      if (req.url.startsWith('/api/security') && unavailable > 0) {
        unavailable--;
        return { status: 503, headers: { 'retry-after': '0' }, body: { Message: 'Directory unreachable', StatusCode: 503 } };
      }
      if (req.url.startsWith('/api/security')) return { status: 200, body: { Href: `${rp.url}/api/security`, Links: [] }, delayMs };
      return undefined;
    });
  });
  after(() => rp.close());

  const logon = (extra: object = {}) => EnterpriseManager.logon({ url: rp.url, user: 'TECH\\admin', password: 'pw', ...extra });

  it('sends Accept: application/json and the session header; logs on with Basic', async () => {
    rp.seen.length = 0;
    const em = await logon();
    await em.security();
    const [logonReq, get] = rp.seen;
    assert.equal(logonReq?.method, 'POST');
    assert.equal(logonReq?.url, '/api/sessionMngr/?v=latest');
    assert.equal(logonReq?.headers.authorization, `Basic ${Buffer.from('TECH\\admin:pw').toString('base64')}`);
    assert.equal(get?.headers.accept, 'application/json');
    assert.equal(get?.headers['x-restsvcsessionid'], 'T0K3N==');
  });

  it('without retries a 503 is a ServiceUnavailableError with the Message', async () => {
    const em = await logon();
    unavailable = 1;
    await assert.rejects(em.security(), (err: unknown) => err instanceof ServiceUnavailableError && err.status === 503 && err.message === 'Directory unreachable');
  });

  it('with retries, 503s are retried with backoff until an answer', async () => {
    const em = await logon({ retries: { attempts: 3, baseDelayMs: 5 } });
    unavailable = 2;
    rp.seen.length = 0;
    assert.ok((await em.security()).Href);
    assert.equal(rp.seen.length, 3);
    unavailable = 5;
    await assert.rejects(em.security(), ServiceUnavailableError);
    unavailable = 0;
  });

  it('a slow answer past the timeout is a TimeoutError; a per-call timeout overrides', async () => {
    const em = await logon({ timeout: 100 });
    delayMs = 1000;
    try {
      await assert.rejects(em.security(), TimeoutError);
      delayMs = 150;
      assert.ok((await em.security({ timeout: 2000 })).Href);
    } finally {
      delayMs = 0;
    }
  });

  it('an AbortSignal cancels a request with its reason', async () => {
    const em = await logon();
    delayMs = 1000;
    try {
      const ac = new AbortController();
      const p = em.security({ signal: ac.signal });
      setTimeout(() => ac.abort(new Error('user cancelled')), 50);
      await assert.rejects(p, /user cancelled/);
    } finally {
      delayMs = 0;
    }
  });
});
