// `Platform` takes values outside the documented enum: get_security_accounts_id_scopes.md lists
// VMware, Hyperv and vCloud, but a file share's scope is `NasBackup` (its object reference is
// urn:NasBackup:FileServer:…, post_security_accounts.md), and other pages write HyperV,
// CustomPlatform, AgentForWindows. The published schemas therefore declare a string, not an enum,
// so a client generated from them accepts what the product sends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, json, logon, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

describe('Platform outside the documented enum', () => {
  it('the OpenAPI document declares Platform as a plain string', async () => {
    const doc = (await call(`${server.url}/api/openapi.json`)).json<{ components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> } }>();
    const platform = doc.components.schemas['EnterpriseAccountHierarchyScopeType']?.properties?.['Platform'];
    assert.deepEqual(platform, { type: 'string' });
  });

  it('a file-share scope answers Platform NasBackup, in XML and JSON', async () => {
    const token = await logon(server);
    const accounts = `${server.url}/api/security/accounts`;
    const body = JSON.stringify({
      AccountType: 'ExternalUser', AccountName: 'nas@tech.local', Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: 'urn:veeam:EnterpriseRole:f84a8b62-49b8-4d0c-b25b-92321b52bab6' }] }, AllowRestoreAllVms: false,
      HierarchyScopeObjects: { HierarchyScopeItems: [{ HierarchyObjRef: 'urn:NasBackup:FileServer:541178f4-5335-46cb-b7bc-8fbb4a944307.541178f4-5335-46cb-b7bc-8fbb4a944307' }] },
    });
    const created = await call(accounts, { method: 'POST', headers: json(token, { 'content-type': 'application/json' }), body });
    assert.equal(created.status, 201, created.text);
    const scopes = `${created.headers.get('location') as string}/scopes`;
    const asJson = await call(scopes, { headers: json(token) });
    assert.deepEqual(asJson.json<{ EnterpriseAccountHierarchyScopes: { Platform: string }[] }>().EnterpriseAccountHierarchyScopes.map((s) => s.Platform), ['NasBackup']);
    const asXml = await call(scopes, { headers: { 'x-restsvcsessionid': token } });
    assert.match(asXml.text, /<Platform>NasBackup<\/Platform>/);
  });
});
