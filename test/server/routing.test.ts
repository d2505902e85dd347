// Paths and query parameters matched as the product's WCF service matches them (in any case),
// 405 with Allow, and OPTIONS. XML and JSON.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, NS, basic, call, logon, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let token: string;
before(async () => {
  server = await startServer();
  token = await logon(server);
});
after(() => server.close());

const formats = ['application/xml', 'application/json'] as const;

describe('paths in any case', () => {
  for (const accept of formats) {
    it(`${accept}: POST /api/SessionMngr/?v=latest logs on, as a public client writes it`, async () => {
      const res = await call(`${server.url}/api/SessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD), accept } });
      assert.equal(res.status, 201, res.text);
      assert.ok(res.headers.get('x-restsvcsessionid'));
    });

    it(`${accept}: /API/Security/Roles, /api/LOGONSESSIONS and ids keep working; params keep their case`, async () => {
      const roles = await call(`${server.url}/API/Security/Roles`, { headers: { 'x-restsvcsessionid': token, accept } });
      assert.equal(roles.status, 200);
      assert.equal((await call(`${server.url}/api/LOGONSESSIONS`, { headers: { 'x-restsvcsessionid': token, accept } })).status, 200);
      const role = await call(`${server.url}/api/security/ROLES/F84A8B62-49B8-4D0C-B25B-92321B52BAB6`, { headers: { 'x-restsvcsessionid': token, accept } });
      assert.equal(role.status, 200);
      assert.match(role.text, /File Restore Operator/);
      // Authorization reads the same row whatever the case: no session, no answer.
      assert.equal((await call(`${server.url}/API/SECURITY`, { headers: { accept } })).status, 401);
      // An operation emsec does not emulate stays 501 in any case.
      assert.equal((await call(`${server.url}/API/Backups`, { headers: { 'x-restsvcsessionid': token, accept } })).status, 501);
    });
  }

  it('query parameter names and enumerated values in any case: format=entity, V=LATEST, ACTION=REBUILDSCOPE', async () => {
    const entity = await call(`${server.url}/api/security/roles?FORMAT=entity`, { headers: { 'x-restsvcsessionid': token } });
    assert.equal(entity.status, 200);
    assert.match(entity.text, /<EnterpriseRoles /);
    const json = await call(`${server.url}/api/security/roles?format=ENTITY`, { headers: { 'x-restsvcsessionid': token, accept: 'application/json' } });
    assert.ok(Array.isArray(json.json()['EnterpriseRoles']));
    assert.equal((await call(`${server.url}/api/sessionMngr/?V=LATEST`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } })).status, 201);
    assert.equal((await call(`${server.url}/api/sessionMngr/?v=V1_7`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } })).status, 201);
    const rebuild = await call(`${server.url}/api/security/accounts?ACTION=REBUILDSCOPE`, {
      method: 'POST', headers: { 'x-restsvcsessionid': token, 'content-type': 'application/xml' }, body: `<RebuildScopeJobSpec xmlns="${NS}"><RebuildAll/></RebuildScopeJobSpec>`,
    });
    assert.equal(rebuild.status, 201, rebuild.text);
  });
});

describe('405 and OPTIONS', () => {
  for (const accept of formats) {
    it(`${accept}: a 405 carries Allow with the resource's methods, and the Error body`, async () => {
      for (const [method, path, allow] of [
        ['PUT', '/api/security/accounts', 'GET, HEAD, POST, OPTIONS'],
        ['POST', '/api/logonSessions', 'GET, HEAD, OPTIONS'],
        ['PUT', '/api/security/accounts/0b6c7e4a-0000-4000-8000-000000000000/roles/x', 'GET, HEAD, DELETE, OPTIONS'],
        ['GET', '/api/sessionMngr/', 'POST, OPTIONS'],
      ] as const) {
        const res = await call(`${server.url}${path}`, { method, headers: { 'x-restsvcsessionid': token, accept } });
        assert.equal(res.status, 405, `${method} ${path}`);
        assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
        assert.match(res.text, accept === 'application/json' ? /"StatusCode":405/ : /StatusCode="405"/);
      }
    });
  }

  it('OPTIONS: 200, Allow, no body, no session needed; an unknown path is 404', async () => {
    const res = await call(`${server.url}/api/security/accounts/0b6c7e4a-0000-4000-8000-000000000000`, { method: 'OPTIONS' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('allow'), 'GET, HEAD, POST, DELETE, OPTIONS');
    assert.equal(res.text, '');
    assert.equal((await call(`${server.url}/API/SessionMngr/`, { method: 'OPTIONS' })).headers.get('allow'), 'POST, OPTIONS');
    assert.equal((await call(`${server.url}/api/nowhere`, { method: 'OPTIONS' })).status, 404);
  });
});
