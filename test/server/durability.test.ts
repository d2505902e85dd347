// A 201 means committed: kill the real process with SIGKILL right after the answers and find
// every acknowledged change after a restart. Also: SIGTERM shuts down cleanly.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { ADMIN, NS, basic, call, createSpecXml, tempDir } from '../helpers/server.ts';
import { spawnServe } from '../helpers/process.ts';

const dataDir = tempDir();
const PASSWORD = 'Durable-Passw0rd';
after(() => rmSync(dataDir, { recursive: true, force: true }));

async function logonTo(url: string): Promise<string> {
  const res = await call(`${url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, PASSWORD) } });
  assert.equal(res.status, 201, res.text);
  return res.headers.get('x-restsvcsessionid') as string;
}

describe('durability', () => {
  it('keeps every acknowledged assignment across a SIGKILL restart', async () => {
    const first = await spawnServe(dataDir, { EMSEC_ADMIN_PASSWORD: PASSWORD });
    const token = await logonTo(first.httpUrl);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(`${first.httpUrl}/api/security/accounts`, {
        method: 'POST',
        headers: { 'x-restsvcsessionid': token, 'content-type': 'application/xml' },
        body: createSpecXml('ExternalUser', `user${i}@tech.local`, [ROLE.PortalUser.id]),
      });
      assert.equal(res.status, 201, res.text);
      ids.push((res.headers.get('location') as string).split('/').pop() as string);
    }
    const assigned = await Promise.all(ids.map((id) => call(`${first.httpUrl}/api/security/accounts/${id}/roles`, {
      method: 'POST',
      headers: { 'x-restsvcsessionid': token, 'content-type': 'application/xml' },
      body: `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.VmRestoreOperator.id}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`,
    })));
    assert.deepEqual(assigned.map((r) => r.status), [201, 201, 201, 201, 201]);
    first.child.kill('SIGKILL');
    assert.equal(await first.exited, 'SIGKILL');

    const second = await spawnServe(dataDir, { EMSEC_ADMIN_PASSWORD: 'ignored-after-first-start' });
    try {
      assert.ok(!second.output().includes('password'), 'no new administrator on restart');
      const again = await logonTo(second.httpUrl);
      // The session from before the kill survived too.
      assert.equal((await call(`${second.httpUrl}/api/logonSessions`, { headers: { 'x-restsvcsessionid': token } })).status, 200);
      for (const id of ids) {
        const res = await call(`${second.httpUrl}/api/security/accounts/${id}/roles/${ROLE.VmRestoreOperator.id}`, { headers: { 'x-restsvcsessionid': again } });
        assert.equal(res.status, 200, `assignment of ${id} lost`);
      }
    } finally {
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0, 'SIGTERM shuts down cleanly with exit code 0');
    }
  });
});
