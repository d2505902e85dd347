// GET /emsec/inventory/children over HTTP: one level of a seeded tree at a time, exactly as the
// seed file places it, paged; the references it gives are the lookup service's; its refusals;
// who may call it (the lookup service's callers).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { call, createSpecXml, json, logon, startServer, tempDir, xml, type TestServer } from '../helpers/server.ts';

const ROOT = '11111111-2222-4333-8444-555555555555';
const HV = '22222222-2222-4333-8444-555555555555';
const vm = (ref: string): string => `urn:VMware:Vm:${ROOT}.${ref}`;

type Page = { objects: { ref: string; type: string; name: string }[]; more: boolean };

describe('GET /emsec/inventory/children', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    const seed = join(tempDir(), 'seed.yaml');
    writeFileSync(seed, [
      'inventory:',
      '  roots:',
      `    - { id: ${ROOT}, name: vc.lab, platform: VMware, objects: [`,
      '        { type: Datacenter, ref: dc-1, name: Lab, children: [',
      '          { type: Folder, ref: group-1, name: Apps, children: [',
      '            { type: Folder, ref: group-2, name: Web, children: [ { type: Vm, ref: "vm-w{n}", name: "web-{n}", count: 5 } ] },',
      '            { type: Vm, ref: vm-1, name: app-1 } ] },',
      '          { type: ResourcePool, ref: resgroup-1, name: Pool } ] },',
      '        { type: Datastore, ref: ds-1, name: ds1 } ] }',
      `    - { id: ${HV}, name: hv.lab, platform: Hyperv, objects: [ { type: Host, ref: h1, name: host1, children: [ { type: Vm, ref: v1, name: dns } ] } ] }`,
    ].join('\n'));
    server = await startServer({ seedFile: seed });
    token = await logon(server);
  });
  after(() => server.close());

  const children = async (query: string, who = token): Promise<Page> => {
    const res = await call(`${server.url}/emsec/inventory/children?${query}`, { headers: json(who) });
    assert.equal(res.status, 200, res.text);
    return res.json<Page>();
  };
  const rows = (p: Page): string[][] => p.objects.map((o) => [o.type, o.name, o.ref]);

  it('walks from a root down to a VM in a nested folder, one level at a time', async () => {
    assert.deepEqual(rows(await children(`parent=urn:veeam:HierarchyRoot:${ROOT}`)), [
      ['Datacenter', 'Lab', `urn:VMware:Datacenter:${ROOT}.dc-1`], ['Datastore', 'ds1', `urn:VMware:Datastore:${ROOT}.ds-1`],
    ]);
    assert.deepEqual(rows(await children(`parent=${encodeURIComponent(`urn:VMware:Datacenter:${ROOT}.dc-1`)}`)), [
      ['Folder', 'Apps', `urn:VMware:Folder:${ROOT}.group-1`], ['ResourcePool', 'Pool', `urn:VMware:ResourcePool:${ROOT}.resgroup-1`],
    ]);
    assert.deepEqual(rows(await children(`parent=${encodeURIComponent(`urn:VMware:Folder:${ROOT}.group-1`)}`)), [
      ['Folder', 'Web', `urn:VMware:Folder:${ROOT}.group-2`], ['Vm', 'app-1', vm('vm-1')],
    ]);
    const web = await children(`parent=${encodeURIComponent(`urn:VMware:Folder:${ROOT}.group-2`)}`);
    assert.deepEqual(rows(web), [1, 2, 3, 4, 5].map((n) => ['Vm', `web-${n}`, vm(`vm-w${n}`)]));
    assert.equal(web.more, false);
    // A leaf has nothing beneath; the reference is the lookup service's.
    assert.deepEqual((await children(`parent=${encodeURIComponent(vm('vm-w3'))}`)).objects, []);
    const looked = await call(`${server.url}/api/lookup?hierarchyRef=${encodeURIComponent(vm('vm-w3'))}`, { headers: json(token) });
    assert.equal(looked.json<{ HierarchyItems: { ObjectRef: string }[] }>().HierarchyItems[0]?.ObjectRef, vm('vm-w3'));
    // Another platform's references, as it spells them; a bare root id is taken too.
    assert.deepEqual(rows(await children(`parent=${HV}`)), [['Host', 'host1', `urn:Hyperv:Host:${HV}.h1`]]);
    assert.deepEqual(rows(await children(`parent=${encodeURIComponent(`urn:Hyperv:Host:${HV}.h1`)}`)), [['Vm', 'dns', `urn:Hyperv:Vm:${HV}.v1`]]);
  });

  it('pages a level, saying whether more follow', async () => {
    const parent = encodeURIComponent(`urn:VMware:Folder:${ROOT}.group-2`);
    const first = await children(`parent=${parent}&pageSize=2`);
    const third = await children(`parent=${parent}&pageSize=2&page=3`);
    assert.deepEqual(first.objects.map((o) => o.name), ['web-1', 'web-2']);
    assert.equal(first.more, true);
    assert.deepEqual(third.objects.map((o) => o.name), ['web-5']);
    assert.equal(third.more, false);
  });

  const refused: [string, string, number, RegExp][] = [
    ['no parent', '', 400, /'parent' is required/],
    ['an unknown root', 'parent=urn:veeam:HierarchyRoot:00000000-0000-4000-8000-000000000000', 404, /was not found/],
    ['a reference to no object', `parent=${encodeURIComponent(vm('vm-404'))}`, 404, /has no object 'vm-404'/],
    ['a malformed parent', 'parent=vc.lab', 400, /invalid value 'vc.lab'/],
    ['a reference of the wrong platform', `parent=${encodeURIComponent(`urn:Hyperv:Host:${ROOT}.dc-1`)}`, 404, /is a VMware host, not Hyperv/],
    ['a page size out of range', `parent=${ROOT}&pageSize=1001`, 400, /'pageSize' must be a whole number from 1 to 1000/],
  ];
  for (const [what, query, status, message] of refused) {
    it(`answers ${status} for ${what}`, async () => {
      const res = await call(`${server.url}/emsec/inventory/children?${query}`, { headers: json(token) });
      assert.equal(res.status, status, res.text);
      assert.match(res.json<{ Message: string }>().Message, message);
    });
  }

  it('lets Portal Users browse and refuses restore operators, as the lookup service', async () => {
    await server.addUser('TECH\\pu', 'Pu-Passw0rd!1');
    await server.addUser('TECH\\op', 'Op-Passw0rd!1');
    for (const [name, role] of [['TECH\\pu', ROLE.PortalUser.id], ['TECH\\op', ROLE.VmRestoreOperator.id]] as const) {
      const created = await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: createSpecXml('User', name, [role]) });
      assert.equal(created.status, 201, created.text);
    }
    assert.equal((await children(`parent=${ROOT}`, await logon(server, 'TECH\\pu', 'Pu-Passw0rd!1'))).objects.length, 2);
    const op = await logon(server, 'TECH\\op', 'Op-Passw0rd!1');
    assert.equal((await call(`${server.url}/emsec/inventory/children?parent=${ROOT}`, { headers: json(op) })).status, 403);
    assert.equal((await call(`${server.url}/emsec/inventory/children?parent=${ROOT}`)).status, 401);
  });
});
