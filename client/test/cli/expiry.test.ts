// emctl when the kept session expires by itself (the server's idle timeout, on a clock the test
// moves): exit 3 saying so, or, with EMCTL_PASSWORD set, one new logon whose token is kept (0600).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../../test/helpers/server.ts';
import { ADMIN, ADMIN_PASSWORD, raw, startServer, type TestServer } from '../helpers.ts';
import { emctl } from './emctl.ts';

const IDLE_MS = 60_000;

describe('emctl: a session that idled out', () => {
  const clock = new ManualClock();
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startServer({ logLevel: 'silent', clock, idleTimeoutMs: IDLE_MS });
    dir = mkdtempSync(join(tmpdir(), 'emctl-expiry-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const token = (): string => (JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as { token: string }).token;

  it('exits 3 with the reason, then logs on again by itself when EMCTL_PASSWORD is set', async () => {
    const login = await emctl(['login', server.url, '--user', ADMIN, '--password-stdin'], { configDir: dir, input: ADMIN_PASSWORD });
    assert.equal(login.code, 0, login.stderr);
    const first = token();
    clock.advance(IDLE_MS + 1000);
    assert.equal((await raw(server, first, 'GET', '/security')).status, 401, 'the session really idled out');

    const gone = await emctl(['roles', 'list'], { configDir: dir });
    assert.equal(gone.code, 3, gone.stderr);
    assert.match(gone.stderr, /^emctl: The session is gone \(.+\)\. Log on again: emctl login URL --user NAME\n$/);
    assert.equal(gone.stdout, '');

    const renewed = await emctl(['roles', 'list', '-o', 'json'], { configDir: dir, env: { EMCTL_PASSWORD: ADMIN_PASSWORD } });
    assert.equal(renewed.code, 0, renewed.stderr);
    assert.equal((JSON.parse(renewed.stdout) as unknown[]).length, 7);
    assert.notEqual(token(), first, 'the new session is kept');
    assert.equal(statSync(join(dir, 'session.json')).mode & 0o777, 0o600);
    assert.equal((await raw(server, token(), 'GET', '/security')).status, 200);

    const again = await emctl(['whoami', '-o', 'json'], { configDir: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { session: { UserName: string } }).session.UserName, ADMIN);
    assert.equal((await emctl(['logout'], { configDir: dir })).code, 0);
  });
});
