// emsec's own controls through the client: the audit trail (newest first, filtered, paged by
// cursor) and authorization explanations, against a real emsec; refused for a Portal User.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EnterpriseManager, ForbiddenError } from '../../src/index.ts';
import { adminClient, startServer, type TestServer } from '../helpers.ts';

let server: TestServer;
let em: EnterpriseManager;

describe('emsec controls', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    await server.addUser('TECH\\mary', 'Mary-Passw0rd!1');
    await server.addUser('TECH\\paul', 'Paul-Passw0rd!1', ['BUILTIN\\Users']);
    em = await adminClient(server);
  });
  after(async () => {
    await em.logout();
    await server.close();
  });

  it('reads the audit trail newest first, filtered by action, a page at a time', async () => {
    await em.accounts.create({ name: 'TECH\\mary', type: 'User', roles: ['Portal User'] });
    await em.assignments.assign('TECH\\mary', 'File Restore Operator');
    await em.assignments.assign('TECH\\mary', 'VM Restore Operator');
    const first = await em.emsec.audit({ action: 'role.assign', order: 'desc', limit: 1 });
    assert.equal(first.events.length, 1);
    assert.equal(first.events[0]?.action, 'role.assign');
    assert.equal(first.events[0]?.user, 'EMSEC\\Administrator');
    assert.ok(first.next);
    const second = await em.emsec.audit({ action: 'role.assign', order: 'desc', limit: 1, cursor: first.next });
    assert.equal(second.events.length, 1);
    assert.ok((second.events[0]?.seq ?? Infinity) < (first.events[0]?.seq ?? 0), 'older on the next page');
    assert.equal(second.next, null, 'two assignments, two pages');
    const future = await em.emsec.audit({ since: new Date(Date.now() + 3_600_000) });
    assert.deepEqual(future.events, []);
  });

  it('explains who may do what', async () => {
    const no = await em.emsec.explain('TECH\\mary', 'GET', '/api/security/accounts');
    assert.equal(no.allowed, false);
    assert.ok(no.roles.some((r) => r.role === 'Portal User' && !r.allowed));
    const yes = await em.emsec.explain('EMSEC\\Administrator', 'GET', '/api/security/accounts');
    assert.equal(yes.allowed, true);
    assert.match(yes.reason, /Portal Administrator/);
  });

  it('suggests directory names by their start', async () => {
    assert.deepEqual(await em.emsec.directory('tech\\'), [{ name: 'TECH\\mary', kind: 'User' }, { name: 'TECH\\paul', kind: 'User' }]);
    assert.deepEqual(await em.emsec.directory('tech\\', { limit: 1 }), [{ name: 'TECH\\mary', kind: 'User' }]);
    assert.deepEqual(await em.emsec.directory('builtin\\u'), [{ name: 'BUILTIN\\Users', kind: 'Group' }]);
  });

  it('browses the inventory tree a level at a time, with the server\'s references', async () => {
    // The default tree's Hyper-V root (get_lookup.md's host): its host, then the VMs beneath it.
    const hv = 'urn:veeam:HierarchyRoot:70aa9075-ca31-43bd-99cc-f888b969799b';
    const top = await em.emsec.inventoryChildren(hv);
    assert.ok(top.objects.length > 0);
    assert.ok(top.objects.every((o) => o.ref.startsWith('urn:Hyperv:')), 'Hyper-V references, as the server builds them');
    const host = top.objects.find((o) => o.type === 'Host');
    assert.ok(host);
    const vms = await em.emsec.inventoryChildren(host.ref, { pageSize: 2 });
    assert.equal(vms.objects.length, 2);
    assert.equal(vms.more, true);
    const next = await em.emsec.inventoryChildren(host.ref, { pageSize: 2, page: 2 });
    assert.notDeepEqual(next.objects, vms.objects);
  });

  it('a Portal User is refused with the server\'s Message', async () => {
    const paul = await EnterpriseManager.logon({ url: server.url, user: 'TECH\\paul', password: 'Paul-Passw0rd!1' });
    try {
      await assert.rejects(paul.emsec.audit(), (err: unknown) => err instanceof ForbiddenError && err.message.length > 0);
      await assert.rejects(paul.emsec.explain('TECH\\mary', 'GET', '/api/'), ForbiddenError);
      await assert.rejects(paul.emsec.directory('t'), ForbiddenError);
    } finally {
      await paul.logout();
    }
  });

  it('keeps a path prefix in front of /emsec and drops only /api', async () => {
    const seen: string[] = [];
    const proxied = await EnterpriseManager.resume({
      url: `${server.url}/api`, token: em.token ?? '',
      fetch: async (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    await proxied.emsec.audit({ limit: 1 });
    assert.equal(seen[0], `${server.url}/emsec/audit?limit=1`);
  });
});
