// emsec's own endpoints are one table (src/server/emsec-routes.ts) treated as the API's: each row
// is served, authorized from the row (401 without a session, 403 for a role the row does not
// list), a wrong method answers 405 with Allow, and the OpenAPI document lists each under the tag
// "emsec" (the emulator's controls under "emulator") with its query parameters and its summary.
// Without --emulator the controls' paths do not exist: 404 on every method.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROUTES } from '../../src/api/routes.ts';
import { ROLE } from '../../src/domain/roles.ts';
import { EMSEC_ROUTES } from '../../src/server/emsec-routes.ts';
import { OPENAPI_PATH } from '../../src/server/docs.ts';
import { ADMIN, call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

type Json = Record<string, unknown>;
const SAMPLE_ID = '6a0c3bc1-2d8e-4a52-9d41-57b7f6f4a001';
const concrete = (path: string): string => path.replace(/:[A-Za-z]+/g, SAMPLE_ID);
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

let server: TestServer;
let admin: string;
let portalUser: string;
let operator: string;

before(async () => {
  // With --emulator every row is served, the emulator's controls too.
  server = await startServer({ logLevel: 'silent', enableReset: true, emulator: true });
  admin = await logon(server);
  await server.addUser('TECH\\pat', 'Pat-Passw0rd!');
  const created = await call(`${server.url}/api/security/accounts`, {
    method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('User', 'TECH\\pat', [ROLE.PortalUser.id]),
  });
  assert.equal(created.status, 201, created.text);
  portalUser = await logon(server, 'TECH\\pat', 'Pat-Passw0rd!');
  // For the rows that list Portal Users too (the lookup service's callers): a role none lists.
  await server.addUser('TECH\\olga', 'Olga-Passw0rd!');
  const op = await call(`${server.url}/api/security/accounts`, {
    method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('User', 'TECH\\olga', [ROLE.VmRestoreOperator.id]),
  });
  assert.equal(op.status, 201, op.text);
  operator = await logon(server, 'TECH\\olga', 'Olga-Passw0rd!');
});
after(() => server.close());

describe('the /emsec route table', () => {
  it('has unique ids and method + path pairs, and roles exactly where a session is needed', () => {
    assert.equal(new Set(EMSEC_ROUTES.map((r) => r.id)).size, EMSEC_ROUTES.length);
    assert.equal(new Set(EMSEC_ROUTES.map((r) => `${r.method} ${r.path}`)).size, EMSEC_ROUTES.length);
    for (const r of EMSEC_ROUTES) {
      assert.ok(r.path.startsWith('/emsec/') || r.path === OPENAPI_PATH, `${r.id}: ${r.path} is outside /emsec`);
      assert.equal(r.roles.length > 0, r.auth === 'session', r.id);
      assert.ok(r.summary.length > 0 && !r.summary.includes(r.path), `${r.id}: a summary, not the path repeated`);
    }
    const api = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    for (const r of EMSEC_ROUTES) assert.ok(!api.has(`${r.method} ${r.path}`), `${r.id} is also an API route`);
  });

  for (const route of EMSEC_ROUTES.filter((r) => r.auth === 'session')) {
    it(`${route.id}: 401 without a session, 403 for a role it does not list`, async () => {
      const url = `${server.url}${concrete(route.path)}`;
      const anonymous = await call(url, { method: route.method });
      assert.equal(anonymous.status, 401, anonymous.text);
      assert.match(anonymous.text, /<Error /);
      const outsider = route.roles.includes(ROLE.PortalUser.id) ? operator : portalUser;
      assert.ok(!route.roles.includes(outsider === operator ? ROLE.VmRestoreOperator.id : ROLE.PortalUser.id));
      const denied = await call(url, { method: route.method, headers: xml(outsider) });
      assert.equal(denied.status, 403, denied.text);
    });
  }

  for (const route of EMSEC_ROUTES) {
    const allowed = EMSEC_ROUTES.filter((r) => r.path === route.path).map((r) => r.method);
    const wrong = METHODS.find((m) => !allowed.includes(m)) as string;
    it(`${route.id}: ${wrong} answers 405 with Allow: ${allowed.join(', ')}`, async () => {
      const res = await call(`${server.url}${concrete(route.path)}`, { method: wrong, headers: xml(admin) });
      assert.equal(res.status, 405, res.text);
      assert.equal(res.headers.get('allow'), allowed.join(', '));
      assert.match(res.text, /<Error .*StatusCode="405"/);
    });
  }

  it('answers 405 with Allow on the emulator\'s controls and the console, as on every row', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/emsec/faults', 'GET, POST, DELETE'],
      ['POST', '/emsec/faults/6a0c3bc1-2d8e-4a52-9d41-57b7f6f4a001', 'GET, DELETE'],
      ['DELETE', '/emsec/clock', 'GET, POST'],
      ['GET', '/emsec/sessions/6a0c3bc1-2d8e-4a52-9d41-57b7f6f4a001/expire', 'POST'],
      ['POST', '/emsec/console', 'GET'],
      ['DELETE', '/emsec/console/', 'GET'],
      ['PUT', '/emsec/console/assets/index.js', 'GET'],
    ]) {
      const res = await call(`${server.url}${path}`, { method, headers: json(admin) });
      assert.equal(res.status, 405, `${method} ${path}: ${res.text}`);
      assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
      assert.equal(res.json<{ StatusCode: number }>().StatusCode, 405);
    }
  });

  it('answers 405 with Allow on the API too', async () => {
    const res = await call(`${server.url}/api/security/accounts`, { method: 'PUT', headers: xml(admin) });
    assert.equal(res.status, 405);
    // HEAD and OPTIONS are answered on the vendor's resources (docs/conformance.md, 7).
    assert.equal(res.headers.get('allow'), 'GET, HEAD, POST, OPTIONS');
  });

  it('serves a row to the roles it lists (GET /emsec/audit for an administrator)', async () => {
    const res = await call(`${server.url}/emsec/audit?limit=1`, { headers: xml(admin) });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json<{ events: unknown[] }>().events.length, 1);
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });
});

describe('the /emsec route table in the OpenAPI document', () => {
  let doc: Json;
  before(async () => {
    doc = (await call(`${server.url}${OPENAPI_PATH}`)).json<Json>();
  });

  it('has the tag "emsec", described', () => {
    const tags = doc['tags'] as { name: string; description: string }[];
    assert.ok(tags.some((t) => t.name === 'emsec' && t.description.length > 0), JSON.stringify(tags));
  });

  for (const route of EMSEC_ROUTES) {
    it(`${route.id}: ${route.asset ? 'left out (a file of the docs page)' : 'listed under "emsec" with its summary, security and query parameters'}`, () => {
      const op = ((doc['paths'] as Json)[route.path.replace(/:([A-Za-z]+)/g, '{$1}')] as Json | undefined)?.[route.method.toLowerCase()] as Json | undefined;
      if (route.asset) {
        assert.equal(op, undefined);
        return;
      }
      assert.ok(op, `${route.method} ${route.path} is not in the document`);
      assert.deepEqual(op['tags'], [route.emulator ? 'emulator' : 'emsec']);
      assert.equal(op['operationId'], route.id);
      assert.equal(op['summary'], route.summary);
      assert.deepEqual(op['security'], route.auth === 'session' ? [{ RestSvcSessionId: [] }, { RestSvcSessionCookie: [] }] : []);
      const params = ((op['parameters'] as Json[] | undefined) ?? []).filter((p) => p['in'] === 'query');
      assert.deepEqual(params.map((p) => [p['name'], p['required']]), (route.query ?? []).map((q) => [q.name, q.required ?? false]));
      assert.ok((op['responses'] as Json)[String(route.status)], `documents ${route.status}`);
      if (route.auth === 'session') {
        assert.ok(String(op['description']).includes('Portal Administrator'), 'names the roles');
        for (const s of ['401', '403']) assert.ok((op['responses'] as Json)[s], `documents ${s}`);
      }
    });
  }

  it('uses the reference pages\' titles as the API operations\' summaries', () => {
    const accounts = ((doc['paths'] as Json)['/api/security/accounts'] as Json)['get'] as Json;
    assert.equal(accounts['summary'], 'GET /security/accounts');
    const root = ((doc['paths'] as Json)['/api/'] as Json)['get'] as Json;
    assert.equal(root['summary'], 'HTTP Authentication');
  });
});

describe('the emulator\'s controls without --emulator', () => {
  it('answer 404 on every method, the wrong ones too, before any authorization; the console stays served', async () => {
    const plain = await startServer({ logLevel: 'silent', enableReset: true });
    try {
      const token = await logon(plain, ADMIN);
      const controls = EMSEC_ROUTES.filter((r) => r.emulator);
      assert.deepEqual(controls.map((r) => r.id).sort(), [
        'emsec.clock.advance', 'emsec.clock.get', 'emsec.faults.clear', 'emsec.faults.create', 'emsec.faults.delete', 'emsec.faults.get', 'emsec.faults.list', 'emsec.sessions.end', 'emsec.sessions.expire',
      ]);
      for (const path of new Set(controls.map((r) => concrete(r.path)))) {
        for (const method of METHODS) {
          for (const headers of [json(token), { accept: 'application/json' }]) {
            const res = await call(`${plain.url}${path}`, { method, headers });
            assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
            assert.match(res.json<{ Message: string }>().Message, /--emulator/, `${method} ${path}`);
            assert.equal(res.headers.get('allow'), null);
          }
        }
      }
      // The other rows are unchanged: reset (--enable-reset) and the console still answer 405 to a wrong method.
      assert.equal((await call(`${plain.url}/emsec/reset`, { method: 'GET', headers: json(token) })).status, 405);
      assert.equal((await call(`${plain.url}/emsec/console/`, { method: 'POST' })).status, 405);
    } finally {
      await plain.close();
    }
  });
});

describe('a disabled row', () => {
  it('answers 404 with its reason before any authorization', async () => {
    const plain = await startServer({ logLevel: 'silent' });
    try {
      const res = await call(`${plain.url}/emsec/reset`, { method: 'POST' });
      assert.equal(res.status, 404);
      assert.match(res.text, /--enable-reset/);
      assert.equal((await call(`${plain.url}/emsec/reset`, { method: 'POST', headers: xml(await logon(plain, ADMIN)) })).status, 404);
    } finally {
      await plain.close();
    }
  });
});
