// Accounts against emsec: create, get by name or id, list with filter, paging over several
// pages, toggle and set restore-all-VMs, rebuild scope, delete.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError, NameNotFoundError, NotFoundError, type EnterpriseManager } from '../../src/index.ts';
import { adminClient, startServer, type TestServer } from '../helpers.ts';

let server: TestServer;
let em: EnterpriseManager;

describe('accounts', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    await server.addUser('TECH\\mary', 'Mary-Passw0rd!1');
    em = await adminClient(server);
  });
  after(async () => {
    await em.logout();
    await server.close();
  });

  it('creates an account with roles by name and returns its id; get by name (any case) or id', async () => {
    const created = await em.accounts.create({ name: 'TECH\\mary', type: 'User', roles: ['File Restore Operator', 'vm restore operator'] });
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    const byName = await em.accounts.get('tech\\MARY');
    assert.equal(byName.Name, 'TECH\\mary');
    assert.equal(byName.AccountType, 'User');
    assert.equal(byName.AllowRestoreAllVms, true);
    assert.equal(byName.UID, `urn:veeam:EnterpriseAccount:${created.id}`);
    assert.deepEqual(await em.accounts.get(created.id), byName);
    assert.deepEqual(await em.accounts.get(created.uid), byName);
  });

  it('a refused create is an ApiError with the server Message', async () => {
    await assert.rejects(em.accounts.create({ name: 'TECH\\mary', type: 'User', roles: ['Portal User'] }), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.ok(err.status === 400 || err.status === 409, String(err.status));
      assert.match(err.message, /mary/i);
      return true;
    });
  });

  it('pages over more than one page, in order, with each page requested once', async () => {
    for (let i = 0; i < 7; i++) await em.accounts.create({ name: `Paging Group ${i}`, type: 'ExternalGroup', roles: ['Portal User'] });
    const all = await em.accounts.list({ pageSize: 1000 }).toArray();
    const paged: string[] = [];
    for await (const a of em.accounts.list({ pageSize: 3 })) paged.push(a.Name as string);
    assert.deepEqual(paged, all.map((a) => a.Name));
    assert.ok(paged.length >= 11, String(paged.length));
    const page2 = await em.accounts.list({ pageSize: 3, page: 2 }).toArray();
    assert.deepEqual(page2.map((a) => a.Name), paged.slice(3, 6));
    const entities = await em.accounts.list({ format: 'Entity', pageSize: 4, filter: 'AccountType==ExternalGroup', sortDesc: 'Name' }).toArray();
    assert.deepEqual(entities.map((a) => a.Name), Array.from({ length: 7 }, (_, i) => `Paging Group ${6 - i}`));
    assert.ok(entities.every((a) => a.Type === 'EnterpriseAccount' && a.AccountType === 'ExternalGroup'));
  });

  it('toggles and sets AllowRestoreAllVms', async () => {
    await em.accounts.toggleRestoreAllVms('Paging Group 0');
    assert.equal((await em.accounts.get('Paging Group 0')).AllowRestoreAllVms, false);
    assert.equal((await em.accounts.setRestoreAllVms('Paging Group 0', true)).AllowRestoreAllVms, true);
    assert.equal((await em.accounts.get('Paging Group 0')).AllowRestoreAllVms, true);
    assert.equal((await em.accounts.setRestoreAllVms('Paging Group 0', true)).AllowRestoreAllVms, true);
  });

  it('rebuilds scopes and returns the task, which tasks.get finds', async () => {
    const task = await em.accounts.rebuildScope('All');
    assert.equal(task.Operation, 'StartRebuildScope');
    assert.equal((await em.tasks.get(task.TaskId)).TaskId, task.TaskId);
    assert.ok((await em.tasks.list().toArray()).some((t) => t.TaskId === task.TaskId));
  });

  it('deletes by name; the account is then gone (404 by id, NameNotFoundError by name)', async () => {
    const { id } = await em.accounts.resolve('Paging Group 6');
    await em.accounts.delete('Paging Group 6');
    await assert.rejects(em.accounts.get(id), NotFoundError);
    await assert.rejects(em.accounts.get('Paging Group 6'), NameNotFoundError);
  });
});
