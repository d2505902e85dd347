// Request bodies read as the product's .NET data-contract serializers read them: unknown JSON
// members and XML elements (and elements of other namespaces) are ignored, with a warning in the
// log naming them; one object where a list is expected is a list of one (post_security_accounts.md
// writes `"HierarchyScopeItem": {…}`). `--strict-bodies` refuses all of that with a 400 naming it.
// Element order stays significant in both modes. XML and JSON.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { NS, accountIdByName, call, logon, startServer, type TestServer } from '../helpers/server.ts';

const VM = `urn:veeam:EnterpriseRole:${ROLE.VmRestoreOperator.id}`;
const VM01 = 'urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-7870';
const SQLSRV = 'urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-15309';

interface Fixture { server: TestServer; token: string; roles: string }

async function fixture(strictBodies: boolean): Promise<Fixture> {
  const server = await startServer({ strictBodies });
  const token = await logon(server);
  return { server, token, roles: `${server.url}/api/security/accounts/${await accountIdByName(server, token, 'BUILTIN\\Users')}/roles` };
}

async function post(f: Fixture, url: string, body: string, type: string): Promise<{ status: number; message: string }> {
  const res = await call(url, { method: 'POST', headers: { 'x-restsvcsessionid': f.token, 'content-type': type, accept: 'application/json' }, body });
  if (res.status === 201 && url === f.roles) {
    assert.equal((await call(`${f.roles}/${ROLE.VmRestoreOperator.id}`, { method: 'DELETE', headers: { 'x-restsvcsessionid': f.token } })).status, 204);
  }
  return { status: res.status, message: res.status >= 400 ? res.json<{ Message: string }>().Message : '' };
}

/** [what, body, content type, the name the log or the error must carry] */
const UNKNOWN: [string, string, string, string][] = [
  ['XML: an unknown element after the last one', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>${VM}</EnterpriseRoleUid><Comment>from a newer client</Comment></EnterpriseAccountInRoleCreateSpec>`, 'application/xml', 'Comment'],
  ['XML: an unknown element before a known one', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><RequestedBy>ops</RequestedBy><EnterpriseRoleUid>${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, 'application/xml', 'RequestedBy'],
  ['XML: an element of another namespace', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}" xmlns:x="urn:x"><x:Trace>1</x:Trace><EnterpriseRoleUid>${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, 'application/xml', 'Trace'],
  ['JSON: an unknown member', JSON.stringify({ EnterpriseRoleUid: VM, Comment: 'from a newer client' }), 'application/json', 'Comment'],
];

describe('lenient bodies (the default)', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture(false);
  });
  after(() => f.server.close());

  for (const [what, body, type, name] of UNKNOWN) {
    it(`${what}: ignored, 201, a warning in the log naming it`, async () => {
      const res = await post(f, f.roles, body, type);
      assert.equal(res.status, 201, res.message);
      // The warning is logged while the body is read; the log stream hands it on a moment later.
      const logs = await f.server.logsWhen((l) => l.includes(`'${name}'`));
      const warnings = logs.trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string; ignored?: string[] })
        .filter((l) => l.level === 40 && l.ignored);
      assert.ok(warnings.some((w) => w.ignored?.some((i) => i.includes(`'${name}'`)) && /--strict-bodies/.test(w.msg)), `a warning names '${name}'`);
    });
  }

  it('a missing element is still a 400, and says what was ignored instead', async () => {
    const res = await post(f, f.roles, `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><RoleUid>${VM}</RoleUid></EnterpriseAccountInRoleCreateSpec>`, 'application/xml');
    assert.equal(res.status, 400);
    assert.match(res.message, /missing required element 'EnterpriseRoleUid'.*ignored: element 'RoleUid'/);
  });

  it('XML element order stays significant: 400 naming the pair', async () => {
    const body = `<EnterpriseAccountCreateSpec xmlns="${NS}"><AccountName>a@b</AccountName><AccountType>ExternalUser</AccountType><Roles/><AllowRestoreAllVms>true</AllowRestoreAllVms></EnterpriseAccountCreateSpec>`;
    const res = await post(f, `${f.server.url}/api/security/accounts`, body, 'application/xml');
    assert.equal(res.status, 400);
    assert.match(res.message, /Unexpected element 'AccountName' in 'EnterpriseAccountCreateSpec'; expecting 'AccountType'/);
  });

  it('JSON: one object where a list is expected, and the list under its XML name (post_security_accounts.md)', async () => {
    const account = (name: string, scope: unknown) => JSON.stringify({
      AccountType: 'ExternalUser', AccountName: name, Roles: { EnterpriseRoles: { EnterpriseRoleUid: VM } }, AllowRestoreAllVms: false, HierarchyScopeObjects: scope,
    });
    const accounts = `${f.server.url}/api/security/accounts`;
    const fragment = await post(f, accounts, account('fragment@tech.local', { HierarchyScopeItem: { HierarchyObjRef: VM01, ObjectName: 'VM01' } }), 'application/json');
    assert.equal(fragment.status, 201, fragment.message);
    const single = await post(f, accounts, account('single@tech.local', { HierarchyScopeItems: { HierarchyObjRef: SQLSRV } }), 'application/json');
    assert.equal(single.status, 201, single.message);
    for (const [name, object] of [['fragment@tech.local', 'VM01'], ['single@tech.local', 'SQLSRV']]) {
      const id = await accountIdByName(f.server, f.token, name as string);
      const scopes = await call(`${accounts}/${id}/scopes`, { headers: { 'x-restsvcsessionid': f.token, accept: 'application/json' } });
      assert.deepEqual(scopes.json<{ EnterpriseAccountHierarchyScopes: { Name: string }[] }>().EnterpriseAccountHierarchyScopes.map((s) => s.Name), [object]);
      const roles = await call(`${accounts}/${id}/roles`, { headers: { 'x-restsvcsessionid': f.token, accept: 'application/json' } });
      assert.equal(roles.json<{ EnterpriseAccountInRoles: unknown[] }>().EnterpriseAccountInRoles.length, 1);
    }
  });
});

describe('--strict-bodies', () => {
  let f: Fixture;
  before(async () => {
    f = await fixture(true);
  });
  after(() => f.server.close());

  for (const [what, body, type, name] of UNKNOWN) {
    it(`${what}: 400 naming it`, async () => {
      const res = await post(f, f.roles, body, type);
      assert.equal(res.status, 400);
      assert.match(res.message, new RegExp(`'${name}'`));
    });
  }

  it('JSON: one object for a list, or the list under its XML name, is a 400 that says how to write it', async () => {
    const base = { AccountType: 'ExternalUser', AccountName: 'strict@tech.local', Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: VM }] }, AllowRestoreAllVms: false };
    const accounts = `${f.server.url}/api/security/accounts`;
    const fragment = await post(f, accounts, JSON.stringify({ ...base, HierarchyScopeObjects: { HierarchyScopeItem: { HierarchyObjRef: VM01 } } }), 'application/json');
    assert.equal(fragment.status, 400);
    assert.match(fragment.message, /Unexpected member 'HierarchyScopeItem' in 'EnterpriseAccountCreateSpec.HierarchyScopeObjects': that is the XML element name; in JSON the list is 'HierarchyScopeItems'/);
    const single = await post(f, accounts, JSON.stringify({ ...base, HierarchyScopeObjects: { HierarchyScopeItems: { HierarchyObjRef: VM01 } } }), 'application/json');
    assert.equal(single.status, 400);
    assert.match(single.message, /HierarchyScopeItems' must be an array, found an object/);
  });
});
