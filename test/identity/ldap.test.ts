// LDAP logon over real HTTP against a real slapd (test/helpers/slapd.ts, fixture
// test/fixtures/ldap/directory.ldif): emsec chained as builtin,ldap with StartTLS. Logon, wrong
// and empty passwords, a locked account, group-granted and nested roles, name@suffix, accounts
// checked against the directory, renamed and removed users, and the directory down and back.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Attribute, Change } from 'ldapts';
import { ROLE } from '../../src/domain/roles.ts';
import { spawnServe } from '../helpers/process.ts';
import { ADMIN, ADMIN_PASSWORD, ManualClock, NS, accountIdByName, basic, call, createSpecXml, logon, startServer, tempDir, xml, type TestServer } from '../helpers/server.ts';
import { SERVICE_DN, SERVICE_PASSWORD, SUFFIX, describeWithSlapd, ldapOptions, startSlapd, type Slapd } from '../helpers/slapd.ts';

const PASSWORDS = ['Alice-Pw1', 'Bob-Pw1', 'Carol-Pw1', 'Dave-Pw1', 'Frank-Pw1', 'Grace-Pw1', 'Henry-Pw1', 'Service-Pw1', ADMIN_PASSWORD];

describeWithSlapd('LDAP directory over HTTP (slapd, builtin,ldap with StartTLS)', () => {
  let slapd: Slapd;
  let server: TestServer;
  let admin: string;
  /** The server's clock: a test moves it past the directory cache's time to live instead of waiting. */
  const clock = new ManualClock();

  const logonAs = (user: string, password: string) =>
    call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(user, password) } });

  const createAccount = (type: string, name: string, roles: string[]) =>
    call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml(type, name, roles) });

  /** Role ids the session holds now (the domain's own view of the session). */
  const rolesOf = async (token: string): Promise<string[]> => [...(await server.running.emsec.sessions.authenticate(token)).roles].sort();

  /** Any change to accounts or assignments: sessions re-read their roles on their next request. */
  const touchAuthz = async (): Promise<void> => {
    const id = await accountIdByName(server, admin, 'EXAMPLE\\bob');
    const grant = await call(`${server.url}/api/security/accounts/${id}/roles`, {
      method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }),
      body: `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.FileRestoreOperator.id}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`,
    });
    assert.equal(grant.status, 201, grant.text);
    assert.equal((await call(`${server.url}/api/security/accounts/${id}/roles/${ROLE.FileRestoreOperator.id}`, { method: 'DELETE', headers: xml(admin) })).status, 204);
  };

  before(async () => {
    slapd = await startSlapd();
    server = await startServer({ ...ldapOptions(slapd), clock });
    admin = await logon(server);
    for (const [type, name, role] of [
      ['Group', 'EXAMPLE\\emsec-admins', ROLE.PortalAdministrator.id],
      ['Group', 'EXAMPLE\\restore-ops', ROLE.VmRestoreOperator.id],
      ['Group', 'EXAMPLE\\loop-b', ROLE.PortalUser.id],
      ['User', 'EXAMPLE\\bob', ROLE.PortalUser.id],
    ] as const) {
      const res = await createAccount(type, name, [role]);
      assert.equal(res.status, 201, `${name}: ${res.text}`);
    }
  });
  after(async () => {
    await server?.close();
    await slapd?.close();
  });

  it('logs on a directory user whose group holds Portal Administrator', async () => {
    const res = await logonAs('EXAMPLE\\alice', 'Alice-Pw1');
    assert.equal(res.status, 201, res.text);
    const token = res.headers.get('x-restsvcsessionid') as string;
    assert.match(res.text, /UserName>EXAMPLE\\alice</);
    assert.deepEqual(await rolesOf(token), [ROLE.PortalAdministrator.id]);
    assert.equal((await call(`${server.url}/api/security/accounts`, { headers: xml(token) })).status, 200);
  });

  it('refuses a wrong password, an empty one, an unknown user and another domain alike (401)', async () => {
    for (const [user, password] of [['EXAMPLE\\alice', 'wrong'], ['EXAMPLE\\alice', ''], ['EXAMPLE\\nobody', 'Alice-Pw1'], ['OTHER\\alice', 'Alice-Pw1'], ['EXAMPLE\\al*', 'Alice-Pw1']]) {
      const res = await logonAs(user as string, password as string);
      assert.equal(res.status, 401, `${user}/${password}`);
      assert.match(res.text, /StatusCode="401"/);
    }
  });

  it('refuses a locked account with its right password, and lets it in once unlocked', async () => {
    assert.equal((await logonAs('EXAMPLE\\dave', 'Dave-Pw1')).status, 401);
    const client = await slapd.admin();
    try {
      await client.modify(`uid=dave,ou=people,${SUFFIX}`, new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdAccountLockedTime' }) }));
    } finally {
      await client.unbind();
    }
    assert.equal((await logonAs('EXAMPLE\\dave', 'Dave-Pw1')).status, 201, 'the lock, not the password, refused dave');
  });

  it('grants a user account its own roles (Portal User: no /security)', async () => {
    const token = await logon(server, 'EXAMPLE\\bob', 'Bob-Pw1');
    assert.deepEqual(await rolesOf(token), [ROLE.PortalUser.id]);
    assert.equal((await call(`${server.url}/api/security`, { headers: xml(token) })).status, 403);
  });

  it('grants roles through nested groups (carol: tier1 in restore-staff in restore-ops)', async () => {
    const token = await logon(server, 'EXAMPLE\\carol', 'Carol-Pw1');
    assert.deepEqual(await rolesOf(token), [ROLE.VmRestoreOperator.id]);
  });

  it('walks a membership cycle to its end (ivan: loop-a and loop-b contain each other)', async () => {
    const token = await logon(server, 'EXAMPLE\\ivan', 'Ivan-Pw1');
    assert.deepEqual(await rolesOf(token), [ROLE.PortalUser.id]);
  });

  it('a directory user with no account, own or through a group, cannot log on', async () => {
    assert.equal((await logonAs('EXAMPLE\\erin', 'Erin-Pw1')).status, 401);
  });

  it('resolves name@suffix by the login name (the UPN suffix) or by mail, never a shared mail', async () => {
    for (const name of ['frank@example.test', 'frank.m@partner.test', 'example\\FRANK']) {
      const res = await logonAs(name, 'Frank-Pw1');
      assert.equal(res.status, 201, name);
      assert.match(res.text, /UserName>EXAMPLE\\frank</, name);
    }
    assert.equal((await logonAs('twins@example.org', 'Judy-Pw1')).status, 401);
  });

  it('checks new User and Group accounts against the directory and keeps its spelling', async () => {
    const user = await createAccount('User', 'example\\ERIN', [ROLE.PortalUser.id]);
    assert.equal(user.status, 201, user.text);
    await accountIdByName(server, admin, 'EXAMPLE\\erin');
    assert.equal((await logonAs('EXAMPLE\\erin', 'Erin-Pw1')).status, 201);
    const missing = await createAccount('User', 'EXAMPLE\\nobody', [ROLE.PortalUser.id]);
    assert.equal(missing.status, 400);
    assert.match(missing.text, /not found in the directory/);
    assert.equal((await createAccount('Group', 'EXAMPLE\\tier1', [ROLE.PortalUser.id])).status, 201);
    assert.equal((await createAccount('Group', 'EXAMPLE\\no-such-group', [ROLE.PortalUser.id])).status, 400);
  });

  it('suggests directory names by their start, from LDAP and the built-in directory (GET /emsec/directory)', async () => {
    const suggest = async (text: string, limit = 20) => {
      const res = await call(`${server.url}/emsec/directory?search=${encodeURIComponent(text)}&limit=${limit}`, { headers: { 'x-restsvcsessionid': admin, accept: 'application/json' } });
      assert.equal(res.status, 200, res.text);
      return res.json<{ entries: { name: string; kind: string }[] }>().entries;
    };
    assert.deepEqual(await suggest('example\\JU'), [{ name: 'EXAMPLE\\judy', kind: 'User' }, { name: 'EXAMPLE\\judy2', kind: 'User' }]);
    assert.deepEqual(await suggest('restore-'), [{ name: 'EXAMPLE\\restore-ops', kind: 'Group' }, { name: 'EXAMPLE\\restore-staff', kind: 'Group' }]);
    assert.deepEqual(await suggest('loop', 1), [{ name: 'EXAMPLE\\loop-a', kind: 'Group' }]);
    assert.deepEqual(await suggest('EMSEC\\adm'), [{ name: 'EMSEC\\Administrator', kind: 'User' }]);
    assert.deepEqual(await suggest('OTHER\\ju'), []);
    // Filter metacharacters are searched for, not obeyed.
    assert.deepEqual(await suggest('*)(uid=*'), []);
  });

  it('follows a renamed user: the old name stops working, the new one keeps its groups', async () => {
    const old = await logon(server, 'EXAMPLE\\grace', 'Grace-Pw1');
    const client = await slapd.admin();
    try {
      await client.modifyDN(`uid=grace,ou=people,${SUFFIX}`, 'uid=gracie');
      // slapd's refint overlay renames the member values in groups a moment later, in the background.
      for (let i = 0; i < 100; i++) {
        const { searchEntries } = await client.search(`cn=tier1,ou=groups,${SUFFIX}`, { scope: 'base', filter: `(member=uid=gracie,ou=people,${SUFFIX})`, attributes: ['1.1'] });
        if (searchEntries.length > 0) break;
        await sleep(20);
      }
    } finally {
      await client.unbind();
    }
    assert.equal((await logonAs('EXAMPLE\\grace', 'Grace-Pw1')).status, 401);
    const renamed = await logonAs('EXAMPLE\\gracie', 'Grace-Pw1');
    assert.equal(renamed.status, 201, renamed.text);
    // restore-ops (through tier1, whose member value slapd's refint overlay renamed too).
    assert.ok((await rolesOf(renamed.headers.get('x-restsvcsessionid') as string)).includes(ROLE.VmRestoreOperator.id));
    // The session under the old name ends once roles are re-read after the cache's time to live.
    clock.advance(350);
    await touchAuthz();
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(old) })).status, 401);
  });

  it('forgets a removed user: no logon, no new account, and the live session ends', async () => {
    const live = await logon(server, 'EXAMPLE\\henry', 'Henry-Pw1');
    const client = await slapd.admin();
    try {
      await client.del(`uid=henry,ou=people,${SUFFIX}`);
    } finally {
      await client.unbind();
    }
    assert.equal((await logonAs('EXAMPLE\\henry', 'Henry-Pw1')).status, 401);
    // Lookups are cached for the time to live (300 ms here): after it, henry is gone for good.
    clock.advance(350);
    assert.equal((await createAccount('User', 'EXAMPLE\\henry', [ROLE.PortalUser.id])).status, 400);
    await touchAuthz();
    assert.equal((await call(`${server.url}/api/logonSessions`, { headers: xml(live) })).status, 401);
  });

  it('directory down: logon answers 503 at once, sessions and built-in users keep working; then it recovers', async () => {
    const alice = await logon(server, 'EXAMPLE\\alice', 'Alice-Pw1');
    await slapd.stop();
    try {
      const started = Date.now();
      const refused = await logonAs('EXAMPLE\\alice', 'Alice-Pw1');
      assert.equal(refused.status, 503, refused.text);
      assert.match(refused.text, /<Error [^>]*Message="The directory cannot be reached right now; try again later\."[^>]*StatusCode="503"/);
      assert.ok(Date.now() - started < 1_000, 'answered within the timeout');
      // Roles are re-read (cache expired, authorization changed): the last known groups stand.
      clock.advance(350);
      await touchAuthz();
      assert.equal((await call(`${server.url}/api/security/accounts`, { headers: xml(alice) })).status, 200);
      assert.deepEqual(await rolesOf(alice), [ROLE.PortalAdministrator.id]);
      // Built-in users do not need the directory.
      assert.equal((await logonAs(ADMIN, ADMIN_PASSWORD)).status, 201);
      // A new account for a directory user cannot be checked now.
      assert.equal((await createAccount('User', 'EXAMPLE\\judy', [ROLE.PortalUser.id])).status, 503);
    } finally {
      await slapd.start();
    }
    const back = await logonAs('EXAMPLE\\alice', 'Alice-Pw1');
    assert.equal(back.status, 201, back.text);
    assert.equal((await call(`${server.url}/api/security/accounts`, { headers: xml(alice) })).status, 200);
  });

  it('emsec serve takes the directory from its environment (password from a file) and logs on directory users', async () => {
    const dataDir = tempDir();
    const passwordFile = join(dataDir, 'ldap-bind-password');
    writeFileSync(passwordFile, `${SERVICE_PASSWORD}\n`, { mode: 0o600 });
    const serve = await spawnServe(dataDir, {
      EMSEC_ADMIN_PASSWORD: ADMIN_PASSWORD, EMSEC_LOG_LEVEL: 'info',
      EMSEC_DIRECTORY: `builtin,${slapd.url}`, EMSEC_LDAP_STARTTLS: 'true', EMSEC_LDAP_CA_FILE: slapd.caFile,
      EMSEC_LDAP_PRESET: 'openldap', EMSEC_LDAP_DOMAIN: 'EXAMPLE', EMSEC_LDAP_USER_BASE: `ou=people,${SUFFIX}`, EMSEC_LDAP_GROUP_BASE: `ou=groups,${SUFFIX}`,
      EMSEC_LDAP_BIND_DN: SERVICE_DN, EMSEC_LDAP_BIND_PASSWORD_FILE: passwordFile, EMSEC_LDAP_TIMEOUT: '2',
    });
    try {
      const adminLogon = await call(`${serve.httpUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } });
      const token = adminLogon.headers.get('x-restsvcsessionid') as string;
      const created = await call(`${serve.httpUrl}/api/security/accounts`, {
        method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: createSpecXml('Group', 'EXAMPLE\\emsec-admins', [ROLE.PortalAdministrator.id]),
      });
      assert.equal(created.status, 201, created.text);
      const alice = await call(`${serve.httpUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic('alice@example.org', 'Alice-Pw1') } });
      assert.equal(alice.status, 401, 'no --ldap-upn-suffix: alice@example.org is looked for by mail only');
      const byName = await call(`${serve.httpUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic('EXAMPLE\\alice', 'Alice-Pw1') } });
      assert.equal(byName.status, 201, byName.text);
      assert.ok(!serve.output().includes(SERVICE_PASSWORD) && !serve.output().includes('Alice-Pw1'));
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('logs the outage for the operator and never a password', () => {
    const logs = server.logs();
    assert.match(logs, /directory: ldap:\/\/127\.0\.0\.1:\d+ cannot be reached/);
    for (const password of PASSWORDS) assert.ok(!logs.includes(password), `a password appears in the log: ${password}`);
  });
});
