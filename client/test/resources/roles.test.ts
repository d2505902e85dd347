// Roles against emsec: Ref and Entity lists, get, and resolution by name (any case), UID or GUID.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NameNotFoundError, type EnterpriseManager } from '../../src/index.ts';
import { adminClient, startServer, type TestServer } from '../helpers.ts';

// From the reference (get_security_roles.md), not from emsec's code.
const FILE_RESTORE = 'f84a8b62-49b8-4d0c-b25b-92321b52bab6';

let server: TestServer;
let em: EnterpriseManager;

describe('roles', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    em = await adminClient(server);
  });
  after(async () => {
    await em.logout();
    await server.close();
  });

  it('lists the seven roles as references, and as entities with format Entity', async () => {
    const refs = await em.roles.list().toArray();
    assert.equal(refs.length, 7);
    assert.ok(refs.every((r) => r.Type === 'EnterpriseRoleReference'));
    const entities = await em.roles.list({ format: 'Entity' }).toArray();
    assert.deepEqual(entities.map((r) => r.Type), Array(7).fill('EnterpriseRole'));
    assert.ok(entities.some((r) => r.Name === 'File Restore Operator' && r.UID === `urn:veeam:EnterpriseRole:${FILE_RESTORE}`));
  });

  it('resolves a role by name in any case, by UID and by GUID', async () => {
    for (const given of ['File Restore Operator', 'file restore OPERATOR', `urn:veeam:EnterpriseRole:${FILE_RESTORE}`, FILE_RESTORE.toUpperCase()]) {
      const r = await em.roles.resolve(given);
      assert.equal(r.id, FILE_RESTORE, given);
      assert.equal(r.uid, `urn:veeam:EnterpriseRole:${FILE_RESTORE}`);
    }
    assert.equal((await em.roles.get('file restore operator')).Name, 'File Restore Operator');
  });

  it('an unknown role name is a NameNotFoundError', async () => {
    await assert.rejects(em.roles.resolve('Root'), NameNotFoundError);
  });
});
