// emsec seed FILE: applies the example seed before the first start, idempotently, and refuses
// a bad seed with a message naming the problem; the audit trail says what each seed added and
// replaced (SQLite, and PostgreSQL with EMSEC_TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { testDatabaseFor } from '../helpers/postgres.ts';
import { runCli } from '../helpers/process.ts';
import { tempDir } from '../helpers/server.ts';

const SEED = fileURLToPath(new URL('../../examples/seed.yaml', import.meta.url));
const dataDir = tempDir();
after(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { EMSEC_ADMIN_PASSWORD: 'Seed-Admin-Passw0rd' };

describe('emsec seed', () => {
  it('seeds an empty data directory, twice with the same result', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await runCli(['seed', SEED, '--data-dir', dataDir], { env });
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stderr, /seeded 2 user\(s\), 3 account\(s\), 3 hierarchy root\(s\)/);
    }
    const users = await runCli(['users', 'list', '--data-dir', dataDir], { env });
    assert.equal(users.stdout, 'EMSEC\\Administrator\tBUILTIN\\Administrators\nTECH\\mary.smith\nTECH\\william.fox\tTECH\\Restore Operators\n');
  });

  it('refuses a first start whose EMSEC_ADMIN_PASSWORD is shorter than the policy, and writes nothing', async () => {
    const dir = tempDir();
    try {
      const res = await runCli(['seed', SEED, '--data-dir', dir], { env: { EMSEC_ADMIN_PASSWORD: 'admin' } });
      assert.equal(res.code, 2, res.stderr);
      assert.match(res.stderr, /The password of 'EMSEC\\Administrator' is too short: 5 characters, at least 8 are required/);
      assert.equal((await runCli(['users', 'list', '--data-dir', dir])).stdout, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const bad: [string, string, RegExp][] = [
    ['unknown keys', 'acounts: []\n', /not a valid seed: \(top\): Unrecognized key/],
    ['an unknown role', 'accounts:\n  - { name: a@b, type: ExternalUser, roles: [Janitor] }\n', /unknown role 'Janitor'/],
    ['a user account without a directory user', 'accounts:\n  - { name: TECH\\ghost, type: User, roles: [Portal User] }\n', /no such user in the directory/],
    ['a scope outside the inventory', 'accounts:\n  - { name: a@b, type: ExternalUser, roles: [Portal User], allowRestoreAllVms: false, scopes: [urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-99999] }\n', /has no object 'vm-99999'/],
    ['an inventory object of a type its platform lacks', 'inventory:\n  roots:\n    - { id: 11111111-2222-4333-8444-555555555555, name: hv, platform: Hyperv, objects: [{ type: Datastore, ref: d1, name: d }] }\n', /'Datastore' is not a Hyperv object type/],
    ['a user password shorter than the policy', 'users:\n  - { name: TECH\\tiny, password: abc }\n', /The password of 'TECH\\tiny' is too short: 3 characters, at least 8 are required/],
    ['broken YAML', 'users: [\n', /not valid YAML or JSON/],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses ${what}`, async () => {
      const file = join(dataDir, 'bad.yaml');
      writeFileSync(file, text);
      const res = await runCli(['seed', file, '--data-dir', dataDir], { env });
      assert.equal(res.code, 2, res.stderr);
      assert.match(res.stderr, message);
    });
  }
});

describe('emsec seed in the audit trail', () => {
  const dir = tempDir();
  let dbEnv: Record<string, string> = {};
  before(async () => {
    const url = (await testDatabaseFor(dir))?.url;
    if (url) dbEnv = { EMSEC_DATABASE_URL: url };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[]) => runCli([...args, '--data-dir', dir], { env: { ...env, ...dbEnv } });
  const none = { count: 0, names: [] };
  const names = (...n: string[]) => ({ count: n.length, names: n });

  it('records what each seed added and replaced, by the local user, bounded, without passwords', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await cli(['seed', SEED])).code, 0);
    // 21 users: the record counts them all and names the first 20.
    const bulk = join(dir, 'bulk.yaml');
    const users = Array.from({ length: 21 }, (_, i) => `TECH\\bulk${String(i + 1).padStart(2, '0')}`);
    writeFileSync(bulk, `users:\n${users.map((u, i) => `  - { name: '${u}', password: Bulk-Passw0rd-${i} }\n`).join('')}`);
    assert.equal((await cli(['seed', bulk])).code, 0);

    const res = await cli(['audit', '--json', '--action', 'seed', '--order', 'asc']);
    assert.equal(res.code, 0, res.stderr);
    const events = res.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { user: string; sessionId: string | null; remote: string; result: string; after: Record<string, unknown> });
    assert.equal(events.length, 3);
    for (const e of events) assert.deepEqual([e.user, e.sessionId, e.remote, e.result], [userInfo().username, null, `cli@${hostname()}`, 'success']);
    const [first, second, third] = events.map((e) => e.after) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    const seeded = ['TECH\\mary.smith', 'TECH\\Restore Operators', 'auditor@tech.local'];
    assert.deepEqual([first['users'], first['groups'], first['accounts']], [
      { added: names('TECH\\mary.smith', 'TECH\\william.fox'), replaced: none }, { added: names('TECH\\Restore Operators') }, { added: names(...seeded), replaced: none },
    ]);
    // The second time the same seed replaces what it names and adds nothing.
    assert.deepEqual(second, {
      users: { added: none, replaced: names('TECH\\mary.smith', 'TECH\\william.fox') }, groups: { added: none }, accounts: { added: none, replaced: names(...seeded) },
      hierarchyRoots: { removed: none, replaced: names('vcprod.tech.local', 'hv01.tech.local', 'enterprise05.tech.local'), added: none },
    });
    assert.deepEqual(third, { users: { added: { count: 21, names: users.slice(0, 20) }, replaced: none }, groups: { added: none }, accounts: { added: none, replaced: none }, hierarchyRoots: null });
    assert.doesNotMatch(res.stdout, /Passw0rd/, 'no seed password');
  });
});
