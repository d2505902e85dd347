// Location on every 201 (em_web_api_specifications.md: "Contained in responses to the POST HTTP
// requests"): the logon names its logon session (scripts log out by DELETE on it), the rebuild its
// Task, a scope POST the new scope or, for several, the account's scope list. XML and JSON.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { ADMIN, ADMIN_PASSWORD, NS, basic, call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

const VC = 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd';
const SQLSRV = `urn:VMware:Vm:${VC}.vm-15309`;
const VM01 = `urn:VMware:Vm:${VC}.vm-7870`;
const PRODUCTION = `urn:VMware:ResourcePool:${VC}.resgroup-10734`;

let server: TestServer;
let token: string;
before(async () => {
  server = await startServer();
  token = await logon(server);
});
after(() => server.close());

const formats = [
  { name: 'XML', accept: 'application/xml', type: 'application/xml' },
  { name: 'JSON', accept: 'application/json', type: 'application/json' },
] as const;

describe('Location on 201', () => {
  for (const f of formats) {
    it(`${f.name}: the logon names its logon session; DELETE on it logs out, then 401`, async () => {
      const res = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD), accept: f.accept } });
      assert.equal(res.status, 201);
      const sessionId = f.name === 'JSON' ? res.json<{ SessionId: string }>().SessionId : /<SessionId>([^<]+)</.exec(res.text)?.[1];
      const location = res.headers.get('location') as string;
      assert.equal(location, `${server.url}/api/logonSessions/${sessionId}`);
      const mine = res.headers.get('x-restsvcsessionid') as string;
      assert.equal((await call(location, { headers: { 'x-restsvcsessionid': mine, accept: f.accept } })).status, 200);
      assert.equal((await call(location, { method: 'DELETE', headers: { 'x-restsvcsessionid': mine } })).status, 204);
      assert.equal((await call(`${server.url}/api/security/roles`, { headers: { 'x-restsvcsessionid': mine, accept: f.accept } })).status, 401);
    });

    it(`${f.name}: ?action=rebuildScope names its Task`, async () => {
      const body = f.name === 'JSON' ? '{"RebuildAll":{}}' : `<RebuildScopeJobSpec xmlns="${NS}"><RebuildAll/></RebuildScopeJobSpec>`;
      const res = await call(`${server.url}/api/security/accounts?action=rebuildScope`, { method: 'POST', headers: xml(token, { 'content-type': f.type, accept: f.accept }), body });
      assert.equal(res.status, 201, res.text);
      const location = res.headers.get('location') as string;
      assert.match(location, new RegExp(`^${server.url}/api/tasks/task-\\d+$`));
      const taskHref = f.name === 'JSON' ? res.json<{ Href: string }>().Href : /<Task [^>]*Href="([^"]+)"/.exec(res.text)?.[1];
      assert.equal(location, taskHref);
      assert.equal((await call(location, { headers: json(token) })).status, 200);
    });

    it(`${f.name}: a scope POST names the new scope, or the scope list when it added several`, async () => {
      const created = await call(`${server.url}/api/security/accounts`, {
        method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }),
        body: createSpecXml('ExternalUser', `location.${f.name}@tech.local`, [ROLE.VmRestoreOperator.id]),
      });
      assert.equal(created.status, 201, created.text);
      const account = created.headers.get('location') as string;
      const items = (refs: string[]) => f.name === 'JSON'
        ? JSON.stringify({ HierarchyScopeItems: refs.map((r) => ({ HierarchyObjRef: r })) })
        : `<HierarchyScopeCreateSpec xmlns="${NS}">${refs.map((r) => `<HierarchyScopeItem><HierarchyObjRef>${r}</HierarchyObjRef></HierarchyScopeItem>`).join('')}</HierarchyScopeCreateSpec>`;
      const one = await call(`${account}/scopes`, { method: 'POST', headers: xml(token, { 'content-type': f.type }), body: items([SQLSRV]) });
      assert.equal(one.status, 201, one.text);
      assert.match(one.headers.get('location') as string, new RegExp(`^${account}/scopes/[0-9a-f-]{36}$`));
      const scope = await call(one.headers.get('location') as string, { headers: json(token) });
      assert.equal(scope.json<{ Name: string }>().Name, 'SQLSRV');
      const several = await call(`${account}/scopes`, { method: 'POST', headers: xml(token, { 'content-type': f.type }), body: items([VM01, PRODUCTION]) });
      assert.equal(several.status, 201, several.text);
      assert.equal(several.headers.get('location'), `${account}/scopes`);
      const list = await call(several.headers.get('location') as string, { headers: json(token) });
      assert.equal(list.json<{ EnterpriseAccountHierarchyScopes: unknown[] }>().EnterpriseAccountHierarchyScopes.length, 3);
    });
  }
});
