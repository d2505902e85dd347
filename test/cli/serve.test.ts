// emsec serve as a user runs it: a generated administrator password printed once, on the
// first start only, that logs on.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, runCli, spawnServe } from '../helpers/process.ts';
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

  it('a first start whose seed fails leaves no administrator whose password nobody saw', async () => {
    const dir = tempDir();
    try {
      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, 'users:\n  - { name: TECH\\ann, password: Ann-Passw0rd }\naccounts:\n  - { name: TECH\\ann, type: User, roles: [Portal Usr] }\n');
      const env = { EMSEC_ADMIN_PASSWORD: '', EMSEC_HOST: '127.0.0.1', EMSEC_HTTP_PORT: String(await freePort()), EMSEC_HTTPS_PORT: '0', EMSEC_LOG_LEVEL: 'warn' };
      const failed = await runCli(['serve', '--seed', bad, '--data-dir', dir], { env });
      assert.notEqual(failed.code, 0, failed.stderr);
      assert.match(failed.stderr, /unknown role 'Portal Usr'/);
      assert.doesNotMatch(failed.stderr, /password:/, 'no password is shown for a start that failed');
      // The store file exists, and is still empty: the next start creates the administrator and shows its password.
      const users = await runCli(['users', 'list', '--data-dir', dir], { env });
      assert.equal(users.code, 0, users.stderr);
      assert.equal(users.stdout, '', 'no built-in user was left behind');
      const next = await spawnServe(dir, { EMSEC_ADMIN_PASSWORD: '' });
      try {
        const password = /password:\n\n {4}(\S+)\n/.exec(next.output())?.[1] as string;
        assert.ok(password, next.output());
        const res = await call(`${next.httpUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, password) } });
        assert.equal(res.status, 201);
      } finally {
        next.child.kill('SIGTERM');
        await next.exited;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
