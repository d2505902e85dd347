// /security/accounts: create (name rules, directory, duplicates), read as Ref or Entity, delete.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../../src/domain/roles.ts';
import { ADMIN, NS, accountIdByName, call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../../helpers/server.ts';

let server: TestServer;
let token: string;
before(async () => {
  server = await startServer();
  await server.addUser('VEEAM\\User', 'User-Passw0rd');
  await server.addUser('TECH\\mary.smith', 'Mary-Passw0rd');
  token = await logon(server);
});
after(() => server.close());

const create = (body: string, contentType = 'application/xml') =>
  call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(token, { 'content-type': contentType }), body });

describe('POST /security/accounts', () => {
  it('accepts the vendor Example 1 verbatim', async () => {
    const body = '<?xml version="1.0" encoding="utf-8"?> <EnterpriseAccountCreateSpec xmlns="http://www.veeam.com/ent/v1.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">   <AccountType>User</AccountType>   <AccountName>VEEAM\\User</AccountName>   <Roles>     <EnterpriseRole>       <EnterpriseRoleUid>urn:veeam:EnterpriseRole:f84a8b62-49b8-4d0c-b25b-92321b52bab6</EnterpriseRoleUid>     </EnterpriseRole>    </Roles>   <AllowRestoreAllVms>true</AllowRestoreAllVms> </EnterpriseAccountCreateSpec>';
    const res = await create(body);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.text, '');
    const id = await accountIdByName(server, token, 'VEEAM\\User');
    assert.equal(res.headers.get('location'), `${server.url}/api/security/accounts/${id}`);
  });

  it('accepts the vendor Example 2 (restricted scope) verbatim', async () => {
    const body = '<?xml version="1.0" encoding="utf-8"?> <EnterpriseAccountCreateSpec xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.veeam.com/ent/v1.0">   <AccountType>User</AccountType>   <AccountName>TECH\\mary.smith</AccountName>   <Roles>     <EnterpriseRole>       <EnterpriseRoleUid>urn:veeam:EnterpriseRole:f84a8b62-49b8-4d0c-b25b-92321b52bab6</EnterpriseRoleUid>     </EnterpriseRole>   </Roles>   <AllowRestoreAllVms>false</AllowRestoreAllVms>   <HierarchyScopeObjects>      <HierarchyScopeItem>       <HierarchyObjRef>urn:NasBackup:FileServer:541178f4-5335-46cb-b7bc-8fbb4a944307.541178f4-5335-46cb-b7bc-8fbb4a944307</HierarchyObjRef>       <ObjectName>\\\\enterprise05.tech.local\\SMB Share</ObjectName>      </HierarchyScopeItem>   </HierarchyScopeObjects> </EnterpriseAccountCreateSpec>';
    const res = await create(body);
    assert.equal(res.status, 201, res.text);
    const id = await accountIdByName(server, token, 'TECH\\mary.smith');
    const entity = await call(`${server.url}/api/security/accounts/${id}?format=Entity`, { headers: json(token) });
    assert.equal(entity.json()['AllowRestoreAllVms'], false);
  });

  const refused: [string, string, RegExp][] = [
    ['a duplicate account (any case)', createSpecXml('User', 'veeam\\user', [ROLE.PortalUser.id]), /Account 'VEEAM\\User' already exists/],
    ['a User missing from the directory', createSpecXml('User', 'TECH\\ghost', [ROLE.PortalUser.id]), /User 'TECH\\ghost' was not found in the directory/],
    ['a Group missing from the directory', createSpecXml('Group', 'TECH\\ghosts', [ROLE.PortalUser.id]), /Group 'TECH\\ghosts' was not found/],
    ['a User name without a domain', createSpecXml('User', 'mary', [ROLE.PortalUser.id]), /expected DOMAIN\\name/],
    ['an ExternalUser name without a suffix', createSpecXml('ExternalUser', 'TECH\\mary', [ROLE.PortalUser.id]), /expected name@suffix/],
    ['no roles', createSpecXml('ExternalUser', 'mary@tech.local', []), /at least one role/],
    ['an unknown role', createSpecXml('ExternalUser', 'mary@tech.local', ['11111111-2222-4333-8444-555555555555']), /does not exist/],
    ['restricted restore without scope objects', createSpecXml('ExternalUser', 'mary@tech.local', [ROLE.PortalUser.id], false), /HierarchyScopeObjects must name at least one object/],
    ['an unknown account type', createSpecXml('Robot', 'mary@tech.local', [ROLE.PortalUser.id]), /Element 'EnterpriseAccountCreateSpec\/AccountType' has invalid value 'Robot'/],
    ['elements out of schema order', `<EnterpriseAccountCreateSpec xmlns="${NS}"><AccountName>a@b</AccountName><AccountType>ExternalUser</AccountType></EnterpriseAccountCreateSpec>`, /Unexpected element 'AccountName' in 'EnterpriseAccountCreateSpec'; expecting 'AccountType'/],
    ['an element after its successor', `<EnterpriseAccountCreateSpec xmlns="${NS}"><AccountType>ExternalUser</AccountType><AccountName>a@b</AccountName><AllowRestoreAllVms>true</AllowRestoreAllVms><Roles/></EnterpriseAccountCreateSpec>`, /Unexpected element 'AllowRestoreAllVms'[^"]*expecting 'Roles'/],
  ];
  for (const [what, body, message] of refused) {
    it(`answers 400 for ${what}`, async () => {
      const res = await create(body);
      assert.equal(res.status, 400, res.text);
      assert.match(res.text, message);
    });
  }

  it('creates External accounts without a directory lookup', async () => {
    assert.equal((await create(createSpecXml('ExternalUser', 'mary@tech.local', [ROLE.PortalUser.id]))).status, 201);
    assert.equal((await create(createSpecXml('ExternalGroup', 'Restore Team', [ROLE.VmRestoreOperator.id]))).status, 201);
  });
});

describe('GET /security/accounts and /{ID}', () => {
  it('lists references in creation order, with the default accounts first', async () => {
    const res = await call(`${server.url}/api/security/accounts`, { headers: json(token) });
    const names = res.json<{ Refs: { Name: string }[] }>().Refs.map((r) => r.Name);
    assert.deepEqual(names.slice(0, 3), ['BUILTIN\\Administrators', 'BUILTIN\\Users', ADMIN]);
    assert.ok(names.includes('VEEAM\\User'));
  });

  it('returns a reference by default, the entity with format=Entity, and 400 for another format', async () => {
    const id = await accountIdByName(server, token, 'VEEAM\\User');
    const ref = await call(`${server.url}/api/security/accounts/${id}`, { headers: xml(token) });
    assert.match(ref.text, /<EntityRef [^>]*Type="EnterpriseAccountReference"/);
    const entity = await call(`${server.url}/api/security/accounts/${id.toUpperCase()}?format=Entity`, { headers: xml(token) });
    assert.equal(entity.status, 200);
    assert.match(entity.text, /<Link Href="[^"]+\/security\/accounts\/[0-9a-f-]+" Rel="ToggleRestoreScopesEnabled" \/>/);
    const bad = await call(`${server.url}/api/security/accounts/${id}?format=Full`, { headers: xml(token) });
    assert.equal(bad.status, 400);
  });

  it('returns roles as references and entities', async () => {
    const ref = await call(`${server.url}/api/security/roles/${ROLE.ExchangeRestoreOperator.id}`, { headers: xml(token) });
    assert.match(ref.text, /<EntityRef [^>]*UID="urn:veeam:EnterpriseRole:f83e4c81-0815-452f-9377-9d573dd9d481" Name="Exchange Restore Operator" Href="[^"]+" Type="EnterpriseRoleReference"><Links><Link Href="[^"]+\?format=Entity" Type="EnterpriseRole" Rel="Alternate" \/><\/Links><\/EntityRef>$/);
    const entity = await call(`${server.url}/api/security/roles/${ROLE.ExchangeRestoreOperator.id}?format=Entity`, { headers: json(token) });
    assert.equal(entity.json()['Type'], 'EnterpriseRole');
    const list = await call(`${server.url}/api/security/roles`, { headers: json(token) });
    assert.deepEqual(list.json<{ Refs: { Name: string }[] }>().Refs.map((r) => r.Name), [
      'Portal User', 'SQL Restore Operator', 'Oracle Restore Operator', 'File Restore Operator', 'Exchange Restore Operator', 'Portal Administrator', 'VM Restore Operator',
    ]);
    assert.equal((await call(`${server.url}/api/security/roles/11111111-2222-4333-8444-555555555555`, { headers: xml(token) })).status, 404);
  });
});

describe('DELETE /security/accounts/{ID}', () => {
  it('deletes an account and its assignments; 404 afterwards', async () => {
    const id = await accountIdByName(server, token, 'mary@tech.local');
    assert.equal((await call(`${server.url}/api/security/accounts/${id}`, { method: 'DELETE', headers: xml(token) })).status, 204);
    assert.equal((await call(`${server.url}/api/security/accounts/${id}/roles`, { headers: xml(token) })).status, 404);
    assert.equal((await call(`${server.url}/api/security/accounts/${id}`, { method: 'DELETE', headers: xml(token) })).status, 404);
  });

  it('never deletes the last account holding Portal Administrator', async () => {
    const group = await accountIdByName(server, token, 'BUILTIN\\Administrators');
    const admin = await accountIdByName(server, token, ADMIN);
    assert.equal((await call(`${server.url}/api/security/accounts/${group}`, { method: 'DELETE', headers: xml(token) })).status, 204);
    const last = await call(`${server.url}/api/security/accounts/${admin}`, { method: 'DELETE', headers: xml(token) });
    assert.equal(last.status, 400);
    assert.match(last.text, /last account with the Portal Administrator role/);
    assert.equal((await call(`${server.url}/api/security`, { headers: xml(token) })).status, 200);
  });
});
