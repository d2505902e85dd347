// emctl end to end against a running emsec (server default XML, client JSON): every form of
// the issue, -o json parsed back, exit codes, the kept session (0600, ended by logout), expiry.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, raw, startServer, type TestServer } from '../helpers.ts';
import { emctl as run, type Run } from './emctl.ts';

let server: TestServer;
let dir: string;
const emctl = (args: string[], extra: { input?: string; env?: Record<string, string> } = {}): Promise<Run> => run(args, { configDir: dir, ...extra });
const login = (url = server.url): Promise<Run> => emctl(['login', url, '--user', ADMIN, '--password-stdin'], { input: `${ADMIN_PASSWORD}\n` });
const saved = (): { token: string; session: { SessionId: string } } => JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as { token: string; session: { SessionId: string } };
const ok = (r: Run): Run => (assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}${r.stdout}`), r);
const json = <T>(r: Run): T => JSON.parse(ok(r).stdout) as T;

describe('emctl against emsec', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    await server.addUser('TECH\\mary', 'Mary-Passw0rd!1');
    dir = join(mkdtempSync(join(tmpdir(), 'emctl-')), 'config');
  });
  after(async () => {
    await server.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('login --password-stdin keeps the session in a 0600 file; whoami reads it (table and json)', async () => {
    assert.match(ok(await login(`${server.url}/api`)).stdout, /Logged on to .* as EMSEC\\Administrator/);
    const st = statSync(join(dir, 'session.json'));
    assert.equal(st.mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o077, 0);
    assert.doesNotMatch(readFileSync(join(dir, 'session.json'), 'utf8'), new RegExp(ADMIN_PASSWORD.replace(/[!]/g, '\\$&')), 'no password kept');
    assert.match(ok(await emctl(['whoami'])).stdout, /user:\s+EMSEC\\Administrator/);
    const me = json<{ url: string; session: { UserName: string; SessionId: string } }>(await emctl(['whoami', '-o', 'json']));
    assert.equal(me.session.UserName, ADMIN);
    assert.equal(me.url, `${server.url}/api`);
    assert.equal((await raw(server, saved().token, 'GET', '/security')).status, 200);
  });

  it('roles list, table and json', async () => {
    assert.match(ok(await emctl(['roles', 'list'])).stdout, /^NAME\s+ID\n(?:.*\n)*File Restore Operator\s+f84a8b62-49b8-4d0c-b25b-92321b52bab6\n/m);
    const roles = json<{ Name: string; UID: string }[]>(await emctl(['roles', 'list', '-o', 'json']));
    assert.equal(roles.length, 7);
    assert.ok(roles.some((r) => r.Name === 'VM Restore Operator' && r.UID === 'urn:veeam:EnterpriseRole:c11c0c38-ba8b-49c7-bf70-fc2058fff1e2'));
  });

  it('accounts add prints the id; show has roles and scopes; assign and unassign by names', async () => {
    const id = ok(await emctl(['accounts', 'add', 'TECH\\mary', '--type', 'User', '--role', 'file restore operator', '--role', 'Portal User', '--all-vms'])).stdout.trim();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    ok(await emctl(['roles', 'assign', 'tech\\MARY', 'VM Restore Operator']));
    const shown = json<{ account: { Name: string; UID: string; AllowRestoreAllVms: boolean }; roles: { RoleName: string }[]; scopes: unknown[] }>(await emctl(['accounts', 'show', id, '-o', 'json']));
    assert.equal(shown.account.Name, 'TECH\\mary');
    assert.equal(shown.account.UID, `urn:veeam:EnterpriseAccount:${id}`);
    assert.deepEqual(shown.roles.map((r) => r.RoleName).sort(), ['File Restore Operator', 'Portal User', 'VM Restore Operator']);
    assert.deepEqual(shown.scopes, []);
    ok(await emctl(['roles', 'unassign', 'TECH\\mary', 'urn:veeam:EnterpriseRole:d19a3d33-cb77-4ffe-94e6-001432483a4e']));
    const table = ok(await emctl(['accounts', 'show', 'TECH\\mary'])).stdout;
    assert.match(table, /roles:\s+File Restore Operator, VM Restore Operator|roles:\s+VM Restore Operator, File Restore Operator/);
  });

  it('a refused assignment exits 1 with the server message on stderr', async () => {
    const r = await emctl(['roles', 'assign', 'TECH\\mary', 'VM Restore Operator']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, "emctl: Account 'TECH\\mary' already has the role 'VM Restore Operator'.\n");
    assert.equal(r.stdout, '');
    const unknown = await emctl(['roles', 'assign', 'TECH\\nobody', 'VM Restore Operator']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No account is named 'TECH\\nobody'/);
  });

  it('accounts list pages over more than one page; --filter; -o json parsed back', async () => {
    for (let i = 0; i < 5; i++) ok(await emctl(['accounts', 'add', `Group ${i}`, '--type', 'ExternalGroup', '--role', 'Portal User', '--all-vms', '-o', 'json']));
    const all = json<{ Name: string }[]>(await emctl(['accounts', 'list', '-o', 'json']));
    const paged = json<{ Name: string }[]>(await emctl(['accounts', 'list', '--page-size', '2', '-o', 'json']));
    assert.ok(all.length >= 9, String(all.length));
    assert.deepEqual(paged.map((a) => a.Name), all.map((a) => a.Name));
    const groups = json<{ Name: string; AccountType: string }[]>(await emctl(['accounts', 'list', '--filter', 'AccountType==ExternalGroup', '-o', 'json']));
    assert.deepEqual(groups.map((a) => a.Name), ['Group 0', 'Group 1', 'Group 2', 'Group 3', 'Group 4']);
    const table = ok(await emctl(['accounts', 'list', '--filter', 'Name=="Group 1"'])).stdout.split('\n');
    assert.match(table[0] ?? '', /^NAME\s+TYPE\s+ALL VMS\s+ID$/);
    assert.match(table[1] ?? '', /^Group 1\s+ExternalGroup\s+true\s+[0-9a-f-]{36}$/);
  });

  it('accounts add with scopes, scopes list, accounts remove', async () => {
    const made = json<{ id: string }>(await emctl(['accounts', 'add', 'Restorers', '--type', 'ExternalGroup', '--role', 'VM Restore Operator',
      '--scope', 'urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-7870=VM01', '-o', 'json']));
    const scopes = json<{ Name: string; HierarchyRootName: string }[]>(await emctl(['scopes', 'list', 'Restorers', '-o', 'json']));
    assert.deepEqual(scopes.map((s) => s.Name), ['VM01']);
    assert.match(ok(await emctl(['scopes', 'list', made.id])).stdout, /^NAME\s+ROOT\s+PLATFORM\s+TYPE\s+STATE\s+ID\nVM01\s+vcprod\.tech\.local\s+VMware\s+/);
    assert.match(ok(await emctl(['accounts', 'remove', 'Restorers'])).stdout, /Removed Restorers/);
    const gone = await emctl(['accounts', 'show', made.id]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /not found/i);
    const noScope = await emctl(['accounts', 'add', 'Nobody', '--type', 'ExternalGroup', '--role', 'Portal User']);
    assert.equal(noScope.code, 1, 'without --all-vms or --scope the server refuses');
    assert.match(noScope.stderr, /HierarchyScopeObjects/);
  });

  it('a session gone on the server: exit 3, or a new logon when EMCTL_PASSWORD is set', async () => {
    const before = saved();
    assert.equal((await raw(server, before.token, 'DELETE', `/logonSessions/${before.session.SessionId}`)).status, 204);
    const r = await emctl(['roles', 'list']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /session is gone.*emctl login/);
    ok(await emctl(['roles', 'list'], { env: { EMCTL_PASSWORD: ADMIN_PASSWORD } }));
    const after = saved();
    assert.notEqual(after.token, before.token, 'the renewed session is kept');
    assert.equal(statSync(join(dir, 'session.json')).mode & 0o777, 0o600);
    ok(await emctl(['whoami']));
  });

  it('logout ends the session on the server and removes the file; then exit 3', async () => {
    const { token } = saved();
    assert.match(ok(await emctl(['logout'])).stdout, /Logged out/);
    assert.equal(existsSync(join(dir, 'session.json')), false);
    assert.equal((await raw(server, token, 'GET', '/security')).status, 401);
    for (const args of [['whoami'], ['logout'], ['accounts', 'list']]) {
      const r = await emctl(args);
      assert.equal(r.code, 3, args.join(' '));
      assert.match(r.stderr, /Not logged on/);
    }
  });

  it('login refusals: a wrong password exits 1 with the server message; no password source exits 2', async () => {
    const wrong = await emctl(['login', server.url, '--user', ADMIN, '--password-stdin'], { input: 'nope\n' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^emctl: .+/);
    assert.equal(existsSync(join(dir, 'session.json')), false);
    const none = await emctl(['login', server.url, '--user', ADMIN]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--password-stdin.*EMCTL_PASSWORD/);
    ok(await emctl(['login', server.url, '--user', ADMIN], { env: { EMCTL_PASSWORD: ADMIN_PASSWORD } }));
    ok(await emctl(['logout']));
  });

  it('TLS: an untrusted certificate is refused without --insecure or --ca-file', async () => {
    const refused = await login(server.httpsUrl);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /certificate/i);
    ok(await emctl(['login', server.httpsUrl, '--user', ADMIN, '--password-stdin', '--insecure'], { input: ADMIN_PASSWORD }));
    ok(await emctl(['roles', 'list']));
    ok(await emctl(['login', server.httpsUrl, '--user', ADMIN, '--password-stdin', '--ca-file', join(server.dataDir, 'tls', 'cert.pem')], { input: ADMIN_PASSWORD }));
    assert.equal(json<{ length: number }>(await emctl(['roles', 'list', '-o', 'json'])).length, 7);
    ok(await emctl(['logout']));
  });
});
