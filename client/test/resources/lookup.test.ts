// The lookup service against emsec: an object by its reference, by host + name + type (the root
// by UID or GUID, the name in any case), what is not there, and the reference used as a scope.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError, type EnterpriseManager } from '../../src/index.ts';
import { adminClient, startServer, type TestServer } from '../helpers.ts';

// constructing_hierarchyobjreftype.md's reference: VM01 on vcprod.tech.local in emsec's default inventory.
const ROOT = 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd';
const VM01 = `urn:VMware:Vm:${ROOT}.vm-7870`;

let server: TestServer;
let em: EnterpriseManager;

describe('lookup', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    em = await adminClient(server);
  });
  after(async () => {
    await em.logout();
    await server.close();
  });

  it('the service and its links', async () => {
    const svc = await em.lookup.service();
    assert.equal(svc.Type, 'LookupService');
    assert.equal(svc.Href, `${server.url}/api/lookupSvc`);
  });

  it('by reference: the object with its name and type; an unknown reference is refused with the server Message', async () => {
    const [vm, ...rest] = await em.lookup.byRef(VM01);
    assert.deepEqual(rest, []);
    assert.equal(vm?.ObjectRef, VM01);
    assert.equal(vm?.ObjectType, 'Vm');
    assert.ok(vm?.ObjectName);
    await assert.rejects(em.lookup.byRef(`urn:VMware:Vm:${ROOT}.vm-999999`), (err: unknown) => err instanceof ApiError && err.status < 500 && /vm-999999/.test(err.message));
  });

  it('by host, name and type; the host by GUID or UID; the reference found is a scope an account takes', async () => {
    const name = (await em.lookup.byRef(VM01))[0]?.ObjectName as string;
    const byGuid = await em.lookup.find({ host: ROOT, name: name.toLowerCase(), type: 'Vm' });
    const byUid = await em.lookup.find({ host: `urn:veeam:HierarchyRoot:${ROOT}`, name, type: 'Vm' });
    assert.deepEqual(byGuid.map((i) => i.ObjectRef), [VM01]);
    assert.deepEqual(byUid, byGuid);
    await em.accounts.create({ name: 'VM01 restorers', type: 'ExternalGroup', roles: ['VM Restore Operator'], scopes: [{ HierarchyObjRef: byGuid[0]?.ObjectRef as string, ObjectName: name }] });
    assert.deepEqual((await em.scopes.list('VM01 restorers').toArray()).map((s) => s.Name), [name]);
  });
});
