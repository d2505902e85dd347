// emsec serve as a user runs it: a generated administrator password printed once, on the
// first start only, that logs on.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { spawnServe } from '../helpers/process.ts';
import { ADMIN, basic, call, tempDir } from '../helpers/server.ts';

const dataDir = tempDir();
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('emsec serve', () => {
  it('prints a generated administrator password once, and it logs on', async () => {
    const env = { EMSEC_ADMIN_PASSWORD: '' };
    const first = await spawnServe(dataDir, env);
    let password: string;
    try {
      password = /password:\n\n {4}(\S+)\n/.exec(first.output())?.[1] as string;
      assert.ok(password && password.length >= 20, first.output());
      const res = await call(`${first.httpUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, password) } });
      assert.equal(res.status, 201);
    } finally {
      first.child.kill('SIGINT');
      assert.equal(await first.exited, 0);
    }
    const second = await spawnServe(dataDir, env);
    try {
      assert.ok(!second.output().includes(password), 'the password is shown only on the first start');
      const res = await call(`${second.httpUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, password) } });
      assert.equal(res.status, 201);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
