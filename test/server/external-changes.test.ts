// A change made beside a running SQLite server by another process (`emsec seed` on its data
// directory) reaches the server's cached reads and the live sessions' roles without a restart.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { TEST_DATABASE_URL } from '../helpers/postgres.ts';
import { runCli } from '../helpers/process.ts';
import { call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

const BOB = 'TECH\\bob';
const BOB_PASSWORD = 'Bob-Passw0rd!';

describe('changes by another process on a running SQLite server', {
  skip: TEST_DATABASE_URL ? 'runs on SQLite only: on PostgreSQL every request reads the shared state (multinode.test.ts)' : false,
}, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('reach a live session\'s roles and the account\'s roles list', async () => {
    const admin = await logon(server);
    await server.addUser(BOB, BOB_PASSWORD);
    const created = await call(`${server.url}/api/security/accounts`, {
      method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('User', BOB, [ROLE.PortalUser.id]),
    });
    assert.equal(created.status, 201, created.text);
    const rolesUrl = `${created.headers.get('location') as string}/roles`;
    const bob = await logon(server, BOB, BOB_PASSWORD);
    assert.equal((await call(`${server.url}/api/security/roles`, { headers: xml(bob) })).status, 403);
    // The administrator's read of bob's roles is now cached by the server.
    assert.equal((await call(rolesUrl, { headers: json(admin) })).json<{ EnterpriseAccountInRoles: unknown[] }>().EnterpriseAccountInRoles.length, 1);

    const seed = join(server.dataDir, 'grant.yaml');
    writeFileSync(seed, `users:\n  - name: ${BOB}\n    password: ${BOB_PASSWORD}\naccounts:\n  - name: ${BOB}\n    type: User\n    roles: [Portal User, Portal Administrator]\n`);
    const applied = await runCli(['seed', seed, '--data-dir', server.dataDir]);
    assert.equal(applied.code, 0, applied.stderr);

    const until = Date.now() + 5_000;
    let status = 0;
    while (status !== 200 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await call(`${server.url}/api/security/roles`, { headers: xml(bob) })).status;
    }
    assert.equal(status, 200, 'bob\'s session holds the role the seed granted');
    const names = (await call(`${server.url}/api/security/accounts`, { headers: json(admin) })).json<{ Refs: { Name: string; Href: string }[] }>().Refs;
    const bobsAccount = names.find((r) => r.Name === BOB);
    assert.ok(bobsAccount, 'the seeded account is listed');
    const roles = (await call(`${bobsAccount.Href}/roles`, { headers: json(admin) })).json<{ EnterpriseAccountInRoles: { RoleName: string }[] }>();
    assert.deepEqual(roles.EnterpriseAccountInRoles.map((r) => r.RoleName).sort(), ['Portal Administrator', 'Portal User']);
  });
});
