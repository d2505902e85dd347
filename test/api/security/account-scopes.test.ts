// Restore scopes, the toggle between all VMs and scoped restore, the scope rebuild and its Task,
// and the inventory they point into — over HTTP, in XML and JSON.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../../src/domain/roles.ts';
import { NS, call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../../helpers/server.ts';

const VC = 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd';
const SQLSRV = `urn:VMware:Vm:${VC}.vm-15309`;
const PRODUCTION = `urn:VMware:ResourcePool:${VC}.resgroup-10734`;
const NAS_SHARE = 'urn:NasBackup:FileServer:541178f4-5335-46cb-b7bc-8fbb4a944307.541178f4-5335-46cb-b7bc-8fbb4a944307';

/** post_security_accounts_id_scopes.md, request body as the reference prints it. */
const VENDOR_SCOPES = '<?xml version="1.0" encoding="utf-8"?> <HierarchyScopeCreateSpec xmlns="http://www.veeam.com/ent/v1.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">   <HierarchyScopeItem>     <HierarchyObjRef>urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-15309</HierarchyObjRef>     <ObjectName>SQLSRV</ObjectName>   </HierarchyScopeItem>   <HierarchyScopeItem>     <HierarchyObjRef>urn:NasBackup:FileServer:541178f4-5335-46cb-b7bc-8fbb4a944307.541178f4-5335-46cb-b7bc-8fbb4a944307</HierarchyObjRef>     <ObjectName>\\\\enterprise05.tech.local\\SMB Share</ObjectName>    </HierarchyScopeItem> </HierarchyScopeCreateSpec>';

let server: TestServer;
let token: string;
let accountId: string;
let scopesUrl: string;

before(async () => {
  server = await startServer();
  token = await logon(server);
  const created = await call(`${server.url}/api/security/accounts`, {
    method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }),
    body: createSpecXml('ExternalUser', 'restore.operator@tech.local', [ROLE.VmRestoreOperator.id]),
  });
  assert.equal(created.status, 201, created.text);
  accountId = (created.headers.get('location') as string).split('/').pop() as string;
  scopesUrl = `${server.url}/api/security/accounts/${accountId}/scopes`;
});
after(() => server.close());

type ScopeJson = { Href: string; Name: string; HierarchyRootName: string; Platform: string; HierarchyObjectType: string; State: string };
const listScopes = async () => (await call(scopesUrl, { headers: json(token) })).json<{ EnterpriseAccountHierarchyScopes: ScopeJson[] }>().EnterpriseAccountHierarchyScopes;

describe('POST /security/accounts/{ID}/scopes', () => {
  it('accepts the vendor example: 201, no body; the scopes list in order as Unprocessed', async () => {
    const res = await call(scopesUrl, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: VENDOR_SCOPES });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.text, '');
    const scopes = await listScopes();
    assert.deepEqual(scopes.map((s) => [s.Name, s.HierarchyRootName, s.Platform, s.HierarchyObjectType, s.State]), [
      ['SQLSRV', 'vcprod.tech.local', 'VMware', 'Vm', 'Unprocessed'],
      ['\\\\enterprise05.tech.local\\SMB Share', 'enterprise05.tech.local', 'NasBackup', 'FileServer', 'Unprocessed'],
    ]);
  });

  it('renders a scope in XML in the documented element order', async () => {
    const [first] = await listScopes();
    const one = await call((first as ScopeJson).Href, { headers: xml(token) });
    assert.equal(one.status, 200);
    assert.match(one.text, new RegExp(`<EnterpriseAccountHierarchyScope [^>]*xmlns="${NS}" Href="[^"]+/scopes/[0-9a-f-]{36}"><Links><Link Href="[^"]+" Rel="Delete" /></Links><Name>SQLSRV</Name><HierarchyRootName>vcprod.tech.local</HierarchyRootName><Platform>VMware</Platform><HierarchyObjectType>Vm</HierarchyObjectType><State>Unprocessed</State></EnterpriseAccountHierarchyScope>$`));
  });

  it('accepts JSON, and takes the object name from the inventory when none is given', async () => {
    const res = await call(scopesUrl, {
      method: 'POST', headers: json(token, { 'content-type': 'application/json' }),
      body: JSON.stringify({ HierarchyScopeItems: [{ HierarchyObjRef: PRODUCTION }] }),
    });
    assert.equal(res.status, 201, res.text);
    assert.match(res.headers.get('location') ?? '', /\/scopes\/[0-9a-f-]{36}$/);
    assert.equal((await listScopes()).at(-1)?.Name, 'Production');
  });

  const refused: [string, string, number, RegExp][] = [
    ['an object missing from the inventory', `urn:VMware:Vm:${VC}.vm-99999`, 400, /hierarchy root vcprod.tech.local \(a2b0c55d-829a-4efe-bd95-125ee77ba9dd\) has no object 'vm-99999'/],
    ['an object of another type than the reference says', `urn:VMware:Folder:${VC}.vm-7870`, 400, /object 'vm-7870' of vcprod.tech.local is a Vm, not a Folder/],
    ['a root that does not exist', 'urn:VMware:Vm:00000000-0000-4000-8000-000000000000.vm-7870', 400, /there is no hierarchy root 00000000-0000-4000-8000-000000000000/],
    ['a root of another platform', `urn:Hyperv:Vm:${VC}.vm-7870`, 400, /is a VMware host, not Hyperv/],
    ['a type the platform does not have', `urn:VMware:OrgVdc:${VC}.vm-7870`, 400, /'OrgVdc' is not a VMware object type/],
    ['an unknown platform', `urn:Xen:Vm:${VC}.vm-7870`, 400, /platform 'Xen' is not one of VMware, vCloud, Hyperv, NasBackup/],
    ['a reference not of the documented form', 'vm-7870', 400, /is not of the form urn:&lt;Platform&gt;:&lt;Type&gt;:&lt;HierarchyRootId&gt;.&lt;ObjectRef&gt;/],
    ['an object already in scope', SQLSRV, 400, /already has 'SQLSRV' in its restore scope/],
  ];
  for (const [what, ref, status, message] of refused) {
    it(`answers ${status} for ${what}, and adds nothing`, async () => {
      const before = (await listScopes()).length;
      const res = await call(scopesUrl, {
        method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }),
        body: `<HierarchyScopeCreateSpec xmlns="${NS}"><HierarchyScopeItem><HierarchyObjRef>${ref}</HierarchyObjRef></HierarchyScopeItem></HierarchyScopeCreateSpec>`,
      });
      assert.equal(res.status, status, res.text);
      assert.match(res.text, message);
      assert.equal((await listScopes()).length, before);
    });
  }

  it('answers 400 for an empty spec and 404 for an unknown account', async () => {
    const empty = await call(scopesUrl, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: `<HierarchyScopeCreateSpec xmlns="${NS}"/>` });
    assert.equal(empty.status, 400);
    const unknown = await call(`${server.url}/api/security/accounts/00000000-0000-4000-8000-000000000000/scopes`, { headers: xml(token) });
    assert.equal(unknown.status, 404);
  });
});

describe('toggle, rebuild and tasks', () => {
  it('toggles AllowRestoreAllVms with POST /security/accounts/{ID} (204)', async () => {
    const entity = async () => (await call(`${server.url}/api/security/accounts/${accountId}?format=Entity`, { headers: json(token) })).json()['AllowRestoreAllVms'];
    assert.equal(await entity(), true);
    const res = await call(`${server.url}/api/security/accounts/${accountId}`, { method: 'POST', headers: xml(token) });
    assert.equal(res.status, 204);
    assert.equal(await entity(), false);
  });

  it('rebuilds scopes: the vendor body answers 201 with a finished Task, scopes become Processed', async () => {
    const body = '<?xml version="1.0" encoding="utf-8"?> <RebuildScopeJobSpec xmlns="http://www.veeam.com/ent/v1.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">   <RebuildUnprocessed/> </RebuildScopeJobSpec>';
    const res = await call(`${server.url}/api/security/accounts?action=rebuildScope`, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body });
    assert.equal(res.status, 201, res.text);
    assert.match(res.text, /<Task [^>]*Href="[^"]+\/api\/tasks\/(task-\d+)" Type="Task"><Links><Link Href="[^"]+\/api\/tasks\/task-\d+" Type="Task" Rel="Delete" \/><\/Links><TaskId>task-\d+<\/TaskId><State>Finished<\/State><Operation>StartRebuildScope<\/Operation><Result Success="true" \/><\/Task>$/);
    const taskId = /<TaskId>([^<]+)<\/TaskId>/.exec(res.text)?.[1] as string;
    assert.deepEqual((await listScopes()).map((s) => s.State), ['Processed', 'Processed', 'Processed']);

    const task = await call(`${server.url}/api/tasks/${taskId}`, { headers: json(token) });
    assert.equal(task.status, 200);
    const t = task.json<{ TaskId: string; State: string; Operation: string; Result: { Success: boolean } }>();
    assert.deepEqual([t.TaskId, t.State, t.Operation, t.Result.Success], [taskId, 'Finished', 'StartRebuildScope', true]);
    const list = await call(`${server.url}/api/tasks`, { headers: json(token) });
    assert.ok(list.json<{ Tasks: { TaskId: string }[] }>().Tasks.some((t) => t.TaskId === taskId));
    assert.equal((await call(`${server.url}/api/tasks/${taskId}`, { method: 'DELETE', headers: xml(token) })).status, 204);
    assert.equal((await call(`${server.url}/api/tasks/${taskId}`, { headers: xml(token) })).status, 404);
    assert.equal((await call(`${server.url}/api/tasks/not-a-task`, { headers: xml(token) })).status, 404);
  });

  it('computes what a scoped account may restore: the VMs under its scope objects', async () => {
    const res = await call(`${server.url}/emsec/accounts/${accountId}/restorable`, { headers: json(token) });
    assert.equal(res.status, 200, res.text);
    // The default tree's Production pool (docs/decisions.md): three named VMs, prod-app-001..060
    // (vm-1001..1060) and, in the nested pool Production DB, prod-db-01..20 (vm-1101..1120).
    const generated = [...Array.from({ length: 60 }, (_, i) => 1001 + i), ...Array.from({ length: 20 }, (_, i) => 1101 + i)];
    assert.deepEqual([...res.json<{ objects: string[] }>().objects].sort(), [
      `urn:VMware:Vm:${VC}.vm-101`, `urn:VMware:Vm:${VC}.vm-15309`, `urn:VMware:Vm:${VC}.vm-7870`, NAS_SHARE,
      ...generated.map((n) => `urn:VMware:Vm:${VC}.vm-${n}`),
    ].sort());
  });

  it('refuses a spec with none or two of the rebuild flags, and an unknown action', async () => {
    for (const inner of ['', '<RebuildAll/><RebuildUnprocessed/>']) {
      const res = await call(`${server.url}/api/security/accounts?action=rebuildScope`, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: `<RebuildScopeJobSpec xmlns="${NS}">${inner}</RebuildScopeJobSpec>` });
      assert.equal(res.status, 400, inner);
      assert.match(res.text, /exactly one of RebuildAll, RebuildUnprocessed, RebuildForCurrentUser/);
    }
    const json = await call(`${server.url}/api/security/accounts?action=rebuildScope`, { method: 'POST', headers: xml(token, { 'content-type': 'application/json' }), body: '{"RebuildAll":{}}' });
    assert.equal(json.status, 201);
    const unknown = await call(`${server.url}/api/security/accounts?action=explode`, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: '<x/>' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /Action 'explode' is not supported here; supported: rebuildScope/);
  });

  it('deletes a scope (204), then 404', async () => {
    const [first] = await listScopes();
    const href = (first as ScopeJson).Href;
    assert.equal((await call(href, { method: 'DELETE', headers: xml(token) })).status, 204);
    assert.equal((await call(href, { headers: xml(token) })).status, 404);
    assert.equal((await call(href, { method: 'DELETE', headers: xml(token) })).status, 404);
    assert.equal((await call(`${scopesUrl}/not-a-guid`, { headers: xml(token) })).status, 404);
  });
});

describe('/hierarchyRoots', () => {
  it('lists references and returns a root as reference or entity', async () => {
    const list = await call(`${server.url}/api/hierarchyRoots`, { headers: json(token) });
    const refs = list.json<{ Refs: { Name: string; UID: string; Type: string }[] }>().Refs;
    assert.deepEqual(refs.map((r) => r.Name), [
      'vcprod.tech.local', '172.16.12.21', 'vcdr.tech.local', 'vcprod.tech.local', 'vcdev51', 'hv01.tech.local', 'vcd.tech.local', 'enterprise05.tech.local',
    ]);
    assert.ok(refs.every((r) => r.Type === 'HierarchyRootReference'));
    assert.equal(refs[3]?.UID, `urn:veeam:HierarchyRoot:${VC}`);
    const ref = await call(`${server.url}/api/hierarchyRoots/${VC}`, { headers: xml(token) });
    assert.match(ref.text, /<EntityRef [^>]*Type="HierarchyRootReference"/);
    const entity = await call(`${server.url}/api/hierarchyRoots/${VC}?format=Entity`, { headers: xml(token) });
    assert.match(entity.text, new RegExp(`<HierarchyRoot [^>]*Type="HierarchyRoot" Name="vcprod.tech.local" UID="urn:veeam:HierarchyRoot:${VC}"><Links><Link [^>]+Rel="Alternate" /></Links><HierarchyRootId>${VC}</HierarchyRootId><UniqueId>F36CBAE2-F23D-46C7-865C-3E3CCC89B197</UniqueId><HostType>VC</HostType></HierarchyRoot>$`));
    assert.equal((await call(`${server.url}/api/hierarchyRoots/00000000-0000-4000-8000-000000000000`, { headers: xml(token) })).status, 404);
  });

  it('takes the collection query options: entities, sorting, filtering, and 400 for a bad field', async () => {
    const entities = await call(`${server.url}/api/hierarchyRoots?format=Entity&sortDesc=Name`, { headers: json(token) });
    assert.deepEqual(entities.json<{ HierarchyRoots: { Name: string; HostType: string }[] }>().HierarchyRoots.map((r) => [r.Name, r.HostType]), [
      ['vcprod.tech.local', 'VC'], ['vcprod.tech.local', 'VC'], ['vcdr.tech.local', 'VC'], ['vcdev51', 'VC'], ['vcd.tech.local', 'VcdSystem'],
      ['hv01.tech.local', 'HvServer'], ['enterprise05.tech.local', 'FileServer'], ['172.16.12.21', 'ESXi'],
    ]);
    const xmlEntities = await call(`${server.url}/api/hierarchyRoots?format=Entity`, { headers: xml(token) });
    assert.match(xmlEntities.text, /<HierarchyRoots [^>]*><HierarchyRoot [^>]*Type="HierarchyRoot"/);
    const filtered = await call(`${server.url}/api/hierarchyRoots?filter=${encodeURIComponent('HostType==VC')}`, { headers: json(token) });
    assert.deepEqual(filtered.json<{ Refs: { Name: string }[] }>().Refs.map((r) => r.Name), ['vcprod.tech.local', 'vcdr.tech.local', 'vcprod.tech.local', 'vcdev51']);
    assert.equal((await call(`${server.url}/api/hierarchyRoots?sortAsc=Color`, { headers: xml(token) })).status, 400);
    const tasks = await call(`${server.url}/api/tasks?filter=${encodeURIComponent('Operation==StartRebuildScope')}&pageSize=1&page=1`, { headers: json(token) });
    assert.equal(tasks.status, 200, tasks.text);
    assert.equal(tasks.json<{ Tasks: unknown[] }>().Tasks.length, 1);
  });
});
