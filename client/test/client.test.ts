// EnterpriseManager against the real emsec over HTTP: logon, whoami, logout, dispose.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError, AuthenticationError, EnterpriseManager } from '../src/index.ts';
import { ADMIN, ADMIN_PASSWORD, adminClient, raw, startServer, type TestServer } from './helpers.ts';

let server: TestServer;

describe('EnterpriseManager (emsec over HTTP, server default XML, client JSON)', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
  });
  after(() => server.close());

  it('logs on with the origin, with /api and with /api/, and keeps the X-RestSvcSessionId token', async () => {
    for (const url of [server.url, `${server.url}/api`, `${server.url}/api/`]) {
      const em = await EnterpriseManager.logon({ url, user: ADMIN, password: ADMIN_PASSWORD });
      assert.equal(em.url, `${server.url}/api`);
      assert.equal(em.session?.UserName, ADMIN);
      assert.ok(em.token);
      assert.equal((await raw(server, em.token, 'GET', '/security')).status, 200);
      await em.logout();
    }
  });

  it('a wrong password is an AuthenticationError carrying the server status and Message', async () => {
    await assert.rejects(EnterpriseManager.logon({ url: server.url, user: ADMIN, password: 'wrong' }), (err: unknown) => {
      assert.ok(err instanceof AuthenticationError);
      assert.equal(err.status, 401);
      assert.equal(err.body.StatusCode, 401);
      assert.ok(err.body.Message.length > 0);
      assert.equal(err.message, err.body.Message);
      return true;
    });
  });

  it('whoami is the current session as the server sees it', async () => {
    const em = await adminClient(server);
    const me = await em.whoami();
    assert.equal(me.UserName, ADMIN);
    assert.equal(me.SessionId, em.session?.SessionId);
    await em.logout();
  });

  it('logout ends the session on the server; the token no longer works', async () => {
    const em = await adminClient(server);
    const token = em.token as string;
    await em.logout();
    assert.equal(em.token, undefined);
    assert.equal((await raw(server, token, 'GET', '/security')).status, 401);
    await assert.rejects(em.roles.list().toArray(), AuthenticationError, 'no re-logon after logout');
    await em.logout(); // twice is harmless
  });

  it('await using logs out at the end of the block', async () => {
    let token = '';
    {
      await using em = await adminClient(server);
      token = em.token as string;
      assert.equal((await raw(server, token, 'GET', '/security')).status, 200);
    }
    assert.equal((await raw(server, token, 'GET', '/security')).status, 401);
  });

  it('resume() works on a token from an earlier logon, and info() needs no session', async () => {
    const first = await adminClient(server);
    const em = await EnterpriseManager.resume({ url: server.url, token: first.token as string });
    assert.equal((await em.whoami()).UserName, ADMIN);
    const info = await EnterpriseManager.info({ url: server.url });
    assert.ok(info.Links?.some((l) => l.Rel === 'Create' && /sessionMngr/.test(l.Href)));
    await em.logout();
    // The first client's session was that one: it logs on again by itself (it has the password).
    const before = first.token;
    assert.ok((await first.security()).Href);
    assert.notEqual(first.token, before);
    await first.logout();
  });

  it('a user without Portal Administrator gets a ForbiddenError (403) on /security', async () => {
    await server.addUser('TECH\\pu', 'Pu-Passw0rd!1', ['BUILTIN\\Users']);
    const em = await EnterpriseManager.logon({ url: server.url, user: 'TECH\\pu', password: 'Pu-Passw0rd!1' });
    await assert.rejects(em.security(), (err: unknown) => err instanceof ApiError && err.name === 'ForbiddenError' && err.status === 403);
    await em.logout();
  });
});
