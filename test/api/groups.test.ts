// Groups: a group account grants its roles to every member; a member's live session gains and
// loses them on its next request; a user with no account at all cannot log on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { NS, accountIdByName, basic, call, createSpecXml, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let admin: string;
before(async () => {
  server = await startServer();
  await server.addUser('TECH\\member', 'Member-Passw0rd', ['TECH\\Helpdesk']);
  admin = await logon(server);
});
after(() => server.close());

describe('group accounts', () => {
  it('a member without any account cannot log on', async () => {
    const res = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic('TECH\\member', 'Member-Passw0rd') } });
    assert.equal(res.status, 401);
  });

  it('a group grants a role; the member session gains and loses it on its next request', async () => {
    const created = await call(`${server.url}/api/security/accounts`, {
      method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('Group', 'TECH\\Helpdesk', [ROLE.PortalUser.id]),
    });
    assert.equal(created.status, 201, created.text);
    const groupId = await accountIdByName(server, admin, 'TECH\\Helpdesk');
    const member = await logon(server, 'TECH\\member', 'Member-Passw0rd');
    assert.equal((await call(`${server.url}/api/security`, { headers: xml(member) })).status, 403);
    assert.equal((await call(`${server.url}/api/hierarchyRoots`, { headers: xml(member) })).status, 200);

    const grant = await call(`${server.url}/api/security/accounts/${groupId}/roles`, {
      method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }),
      body: `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.PortalAdministrator.id}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`,
    });
    assert.equal(grant.status, 201);
    assert.equal((await call(`${server.url}/api/security`, { headers: xml(member) })).status, 200, 'gained');

    const revoke = await call(`${server.url}/api/security/accounts/${groupId}/roles/${ROLE.PortalAdministrator.id}`, { method: 'DELETE', headers: xml(admin) });
    assert.equal(revoke.status, 204);
    assert.equal((await call(`${server.url}/api/security`, { headers: xml(member) })).status, 403, 'lost');

    // Deleting the group's account leaves the member with no role: the session ends.
    assert.equal((await call(`${server.url}/api/security/accounts/${groupId}`, { method: 'DELETE', headers: xml(admin) })).status, 204);
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(member) })).status, 401);
  });

  it('own and group accounts add up', async () => {
    await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('Group', 'TECH\\Helpdesk', [ROLE.VmRestoreOperator.id]) });
    await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('User', 'TECH\\member', [ROLE.PortalUser.id]) });
    const member = await logon(server, 'TECH\\member', 'Member-Passw0rd');
    const session = await call(`${server.url}/api/logonSessions`, { headers: xml(member) });
    assert.equal(session.status, 200);
    assert.equal((await call(`${server.url}/api/hierarchyRoots`, { headers: xml(member) })).status, 200, 'Portal User from the own account');
    assert.equal((await call(`${server.url}/api/tasks`, { headers: xml(member) })).status, 200);
  });
});
