// Restore scopes against emsec, with the objects of the reference's examples (emsec's default
// inventory holds them).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { scopeId, type EnterpriseManager } from '../../src/index.ts';
import { adminClient, startServer, type TestServer } from '../helpers.ts';

// security_accounts_id_scopes.md
const VM01 = { HierarchyObjRef: 'urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-7870', ObjectName: 'VM01' };

let server: TestServer;
let em: EnterpriseManager;

describe('scopes', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    em = await adminClient(server);
    await em.accounts.create({ name: 'Restorers', type: 'ExternalGroup', roles: ['VM Restore Operator'], scopes: [VM01] });
  });
  after(async () => {
    await em.logout();
    await server.close();
  });

  it('an account created with scopes may not restore all VMs and lists its scope', async () => {
    assert.equal((await em.accounts.get('Restorers')).AllowRestoreAllVms, false);
    const scopes = await em.scopes.list('Restorers').toArray();
    assert.deepEqual(scopes.map((s) => s.Name), ['VM01']);
    assert.equal((await em.scopes.get('Restorers', scopeId(scopes[0]!))).Name, 'VM01');
  });

  it('adds and removes scope objects', async () => {
    const roots = await em.hierarchyRoots.list({ format: 'Entity' }).toArray();
    assert.ok(roots.some((r) => r.Name === 'vcprod.tech.local' && r.HostType === 'VC'));
    await em.scopes.add('Restorers', [{ HierarchyObjRef: 'urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-15309', ObjectName: 'SQLSRV' }]);
    const two = await em.scopes.list('Restorers').toArray();
    assert.equal(two.length, 2);
    await em.scopes.remove('Restorers', scopeId(two.find((s) => s.Name === 'VM01')!));
    assert.deepEqual((await em.scopes.list('Restorers').toArray()).map((s) => s.Name), two.filter((s) => s.Name !== 'VM01').map((s) => s.Name));
  });
});
