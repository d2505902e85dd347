// emsec faults | clock | sessions against a running server, as users run them (the real bin in
// a child process, over HTTP); and a seed file's faults, active from the start and back after a
// reset.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN_PASSWORD, call, json, logon, startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { runCli } from '../helpers/process.ts';

let server: TestServer;
before(async () => {
  server = await startServer({ emulator: true, logLevel: 'silent' });
});
after(() => server.close());

const cli = (args: string[], env: Record<string, string> = { EMSEC_ADMIN_PASSWORD: ADMIN_PASSWORD }) => runCli([...args, '--url', server.url], { env });

describe('emsec faults', () => {
  it('add (JSON and flags), list, delete, clear: the rules act on the server', async () => {
    const added = await cli(['faults', 'add', '{"method":"GET","path":"/api/security/roles","status":503,"times":2}']);
    assert.equal(added.code, 0, added.stderr);
    const id = added.stdout.trim();
    assert.match(id, /^[0-9a-f-]{36}$/);
    const flagged = await cli(['faults', 'add', '--method', 'GET', '--path', '/api/tasks/*', '--delay-ms', '50', '--jitter-ms', '10', '--probability', '0.5']);
    assert.equal(flagged.code, 0, flagged.stderr);

    const admin = await logon(server);
    const roles = await call(`${server.url}/api/security/roles`, { headers: json(admin) });
    assert.equal(roles.status, 503);
    assert.equal(roles.headers.get('x-emsec-fault'), id);

    const list = await cli(['faults', 'list']);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^ID\s+METHOD\s+PATH\s+USER\s+EFFECT\s+REMAINING\s+MATCHED\s+INJECTED$/);
    assert.match(list.stdout, new RegExp(`${id}\\s+GET\\s+/api/security/roles\\s+\\*\\s+status 503\\s+1\\s+1\\s+1`));
    assert.match(list.stdout, /GET\s+\/api\/tasks\/\*\s+\*\s+delay 50\+10ms, p=0.5\s+-\s+0\s+0/);

    assert.equal((await cli(['faults', 'delete', id])).code, 0);
    const gone = await cli(['faults', 'delete', id]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /404 Fault rule .* was not found/);
    assert.equal((await cli(['faults', 'clear'])).code, 0);
    assert.deepEqual((await call(`${server.url}/emsec/faults`, { headers: json(admin) })).json<{ faults: unknown[] }>().faults, []);
  });

  it('says what is wrong: a bad rule (the server\'s message), no credentials, bad usage', async () => {
    const bad = await cli(['faults', 'add', '--status', '200']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /400 'status' must be a whole number from 400 to 599/);
    const anonymous = await cli(['faults', 'list'], {});
    assert.equal(anonymous.code, 2);
    assert.match(anonymous.stderr, /No credentials: set EMSEC_ADMIN_PASSWORD/);
    const usage = await cli(['faults', 'frob']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: emsec faults list/);
  });
});

describe('emsec clock and emsec sessions', () => {
  it('clock shows and moves the time; sessions end and expire a given session', async () => {
    const shown = await cli(['clock']);
    assert.equal(shown.code, 0, shown.stderr);
    const before = Date.parse(shown.stdout.trim());
    assert.ok(Number.isFinite(before), shown.stdout);
    const moved = await cli(['clock', 'advance', '3600', '--json']);
    assert.equal(moved.code, 0, moved.stderr);
    const clock = JSON.parse(moved.stdout) as { epochMs: number; offsetSeconds: number };
    assert.equal(clock.offsetSeconds, 3600);
    assert.ok(clock.epochMs - before >= 3_600_000);

    for (const how of ['end', 'expire']) {
      const logonRes = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`EMSEC\\Administrator:${ADMIN_PASSWORD}`).toString('base64')}`, accept: 'application/json' } });
      const token = logonRes.headers.get('x-restsvcsessionid') as string;
      const id = logonRes.json<{ SessionId: string }>().SessionId;
      const res = await cli(['sessions', how, id]);
      assert.equal(res.code, 0, res.stderr);
      assert.equal((await call(`${server.url}/api/logonSessions`, { headers: json(token) })).status, 401, how);
    }
  });
});

describe('a seed file with faults', () => {
  it('are active from the start, listed with origin seed, and come back after a reset; without --emulator the server refuses to start', async () => {
    const dir = tempDir();
    const seedFile = join(dir, 'flaky.yaml');
    writeFileSync(seedFile, 'faults:\n  - { method: GET, path: /api/security/roles, status: 503, times: 1 }\n');
    const seeded = await startServer({ emulator: true, seedFile, logLevel: 'silent' });
    try {
      const admin = await logon(seeded);
      assert.equal((await call(`${seeded.url}/api/security/roles`, { headers: json(admin) })).status, 503);
      assert.equal((await call(`${seeded.url}/api/security/roles`, { headers: json(admin) })).status, 200);
      const rules = (await call(`${seeded.url}/emsec/faults`, { headers: json(admin) })).json<{ faults: { origin: string; remaining: number }[] }>().faults;
      assert.deepEqual(rules.map((r) => [r.origin, r.remaining]), [['seed', 0]]);
      assert.equal((await call(`${seeded.url}/emsec/reset`, { method: 'POST', headers: json(admin) })).status, 204);
      const again = await logon(seeded);
      assert.equal((await call(`${seeded.url}/api/security/roles`, { headers: json(again) })).status, 503, 'the seed\'s rule is back, fresh');
    } finally {
      await seeded.close();
    }
    await assert.rejects(startServer({ seedFile, logLevel: 'silent' }), /fault rules.*--emulator/);
    writeFileSync(seedFile, 'faults:\n  - { path: /api/security/roles, status: 200 }\n');
    await assert.rejects(startServer({ emulator: true, seedFile, logLevel: 'silent' }), /faults\.0: 'status' must be a whole number from 400 to 599/);
  });
});
