// The README walk-through over real HTTP, once in XML and once in JSON: logon, create an
// account, assign it a role, read the assignment back, remove it, log out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { NS, call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
  await server.addUser('TECH\\mary.smith', 'Mary-Passw0rd');
  await server.addUser('TECH\\william.fox', 'William-Passw0rd');
});
after(() => server.close());

describe('walk-through in XML', () => {
  it('logs on, creates an account, assigns a role, reads it back and removes it', async () => {
    const root = await call(`${server.url}/api/`);
    assert.equal(root.status, 200);
    assert.match(root.headers.get('content-type') ?? '', /^application\/xml/);
    assert.match(root.text, new RegExp(`<Link Href="${server.url}/api/sessionMngr/\\?v=latest" Type="LogonSession" Rel="Create" />`));

    const token = await logon(server);
    const created = await call(`${server.url}/api/security/accounts`, {
      method: 'POST',
      headers: xml(token, { 'content-type': 'application/xml' }),
      body: createSpecXml('User', 'TECH\\mary.smith', [ROLE.FileRestoreOperator.id]),
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.text, '');
    const location = created.headers.get('location') as string;
    const accountId = location.split('/').pop() as string;

    const assign = await call(`${server.url}/api/security/accounts/${accountId}/roles`, {
      method: 'POST',
      headers: xml(token, { 'content-type': 'application/xml' }),
      body: `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.VmRestoreOperator.id}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`,
    });
    assert.equal(assign.status, 201, assign.text);
    assert.equal(assign.text, '');
    assert.equal(assign.headers.get('content-type'), null);

    const list = await call(`${server.url}/api/security/accounts/${accountId}/roles`, { headers: xml(token) });
    assert.equal(list.status, 200);
    const href = `${server.url}/api/security/accounts/${accountId}/roles/${ROLE.VmRestoreOperator.id}`;
    assert.ok(list.text.includes(`<EnterpriseAccountInRoleList xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NS}">`));
    assert.ok(list.text.includes(`<EnterpriseAccountInRole Href="${href}"><Links><Link Href="${href}" Rel="Delete" /></Links><RoleName>VM Restore Operator</RoleName></EnterpriseAccountInRole>`));
    assert.ok(list.text.indexOf('File Restore Operator') < list.text.indexOf('VM Restore Operator'), 'assignment order is kept');

    const one = await call(href, { headers: xml(token) });
    assert.equal(one.status, 200);
    assert.match(one.text, /<RoleName>VM Restore Operator<\/RoleName>/);

    const removed = await call(href, { method: 'DELETE', headers: xml(token) });
    assert.equal(removed.status, 204);
    assert.equal((await call(href, { headers: xml(token) })).status, 404);

    const entity = await call(`${server.url}/api/security/accounts/${accountId}?format=Entity`, { headers: xml(token) });
    assert.equal(entity.status, 200);
    assert.match(entity.text, /<EnterpriseAccount [^>]*Type="EnterpriseAccount" Name="TECH\\mary.smith" UID="urn:veeam:EnterpriseAccount:[0-9a-f-]{36}">/);
    assert.match(entity.text, /<\/Links><AccountType>User<\/AccountType><AllowRestoreAllVms>true<\/AllowRestoreAllVms><FlrSettings>/);
  });
});

describe('walk-through in JSON', () => {
  it('does the same with JSON bodies and responses', async () => {
    const token = await logon(server);
    const created = await call(`${server.url}/api/security/accounts`, {
      method: 'POST',
      headers: json(token, { 'content-type': 'application/json' }),
      body: JSON.stringify({
        AccountType: 'User',
        AccountName: 'TECH\\william.fox',
        Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${ROLE.FileRestoreOperator.id}` }] },
        AllowRestoreAllVms: true,
        FlrSettings: { FlrInplaceOnly: 'true', FlrExtentionRestrictions: 'doc,pptx' },
        SqlSettings: { DenyInPlaceRestore: 'True' },
      }),
    });
    assert.equal(created.status, 201, created.text);
    const accountId = (created.headers.get('location') as string).split('/').pop() as string;

    const assign = await call(`${server.url}/api/security/accounts/${accountId}/roles`, {
      method: 'POST',
      headers: json(token, { 'content-type': 'application/json' }),
      body: JSON.stringify({ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${ROLE.VmRestoreOperator.id}` }),
    });
    assert.equal(assign.status, 201, assign.text);

    const list = await call(`${server.url}/api/security/accounts/${accountId}/roles`, { headers: json(token) });
    assert.match(list.headers.get('content-type') ?? '', /^application\/json/);
    const href = (id: string) => `${server.url}/api/security/accounts/${accountId}/roles/${id}`;
    assert.deepEqual(list.json(), {
      EnterpriseAccountInRoles: [
        { Href: href(ROLE.FileRestoreOperator.id), Links: [{ Href: href(ROLE.FileRestoreOperator.id), Rel: 'Delete' }], RoleName: 'File Restore Operator' },
        { Href: href(ROLE.VmRestoreOperator.id), Links: [{ Href: href(ROLE.VmRestoreOperator.id), Rel: 'Delete' }], RoleName: 'VM Restore Operator' },
      ],
    });

    const entity = await call(`${server.url}/api/security/accounts/${accountId}?format=Entity`, { headers: json(token) });
    const body = entity.json<Record<string, unknown>>();
    assert.equal(body['Name'], 'TECH\\william.fox');
    assert.equal(body['AllowRestoreAllVms'], true);
    assert.deepEqual(body['FlrSettings'], { FlrInplaceOnly: true, FlrExtentionRestrictions: 'doc,pptx' });
    assert.deepEqual(body['SqlSettings'], { DenyInPlaceRestore: true });

    assert.equal((await call(href(ROLE.VmRestoreOperator.id), { method: 'DELETE', headers: json(token) })).status, 204);
    const after = await call(`${server.url}/api/security/accounts/${accountId}/roles`, { headers: json(token) });
    assert.deepEqual(after.json<{ EnterpriseAccountInRoles: { RoleName: string }[] }>().EnterpriseAccountInRoles.map((r) => r.RoleName), ['File Restore Operator']);

    const del = await call(`${server.url}/api/security/accounts/${accountId}`, { method: 'DELETE', headers: json(token) });
    assert.equal(del.status, 204);
    assert.equal((await call(`${server.url}/api/security/accounts/${accountId}`, { headers: json(token) })).status, 404);
  });
});
