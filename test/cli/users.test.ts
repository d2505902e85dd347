// emsec users: passwords from stdin or an environment variable, never argv; --help helps; each
// change is in the audit trail by the local user, without its password (SQLite, and PostgreSQL
// with EMSEC_TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { query, testDatabaseFor } from '../helpers/postgres.ts';
import { runCli } from '../helpers/process.ts';
import { tempDir } from '../helpers/server.ts';

const dataDir = tempDir();
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('emsec users', () => {
  it('refuses to create a store: without one where it points, it names the store and how to point at one', async () => {
    const empty = tempDir();
    try {
      for (const args of [['users', 'list'], ['users', 'add', 'TECH\\alice'], ['audit'], ['can', 'TECH\\alice', 'GET', '/api/security/roles'], ['export']]) {
        const res = await runCli([...args, '--data-dir', join(empty, 'emsec-data')], { input: 'Alice-Passw0rd\n' });
        assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
        assert.ok(res.stderr.includes(`No emsec store at SQLite ${join(empty, 'emsec-data', 'emsec.db')}. Point at yours with --data-dir DIR (EMSEC_DATA_DIR) or --database-url`), res.stderr);
        assert.match(res.stderr, /'emsec serve' or 'emsec migrate' creates a new one/);
      }
      assert.deepEqual(readdirSync(empty), [], 'nothing was created');
      // Relative paths are named in full: a command run from the wrong directory says which one.
      const relative = await runCli(['users', 'list'], { env: { EMSEC_DATA_DIR: '' }, cwd: empty });
      assert.equal(relative.code, 2);
      assert.ok(relative.stderr.includes(`No emsec store at SQLite ${join(empty, 'emsec-data', 'emsec.db')}`), relative.stderr);
      assert.equal(existsSync(join(empty, 'emsec-data')), false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('adds users from stdin and from --password-env, lists, changes a password and removes; each names the store', async () => {
    assert.equal((await runCli(['migrate', '--data-dir', dataDir])).code, 0);
    const add = await runCli(['users', 'add', 'TECH\\alice', '--group', 'BUILTIN\\Users', '--data-dir', dataDir], { input: 'Alice-Passw0rd\n' });
    assert.equal(add.code, 0, add.stderr);
    assert.ok(add.stderr.includes(`emsec: store SQLite ${join(dataDir, 'emsec.db')}\n`), add.stderr);
    const env = await runCli(['users', 'add', 'TECH\\bob', '--password-env', 'BOB_PW', '--data-dir', dataDir], { env: { BOB_PW: 'Bob-Passw0rd' } });
    assert.equal(env.code, 0, env.stderr);
    const list = await runCli(['users', 'list', '--data-dir', dataDir]);
    assert.equal(list.stdout, 'TECH\\alice\tBUILTIN\\Users\nTECH\\bob\n');
    assert.ok(list.stderr.includes(`emsec: store SQLite ${join(dataDir, 'emsec.db')}\n`), list.stderr);
    const dup = await runCli(['users', 'add', 'TECH\\bob', '--data-dir', dataDir], { input: 'Other-Passw0rd' });
    assert.equal(dup.code, 2);
    assert.match(dup.stderr, /User 'TECH\\bob' already exists/);
    assert.equal((await runCli(['users', 'passwd', 'TECH\\bob', '--data-dir', dataDir], { input: 'New-Passw0rd' })).code, 0);
    assert.equal((await runCli(['users', 'remove', 'TECH\\bob', '--data-dir', dataDir])).code, 0);
    assert.equal((await runCli(['users', 'list', '--data-dir', dataDir])).stdout, 'TECH\\alice\tBUILTIN\\Users\n');
  });

  it('refuses bad names, empty passwords and unknown commands with a clear message', async () => {
    const badName = await runCli(['users', 'add', 'alice', '--data-dir', dataDir], { input: 'pw' });
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /must have the form DOMAIN\\name/);
    const empty = await runCli(['users', 'add', 'TECH\\carol', '--data-dir', dataDir], { input: '' });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /No password on standard input/);
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'/);
    const badPort = await runCli(['serve', '--http-port', 'abc', '--data-dir', dataDir]);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /--http-port \/ EMSEC_HTTP_PORT must be a whole number/);
  });

  it('refuses a password shorter than the policy, with a message naming the rule; the length is configurable', async () => {
    const short = await runCli(['users', 'add', 'TECH\\short', '--data-dir', dataDir], { input: 'x\n' });
    assert.equal(short.code, 2, short.stderr);
    assert.equal(short.stderr, "emsec: The password of 'TECH\\short' is too short: 1 character, at least 8 are required (--min-password-length / EMSEC_MIN_PASSWORD_LENGTH).\n");
    const seven = await runCli(['users', 'add', 'TECH\\short', '--data-dir', dataDir], { input: 'Seven-7\n' });
    assert.equal(seven.code, 2);
    assert.match(seven.stderr, /too short: 7 characters, at least 8/);
    assert.doesNotMatch((await runCli(['users', 'list', '--data-dir', dataDir])).stdout, /TECH\\short/);
    const eight = await runCli(['users', 'add', 'TECH\\short', '--data-dir', dataDir], { input: 'Eight-88\n' });
    assert.equal(eight.code, 0, eight.stderr);
    const passwd = await runCli(['users', 'passwd', 'TECH\\short', '--data-dir', dataDir], { input: 'abc' });
    assert.equal(passwd.code, 2);
    assert.match(passwd.stderr, /The password of 'TECH\\short' is too short: 3 characters, at least 8/);
    const longer = await runCli(['users', 'passwd', 'TECH\\short', '--data-dir', dataDir], { input: 'Twelve-chars', env: { EMSEC_MIN_PASSWORD_LENGTH: '16' } });
    assert.match(longer.stderr, /too short: 12 characters, at least 16 are required/);
    const relaxed = await runCli(['users', 'passwd', 'TECH\\short', '--min-password-length', '3', '--data-dir', dataDir], { input: 'abc' });
    assert.equal(relaxed.code, 0, relaxed.stderr);
  });

  it('prints help naming every flag and its environment variable', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    for (const word of ['serve', 'users add', '--https-port', 'EMSEC_HTTPS_PORT', '--data-dir', 'EMSEC_DATA_DIR', 'EMSEC_ADMIN_PASSWORD']) {
      assert.ok(help.stdout.includes(word), word);
    }
  });
});

describe('emsec users in the audit trail', () => {
  const dir = tempDir();
  let env: Record<string, string> = {};
  let databaseUrl: string | undefined;
  before(async () => {
    databaseUrl = (await testDatabaseFor(dir))?.url;
    if (databaseUrl) env = { EMSEC_DATABASE_URL: databaseUrl };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], input?: string) => runCli([...args, '--data-dir', dir], { env, ...(input === undefined ? {} : { input }) });
  /** Rows of a table as the store holds them, read past emsec. */
  const rows = async (table: 'audit_events' | 'directory_users'): Promise<Record<string, unknown>[]> => {
    if (databaseUrl) return query(databaseUrl, `select * from ${table}`);
    const db = new SQLite(join(dir, 'emsec.db'), { readonly: true });
    try {
      return db.prepare(`select * from ${table}`).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };

  it('records add, passwd and remove, and their refusals, by the local user: the name and groups, never the password', async () => {
    const passwords = ['Carl-Secret-Passw0rd-1', 'Carl-Secret-Passw0rd-2', 'Carl-Secret-Passw0rd-3'];
    const hashes: string[] = [];
    const hashOfCarl = async () => String((await rows('directory_users')).find((r) => r['name'] === 'TECH\\carl')?.['password_hash']);
    assert.equal((await cli(['migrate'])).code, 0);
    const add = await cli(['users', 'add', 'TECH\\carl', '--group', 'TECH\\Ops', '--group', 'BUILTIN\\Users'], `${passwords[0]}\n`);
    assert.equal(add.code, 0, add.stderr);
    hashes.push(await hashOfCarl());
    assert.equal((await cli(['users', 'passwd', 'tech\\CARL'], passwords[1])).code, 0);
    hashes.push(await hashOfCarl());
    assert.equal((await cli(['users', 'add', 'TECH\\carl'], passwords[2])).code, 2, 'a second add is refused');
    assert.equal((await cli(['users', 'remove', 'TECH\\carl'])).code, 0);
    assert.equal((await cli(['users', 'remove', 'TECH\\carl'])).code, 2, 'a second remove is refused');
    assert.equal((await cli(['users', 'list'])).code, 0);

    const res = await cli(['audit', '--json', '--order', 'asc']);
    assert.equal(res.code, 0, res.stderr);
    const events = res.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const local = { user: userInfo().username, sessionId: null, remote: `cli@${hostname()}`, resource: null };
    const pick = (e: Record<string, unknown>) => ({ action: e['action'], result: e['result'], user: e['user'], sessionId: e['sessionId'], remote: e['remote'], resource: e['resource'], before: e['before'], after: e['after'], reason: e['reason'] });
    assert.deepEqual(events.map(pick), [
      { action: 'user.add', result: 'success', ...local, before: null, after: { name: 'TECH\\carl', groups: ['TECH\\Ops', 'BUILTIN\\Users'] }, reason: null },
      { action: 'user.passwd', result: 'success', ...local, before: null, after: { name: 'TECH\\carl' }, reason: null },
      { action: 'user.add', result: 'failure', ...local, before: null, after: { name: 'TECH\\carl', groups: [] }, reason: "User 'TECH\\carl' already exists." },
      { action: 'user.remove', result: 'success', ...local, before: { name: 'TECH\\carl', groups: ['BUILTIN\\Users', 'TECH\\Ops'] }, after: null, reason: null },
      { action: 'user.remove', result: 'failure', ...local, before: { name: 'TECH\\carl' }, after: null, reason: "User 'TECH\\carl' does not exist." },
    ]);
    assert.deepEqual((await cli(['audit', '--json', '--user', userInfo().username, '--action', 'user.passwd'])).stdout.split('\n').filter(Boolean).length, 1, 'found by the local user');

    // Neither a password nor its hash, in the output or in the store's rows.
    const stored = JSON.stringify(await rows('audit_events'));
    assert.equal(hashes.length, 2);
    for (const secret of [...passwords, ...hashes]) {
      assert.ok(secret.length > 10 && secret !== 'undefined', secret);
      assert.ok(!res.stdout.includes(secret), `emsec audit --json shows a secret: ${secret.slice(0, 6)}…`);
      assert.ok(!stored.includes(secret), `the stored trail holds a secret: ${secret.slice(0, 6)}…`);
    }
    assert.match(stored, /user\.remove/, 'the rows were read');
  });
});
