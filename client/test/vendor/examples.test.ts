// emsec-client against the product as documented: the vendor's examples (test/fixtures/reference)
// replayed over loopback HTTP as the product's JSON answers (recorded.ts), and what the client
// sends checked against the requests the same pages document, the JSON request bodies included.
// Nothing of emsec runs here: this is the proof that the client speaks the product's wire format.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { block, inline } from '../../../test/contract/reference.ts';
import { AuthenticationError, EnterpriseManager, NotFoundError } from '../../src/index.ts';
import { emctl } from '../cli/emctl.ts';
import { replay, type Replay, type Seen } from '../replay-server.ts';
import { AUTHORIZATION, LOOKUP_DC, product, TOKEN, WWW_AUTHENTICATE, type Product } from './recorded.ts';

// post_sessionmngr.md logs on as `username` with password `password` (its Basic header).
const [USER, PASSWORD] = Buffer.from(AUTHORIZATION.replace(/^Basic /, ''), 'base64').toString('utf8').split(':') as [string, string];
/** The id in the Href of the session post_sessionmngr.md creates. */
const SESSION = /logonSessions\/([0-9a-f-]{36})"/.exec(block('post_sessionmngr.md', 'xml', 0))?.[1] as string;
const WILLIAM = 'd6701c3d-15f4-421d-b376-c0e2634bc1f4';
const ACCOUNT_WITH_ONE_ROLE = 'f7d81d38-a457-4ee7-9294-a9123f8e4e99';
const jsonOf = (inlineText: string): unknown => JSON.parse(inlineText);

let rp: Replay;
let vendor: Product;
let em: EnterpriseManager;

/** The requests the client sent since `mark`, as `METHOD /path?query`. */
const sent = (from: number): Seen[] => rp.seen.slice(from);

describe('emsec-client against the vendor documented examples (replayed as the product JSON)', () => {
  before(async () => {
    vendor = product();
    rp = await replay((req) => vendor.respond(req));
    em = await EnterpriseManager.logon({ url: rp.url, user: USER, password: PASSWORD });
  });
  after(async () => {
    await em.close();
    await rp.close();
  });

  it('GET /api/: the entry point with its supported versions (get_api_root.md)', async () => {
    const info = await EnterpriseManager.info({ url: `${rp.url}/api` });
    assert.deepEqual(info.SupportedVersions?.SupportedVersions?.map((v) => v.Name), ['v1_5', 'v1_6', 'v1_7']);
    assert.ok(info.Links?.some((l) => l.Rel === 'Create' && l.Type === 'LogonSession' && l.Href.endsWith('/sessionMngr/?v=latest')));
  });

  it('logon sends the documented Basic header and keeps the documented token; whoami reads the session (post_sessionmngr.md, get_logonsessions.md)', async () => {
    const logon = rp.seen.find((s) => s.method === 'POST');
    assert.equal(logon?.url, '/api/sessionMngr/?v=latest');
    assert.equal(logon?.headers.authorization, AUTHORIZATION);
    assert.equal(logon?.headers.accept, 'application/json');
    assert.equal(em.token, TOKEN);
    assert.equal(em.session?.Type, 'LogonSession');
    assert.equal(em.session?.UserName, 'ENTERPRISE04\\Administrator');
    assert.equal(em.session?.SessionId, 'd7e68afd-cc15-4b1a-bd30-51eb309a1dab');
    assert.ok(em.session?.Links?.some((l) => l.Rel === 'Down' && l.Type === 'EnterpriseSecuritySettings'));
    const from = rp.seen.length;
    const me = await em.whoami();
    assert.equal(me.UserName, 'ENTERPRISE04\\Administrator');
    // The session is the resource its Href names (post_sessionmngr.md's id), not its SessionId's.
    assert.equal(sent(from)[0]?.url, `/api/logonSessions/${SESSION}`);
    assert.deepEqual((await em.sessions.list().toArray()).map((s) => s.SessionId), ['d7e68afd-cc15-4b1a-bd30-51eb309a1dab']);
  });

  it('a refused logon: 401 with WWW-Authenticate and no documented body is an AuthenticationError', async () => {
    assert.equal(WWW_AUTHENTICATE, 'Basic Realm=RestSvc');
    await assert.rejects(EnterpriseManager.logon({ url: rp.url, user: USER, password: 'wrong' }), (err: unknown) => {
      assert.ok(err instanceof AuthenticationError);
      assert.equal(err.status, 401);
      assert.equal(err.body.StatusCode, 401);
      return true;
    });
  });

  it('GET /security: the security settings and their links (get_security.md)', async () => {
    const s = await em.security();
    assert.equal(s.Href, 'https://localhost:9398/api/security');
    assert.deepEqual(s.Links?.map((l) => l.Rel), ['Down', 'Down', 'Create', 'Start']);
  });

  it('roles: the seven references in the documented order; one by name, any case, as its entity (get_security_roles.md)', async () => {
    const roles = await em.roles.list().toArray();
    assert.deepEqual(roles.map((r) => r.Name), [
      'Portal User', 'SQL Restore Operator', 'Oracle Restore Operator', 'File Restore Operator', 'Exchange Restore Operator', 'Portal Administrator', 'VM Restore Operator',
    ]);
    assert.ok(roles.every((r) => r.Type === 'EnterpriseRoleReference' && r.Links?.[0]?.Rel === 'Alternate'));
    const from = rp.seen.length;
    const role = await em.roles.get('exchange RESTORE operator');
    assert.equal(role.Type, 'EnterpriseRole');
    assert.equal(role.Name, 'Exchange Restore Operator');
    assert.equal(role.UID, 'urn:veeam:EnterpriseRole:f83e4c81-0815-452f-9377-9d573dd9d481');
    assert.deepEqual(sent(from).map((s) => `${s.method} ${s.url.replace(/\?.*/, '')}`), ['GET /api/security/roles', 'GET /api/security/roles/f83e4c81-0815-452f-9377-9d573dd9d481']);
    assert.equal(sent(from)[1]?.url.split('?')[1], 'format=Entity');
    assert.deepEqual(await em.roles.resolve('Portal User'), { id: 'd19a3d33-cb77-4ffe-94e6-001432483a4e', uid: 'urn:veeam:EnterpriseRole:d19a3d33-cb77-4ffe-94e6-001432483a4e', name: 'Portal User' });
  });

  it('accounts: the documented references; an account by name; the entity with its FLR and SQL settings (security_accounts.md, security_accounts_id.md)', async () => {
    const refs = await em.accounts.list().toArray();
    assert.deepEqual(refs.map((a) => a.Name), ['BUILTIN\\Administrators', 'BUILTIN\\Users', 'SRV02\\Administrator']);
    assert.equal((await em.accounts.resolve('builtin\\users')).id, 'de19303b-bcf3-428b-b113-ac0b2cf46bd7');
    const a = await em.accounts.get(WILLIAM);
    assert.equal(a.Name, 'TECH\\william.fox');
    assert.equal(a.AccountType, 'User');
    assert.equal(a.AllowRestoreAllVms, true);
    assert.deepEqual(a.FlrSettings, { FlrInplaceOnly: false, FlrExtentionRestrictions: '' });
    assert.deepEqual(a.SqlSettings, { DenyInPlaceRestore: false });
    assert.deepEqual(a.Links?.map((l) => l.Rel), ['Alternate', 'Down', 'Create', 'Down', 'Create', 'Delete', 'ToggleRestoreScopesEnabled']);
  });

  it('accounts.create sends the documented JSON body; without a Location it finds the new id by name (security_accounts.md)', async () => {
    const documented = JSON.parse(block('security_accounts.md', 'json', 0)) as { HierarchyScopeObjects: { HierarchyScopeItems: { HierarchyObjRef: string; ObjectName: string }[] } };
    const from = rp.seen.length;
    const created = await em.accounts.create({
      name: 'TECH\\william.fox', type: 'User', roles: ['File Restore Operator'], allowRestoreAllVms: false, scopes: documented.HierarchyScopeObjects.HierarchyScopeItems,
    });
    assert.deepEqual(created, { id: WILLIAM, uid: `urn:veeam:EnterpriseAccount:${WILLIAM}`, name: 'TECH\\william.fox' });
    const post = sent(from).find((s) => s.method === 'POST');
    assert.equal(post?.url, '/api/security/accounts');
    assert.equal(post?.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(post?.body ?? ''), documented);
  });

  it('toggle restore-all-VMs and delete are the documented bodiless POST and DELETE (security_accounts_id.md)', async () => {
    const id = 'fd4befd6-70c6-4b2f-a068-d1d9a61905a3';
    const from = rp.seen.length;
    await em.accounts.toggleRestoreAllVms(id);
    await em.accounts.delete(id);
    const documented = [inline('security_accounts_id.md', 'POST '), inline('security_accounts_id.md', 'DELETE ')].map((r) => r.replace('https://localhost:9398', ''));
    assert.deepEqual(sent(from).map((s) => `${s.method} ${s.url}`), documented);
    assert.ok(sent(from).every((s) => s.body === ''));
  });

  it('role assignments: list, the seed POST with the documented JSON, get and delete (security_accounts_id_roles.md)', async () => {
    assert.deepEqual((await em.assignments.list(WILLIAM).toArray()).map((r) => r.RoleName), ['File Restore Operator', 'VM Restore Operator']);
    assert.deepEqual((await em.assignments.list(ACCOUNT_WITH_ONE_ROLE).toArray()).map((r) => r.RoleName), ['File Restore Operator']);
    const from = rp.seen.length;
    await em.assignments.assign(ACCOUNT_WITH_ONE_ROLE, 'VM Restore Operator');
    const post = sent(from).find((s) => s.method === 'POST');
    assert.equal(post?.url, new URL(block('security_accounts_id_roles.md', '', 0).split('\n')[0]?.replace(/^POST /, '') as string).pathname);
    assert.deepEqual(JSON.parse(post?.body ?? ''), jsonOf(inline('security_accounts_id_roles.md', '{')));
    const held = await em.assignments.get(ACCOUNT_WITH_ONE_ROLE, 'File Restore Operator');
    assert.equal(held.RoleName, 'File Restore Operator');
    assert.equal(held.Links?.[0]?.Rel, 'Delete');
    const before = rp.seen.length;
    await em.assignments.unassign(ACCOUNT_WITH_ONE_ROLE, 'urn:veeam:EnterpriseRole:f84a8b62-49b8-4d0c-b25b-92321b52bab6');
    assert.deepEqual(sent(before).map((s) => `${s.method} ${s.url}`), [`DELETE /api/security/accounts/${ACCOUNT_WITH_ONE_ROLE}/roles/f84a8b62-49b8-4d0c-b25b-92321b52bab6`]);
  });

  it('restore scopes: list, one, add with the documented JSON, remove (security_accounts_id_scopes.md)', async () => {
    const scopes = await em.scopes.list('de19303b-bcf3-428b-b113-ac0b2cf46bd7').toArray();
    assert.deepEqual(scopes.map((s) => [s.Name, s.HierarchyRootName, s.Platform, s.HierarchyObjectType, s.State]), [['Datacenters', 'F36CBAE2-F23D-46C7-865C-3E3CCC89B197', 'VMware', 'Folder', 'Unprocessed']]);
    const one = await em.scopes.get(WILLIAM, 'db0fd3c6-5f71-44f9-9bb1-1c61fc8b9fe2');
    assert.deepEqual([one.Name, one.Platform, one.HierarchyObjectType, one.State], ['172.24.145.152', 'vCloud', 'VcdSystem', 'Processed']);
    const documented = jsonOf(inline('security_accounts_id_scopes.md', '{ "HierarchyScopeItems"')) as { HierarchyScopeItems: { HierarchyObjRef: string; ObjectName: string }[] };
    const from = rp.seen.length;
    await em.scopes.add('448744d7-d5fd-4f8a-83d2-c06e4ab796b6', documented.HierarchyScopeItems);
    assert.deepEqual(JSON.parse(sent(from)[0]?.body ?? ''), documented);
    const [, scopeUrl] = inline('security_accounts_id_scopes.md', 'DELETE ').split(' ');
    await em.scopes.remove('448744d7-d5fd-4f8a-83d2-c06e4ab796b6', '75316e14-c742-4e7e-b594-ee532ae50fe9');
    assert.equal(rp.seen.at(-1)?.url, new URL(scopeUrl as string).pathname);
  });

  it('rebuildScope sends the documented JSON and reads the Task; tasks by id (rebuildscope example, get_tasks_id.md)', async () => {
    const from = rp.seen.length;
    const task = await em.accounts.rebuildScope('Unprocessed');
    assert.deepEqual(JSON.parse(sent(from)[0]?.body ?? ''), jsonOf(inline('security_accounts_rebuildscope_and_task.md', '{')));
    assert.equal(sent(from)[0]?.url, '/api/security/accounts?action=rebuildScope');
    assert.deepEqual([task.TaskId, task.State, task.Operation, task.Result?.Success], ['task-1', 'Finished', 'StartRebuildScope', true]);
    const t2 = await em.tasks.get('task-2');
    assert.deepEqual([t2.State, t2.Result?.Success, t2.Result?.Message], ['OperationFinished', true, 'OperationFinished']);
    assert.equal((await em.tasks.get('task-3')).Result?.Message, 'Job "SQL Server Replication" triggered to start.');
  });

  it('hierarchy roots: the reference and the entity (get_hierarchyroots.md, hierarchyroots_id.md)', async () => {
    const roots = await em.hierarchyRoots.list().toArray();
    assert.deepEqual(roots.map((r) => [r.Name, r.UID, r.Type]), [['vcdev51', 'urn:veeam:HierarchyRoot:0d7ea80c-6ac8-46bf-863c-3a6093f8baec', 'HierarchyRootReference']]);
    const root = await em.hierarchyRoots.get('0d7ea80c-6ac8-46bf-863c-3a6093f8baec');
    assert.deepEqual([root.Name, root.HierarchyRootId, root.UniqueId, root.HostType], ['vcdev51', '0d7ea80c-6ac8-46bf-863c-3a6093f8baec', '09D89361-9178-4EAF-8037-E4E82B1932F0', 'VC']);
  });

  it('the lookup service, and a VM by host, name and type (lookupsvc.md, lookup_query.md)', async () => {
    const svc = await em.lookup.service();
    assert.deepEqual([svc.Type, svc.Href], ['LookupService', 'https://localhost:9398/api/lookupSvc']);
    const q = new URL(LOOKUP_DC.path, 'http://x').searchParams;
    const from = rp.seen.length;
    const found = await em.lookup.find({ host: q.get('host') as string, name: q.get('name') as string, type: q.get('type') as string });
    assert.deepEqual(found, [{ Type: 'HierarchyItem', ObjectRef: 'urn:vCloud:Vm:fa099d3b-7376-49b1-884c-bb6fa47c7b1e.urn:vcloud:vm:340be4d6-8657-4d70-92d7-41ac6298f688', ObjectType: 'Vm', ObjectName: 'DC' }]);
    assert.equal(new URL(sent(from)[0]?.url ?? '', 'http://x').pathname, '/api/lookup');
    // The host given by its bare GUID is sent as the UID the page shows.
    assert.deepEqual(await em.lookup.find({ host: 'fa099d3b-7376-49b1-884c-bb6fa47c7b1e', name: 'DC', type: 'Vm' }), found);
  });

  it('what the reference does not show is asked for nowhere: an undocumented id is a NotFoundError', async () => {
    assert.deepEqual(vendor.unanswered, []);
    await assert.rejects(em.tasks.get('task-9'), NotFoundError);
    assert.deepEqual(vendor.unanswered, ['GET /api/tasks/task-9']);
    vendor.unanswered.length = 0;
  });

  it('emctl against the same answers: login, roles list -o json, scopes list by account name, logout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emctl-vendor-'));
    try {
      const run = (args: string[], input?: string) => emctl(args, { configDir: dir, ...(input === undefined ? {} : { input }) });
      const login = await run(['login', rp.url, '--user', USER, '--password-stdin'], PASSWORD);
      assert.equal(login.code, 0, login.stderr);
      assert.match(login.stdout, /as ENTERPRISE04\\Administrator/);
      const roles = await run(['roles', 'list', '-o', 'json']);
      assert.equal(roles.code, 0, roles.stderr);
      assert.equal((JSON.parse(roles.stdout) as unknown[]).length, 7);
      const scopes = await run(['scopes', 'list', 'BUILTIN\\Users']);
      assert.equal(scopes.code, 0, scopes.stderr);
      assert.match(scopes.stdout, /^NAME\s+ROOT\s+PLATFORM\s+TYPE\s+STATE\s+ID\nDatacenters\s+F36CBAE2-F23D-46C7-865C-3E3CCC89B197\s+VMware\s+Folder\s+Unprocessed\s+bceb75f9-5c10-4f39-9eb5-c000a2fabaee\n$/);
      const logout = await run(['logout']);
      assert.equal(logout.code, 0, logout.stderr);
      assert.ok(rp.seen.some((s) => s.method === 'DELETE' && s.url === `/api/logonSessions/${SESSION}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logout ends the session with DELETE /logonSessions/{ID} (get_logonsessions.md)', async () => {
    await em.logout();
    assert.equal(rp.seen.at(-1)?.method, 'DELETE');
    assert.equal(rp.seen.at(-1)?.url, `/api/logonSessions/${SESSION}`);
    assert.equal(em.token, undefined);
  });
});
