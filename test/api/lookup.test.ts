// The lookup service over the inventory tree (get_lookupsvc.md, get_lookup.md, lookup_query.md,
// lookup_service.md), over HTTP in XML and JSON: the default tree's example objects as the
// reference prints them, lookups over a tree seeded here, the documented errors, who may call.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { NS, call, createSpecXml, json, logon, startServer, tempDir, xml, type TestServer } from '../helpers/server.ts';

const HV = '70aa9075-ca31-43bd-99cc-f888b969799b';
const VCD = 'fa099d3b-7376-49b1-884c-bb6fa47c7b1e';
const VC = 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd';

type Item = { Type: string; ObjectRef: string; ObjectType: string; ObjectName: string };
type Link = { Href: string; Type?: string; Rel: string };

describe('the lookup service on the default tree', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startServer();
    token = await logon(server);
  });
  after(() => server.close());

  const items = async (query: string): Promise<Item[]> => {
    const res = await call(`${server.url}/api/lookup?${query}`, { headers: json(token) });
    assert.equal(res.status, 200, res.text);
    return res.json<{ HierarchyItems: Item[] }>().HierarchyItems;
  };

  it('GET /lookupSvc links the lookup queries of the roots (lookup_service.md), XML and JSON', async () => {
    const res = await call(`${server.url}/api/lookupSvc`, { headers: xml(token) });
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, new RegExp(`<LookupSvc [^>]*xmlns="${NS}"[^>]* Href="${server.url}/api/lookupSvc" Type="LookupService"><Links><Link Href="${server.url}/api/logonSessions/[0-9a-f-]{36}" Type="LogonSession" Rel="Up" />`));
    const doc = await call(`${server.url}/api/lookupSvc`, { headers: json(token) });
    const body = doc.json<{ Href: string; Type: string; Links: Link[] }>();
    assert.equal(body.Type, 'LookupService');
    const down = body.Links.filter((l) => l.Rel === 'Down').map((l) => [l.Type, l.Href.slice(server.url.length)]);
    // The five links of lookup_service.md's example, in its order, among the others.
    const printed = [
      '/api/lookup?host=urn:veeam:HierarchyRoot:3e7fea0c-e92d-4459-9842-0304df34c644&name=*&type=Vm',
      '/api/lookup?host=urn:veeam:HierarchyRoot:195c7259-8d89-4f6e-9098-25ee1f432669&name=*&type=Vm',
      '/api/lookup?host=urn:veeam:HierarchyRoot:e1366ef8-1b33-45d1-a026-ceb38cf73d39&name=*&type=Vm',
      '/api/lookup?host=urn:veeam:HierarchyRoot:e1366ef8-1b33-45d1-a026-ceb38cf73d39&name=*&type=Tag',
      '/api/lookup?host=urn:veeam:HierarchyRoot:e1366ef8-1b33-45d1-a026-ceb38cf73d39&name=*&type=StoragePod',
    ];
    const hrefs = down.map(([, h]) => h as string);
    assert.deepEqual(hrefs.filter((h) => printed.includes(h)), printed);
    assert.ok(down.every(([t]) => t === 'HierarchyItemList'));
    // No link for the file share (no VMs), one per root with VMs.
    assert.ok(!hrefs.some((h) => h.includes('541178f4')));
    assert.ok(hrefs.includes(`/api/lookup?host=urn:veeam:HierarchyRoot:${HV}&name=*&type=Vm`));
    // Every link answers.
    for (const h of hrefs) assert.equal((await call(`${server.url}${h}`, { headers: xml(token) })).status, 200, h);
  });

  it('answers lookup_query.md\'s examples as printed', async () => {
    const byRef = await call(`${server.url}/api/lookup?hierarchyRef=urn:vCloud:Vm:${VCD}.urn:vcloud:vm:6b2da27f-e653-495b-b515-2b18bbb4d3ec`, { headers: xml(token) });
    assert.equal(byRef.status, 200, byRef.text);
    assert.match(byRef.text, new RegExp(`<HierarchyItems [^>]*xmlns="${NS}"[^>]*><HierarchyItem Type="HierarchyItem"><ObjectRef>urn:vCloud:Vm:${VCD}.urn:vcloud:vm:6b2da27f-e653-495b-b515-2b18bbb4d3ec</ObjectRef><ObjectType>Vm</ObjectType><ObjectName>dc-vm</ObjectName></HierarchyItem></HierarchyItems>$`));
    assert.deepEqual(await items(`host=urn:veeam:HierarchyRoot:${VCD}&name=DC&type=Vm`), [
      { Type: 'HierarchyItem', ObjectRef: `urn:vCloud:Vm:${VCD}.urn:vcloud:vm:340be4d6-8657-4d70-92d7-41ac6298f688`, ObjectType: 'Vm', ObjectName: 'DC' },
    ]);
  });

  it('matches names and types ignoring case (get_lookup.md asks name=dns&type=vm)', async () => {
    const found = await items(`host=urn:veeam:HierarchyRoot:${HV}&name=dns&type=vm`);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.ObjectName, 'DNS');
    assert.equal(found[0]?.ObjectType, 'Vm');
    assert.match(found[0]?.ObjectRef ?? '', new RegExp(`^urn:Hyperv:Vm:${HV}\\.[0-9a-f-]{36}$`));
    // The reference it returns looks the same object up again.
    assert.deepEqual(await items(`hierarchyRef=${encodeURIComponent(found[0]?.ObjectRef ?? '')}`), found);
    // constructing_hierarchyobjreftype.md's VM, its type written as the page's list writes it.
    assert.deepEqual((await items(`hierarchyRef=urn:VMware:VM:${VC}.vm-7870`)).map((i) => [i.ObjectRef, i.ObjectName]), [[`urn:VMware:Vm:${VC}.vm-7870`, 'VM01']]);
    assert.deepEqual((await items(`HOST=${VC}&Name=production&TYPE=resourcepool`)).map((i) => i.ObjectRef), [`urn:VMware:ResourcePool:${VC}.resgroup-10734`]);
    assert.deepEqual(await items(`host=urn:veeam:HierarchyRoot:${HV}&name=no-such-vm&type=Vm`), []);
  });

  const refused: [string, string, number, RegExp][] = [
    ['an unknown host', 'host=urn:veeam:HierarchyRoot:00000000-0000-4000-8000-000000000000&name=*&type=Vm', 404, /Hierarchy root 'urn:veeam:HierarchyRoot:00000000-0000-4000-8000-000000000000' was not found/],
    ['a host that is no hierarchy root UID', 'host=vcprod&name=*&type=Vm', 400, /'host' has invalid value 'vcprod'/],
    ['a type the host\'s platform lacks', `host=${HV}&name=*&type=ResourcePool`, 400, /hv01.tech.local is a Hyperv host, whose object types are Vm, Host/],
    ['a missing parameter', `host=${HV}&name=*`, 400, /missing: type/],
    ['no parameter at all', '', 400, /missing: host, name, type/],
    ['both forms at once', `hierarchyRef=urn:VMware:Vm:${VC}.vm-7870&host=${VC}`, 400, /either hierarchyRef, or host, name and type/],
    ['a reference to no object', `hierarchyRef=urn:VMware:Vm:${VC}.vm-99999`, 404, /has no object 'vm-99999'/],
    ['a reference with the wrong type', `hierarchyRef=urn:VMware:Folder:${VC}.vm-7870`, 404, /is a Vm, not a Folder/],
    ['a reference to an unknown root', 'hierarchyRef=urn:VMware:Vm:00000000-0000-4000-8000-000000000000.vm-7870', 404, /there is no hierarchy root/],
    ['a malformed reference', 'hierarchyRef=vm-7870', 400, /is not of the form/],
  ];
  for (const [what, query, status, message] of refused) {
    it(`answers ${status} with an Error for ${what}`, async () => {
      const res = await call(`${server.url}/api/lookup?${query}`, { headers: json(token) });
      assert.equal(res.status, status, res.text);
      assert.match(res.json<{ Message: string }>().Message, message);
      const x = await call(`${server.url}/api/lookup?${query}`, { headers: xml(token) });
      assert.equal(x.status, status);
      assert.match(x.text, /<Error [^>]*StatusCode="\d+" \/>$/);
    });
  }

  it('lets Portal Users look up and refuses restore operators (security_roles_concept.md)', async () => {
    await server.addUser('TECH\\pu', 'Pu-Passw0rd!1');
    await server.addUser('TECH\\op', 'Op-Passw0rd!1');
    for (const [name, role] of [['TECH\\pu', ROLE.PortalUser.id], ['TECH\\op', ROLE.VmRestoreOperator.id]] as const) {
      const created = await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: createSpecXml('User', name, [role]) });
      assert.equal(created.status, 201, created.text);
    }
    const pu = await logon(server, 'TECH\\pu', 'Pu-Passw0rd!1');
    const op = await logon(server, 'TECH\\op', 'Op-Passw0rd!1');
    assert.equal((await call(`${server.url}/api/lookupSvc`, { headers: xml(pu) })).status, 200);
    assert.equal((await call(`${server.url}/api/lookup?host=${HV}&name=*&type=Vm`, { headers: xml(pu) })).status, 200);
    assert.equal((await call(`${server.url}/api/lookupSvc`, { headers: xml(op) })).status, 403);
    assert.equal((await call(`${server.url}/api/lookup?host=${HV}&name=*&type=Vm`, { headers: xml(op) })).status, 403);
    assert.equal((await call(`${server.url}/api/lookupSvc`)).status, 401);
  });
});

describe('the lookup service on a seeded tree', () => {
  let server: TestServer;
  let token: string;
  const ROOT = '11111111-2222-4333-8444-555555555555';
  before(async () => {
    const dir = tempDir();
    const seed = join(dir, 'seed.yaml');
    writeFileSync(seed, [
      'inventory:',
      '  roots:',
      `    - { id: ${ROOT}, name: vc.lab, platform: VMware, objects: [`,
      '        { type: datacenter, ref: dc-1, name: Lab, children: [',
      '          { type: FOLDER, ref: group-1, name: Apps, children: [',
      '            { type: Vm, ref: "vm-{n}", name: "app-{n:3}", count: 250 },',
      '            { type: Vm, ref: vm-dup, name: app-007 } ] } ] } ] }',
    ].join('\n'));
    server = await startServer({ seedFile: seed });
    token = await logon(server);
  });
  after(() => server.close());

  it('finds objects by name and every object of a type, spelled as the reference spells types', async () => {
    const res = await call(`${server.url}/api/lookup?host=urn:veeam:HierarchyRoot:${ROOT}&name=APP-007&type=vm`, { headers: json(token) });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json<{ HierarchyItems: Item[] }>().HierarchyItems.map((i) => [i.ObjectRef, i.ObjectName]), [
      [`urn:VMware:Vm:${ROOT}.vm-7`, 'app-007'], [`urn:VMware:Vm:${ROOT}.vm-dup`, 'app-007'],
    ]);
    const all = await call(`${server.url}/api/lookup?host=urn:veeam:HierarchyRoot:${ROOT}&name=*&type=Vm`, { headers: json(token) });
    assert.equal(all.json<{ HierarchyItems: Item[] }>().HierarchyItems.length, 251);
    const page = await call(`${server.url}/api/lookup?host=urn:veeam:HierarchyRoot:${ROOT}&name=*&type=Vm&sortAsc=ObjectName&pageSize=10&page=2`, { headers: json(token) });
    assert.deepEqual(page.json<{ HierarchyItems: Item[] }>().HierarchyItems.map((i) => i.ObjectName), Array.from({ length: 10 }, (_, i) => `app-${String(10 + i).padStart(3, '0')}`));
    const folder = await call(`${server.url}/api/lookup?hierarchyRef=urn:VMware:Folder:${ROOT}.group-1`, { headers: json(token) });
    assert.deepEqual(folder.json<{ HierarchyItems: Item[] }>().HierarchyItems.map((i) => [i.ObjectType, i.ObjectName]), [['Folder', 'Apps']]);
    const svc = await call(`${server.url}/api/lookupSvc`, { headers: json(token) });
    assert.deepEqual(svc.json<{ Links: Link[] }>().Links.filter((l) => l.Rel === 'Down').map((l) => l.Href.slice(server.url.length)), [
      `/api/lookup?host=urn:veeam:HierarchyRoot:${ROOT}&name=*&type=Vm`,
    ]);
  });
});
