// Role assignments (the seed endpoint) against emsec.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError, assignedRoleId, NotFoundError, type EnterpriseManager } from '../../src/index.ts';
import { adminClient, startServer, type TestServer } from '../helpers.ts';

let server: TestServer;
let em: EnterpriseManager;

describe('assignments', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    em = await adminClient(server);
    await em.accounts.create({ name: 'Auditors', type: 'ExternalGroup', roles: ['Portal User'] });
  });
  after(async () => {
    await em.logout();
    await server.close();
  });

  it('assigns by names, lists, gets and unassigns', async () => {
    await em.assignments.assign('auditors', 'SQL Restore Operator');
    const held = await em.assignments.list('Auditors').toArray();
    assert.deepEqual(held.map((a) => a.RoleName).sort(), ['Portal User', 'SQL Restore Operator']);
    const sql = await em.roles.resolve('SQL Restore Operator');
    assert.ok(held.some((a) => assignedRoleId(a) === sql.id));
    assert.equal((await em.assignments.get('Auditors', sql.uid)).RoleName, 'SQL Restore Operator');
    await em.assignments.unassign('Auditors', sql.id);
    assert.deepEqual((await em.assignments.list('Auditors').toArray()).map((a) => a.RoleName), ['Portal User']);
    await assert.rejects(em.assignments.get('Auditors', 'SQL Restore Operator'), NotFoundError);
  });

  it('a refused assignment (already held) is an ApiError with the server Message', async () => {
    await assert.rejects(em.assignments.assign('Auditors', 'Portal User'), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, 400);
      assert.equal(err.body.StatusCode, 400);
      assert.match(err.body.Message, /Portal User/);
      return true;
    });
  });
});
