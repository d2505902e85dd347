// How a command names its store (describeStore, src/store/open.ts; the same line as serve's banner):
// a PostgreSQL URL rebuilt from its parsed parts, so a password never reaches standard error,
// wherever the URL hides it (a password with an unescaped @, ?password=, ?sslpassword=), and a URL
// that does not parse is not shown at all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bannerLines } from '../../src/cli/banner.ts';
import { resolveOptions } from '../../src/options.ts';
import { describeStore } from '../../src/store/open.ts';
import { createTestDatabase, POSTGRES_SKIPPED, TEST_DATABASE_URL, type TestDatabase } from '../helpers/postgres.ts';
import { runCli } from '../helpers/process.ts';

/** Each marks a secret; none may be printed. */
const SECRETS = ['At-S3cret', 'Q-S3cret', 'Sslpw-S3cret', 'Bad-S3cret'];

function assertNoSecret(text: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${s} is shown:\n${text}`);
  assert.doesNotMatch(text, /password|sslkey|\*\*\*/i, text);
}

const describe_ = (databaseUrl: string) => describeStore({ dataDir: '/srv/emsec-data', databaseUrl });

describe('describeStore: hostile PostgreSQL URLs', () => {
  it('a password holding an unescaped @: user, host and database only', () => {
    const text = describe_('postgres://emsec:p@ss-At-S3cret@db.example.net:5432/emsec');
    assert.equal(text, 'PostgreSQL database emsec on db.example.net:5432 (user emsec)');
  });

  it('?password=, ?sslpassword= and ?sslkey= are not shown, nor any other parameter', () => {
    const text = describe_('postgresql://emsec@db.example.net/emsec?sslmode=require&password=Q-S3cret&sslpassword=Sslpw-S3cret&sslkey=/etc/emsec/client.key');
    assert.equal(text, 'PostgreSQL database emsec on db.example.net (user emsec)');
    assert.doesNotMatch(text, /sslmode|client\.key/);
  });

  it('a URL that does not parse is not shown at all', () => {
    const text = describe_('postgres://emsec:Bad-S3cret @[db.example.net/emsec');
    assert.equal(text, 'PostgreSQL (its URL does not parse, so it is not shown)');
    assert.doesNotMatch(text, /emsec|db\.example/);
  });

  it('SQLite: the absolute file', () => {
    assert.equal(describeStore({ dataDir: '/srv/emsec-data' }), 'SQLite /srv/emsec-data/emsec.db');
  });

  it('serve\'s banner names the store with the same words', () => {
    const url = 'postgres://emsec:p@ss-At-S3cret@db.example.net:5432/emsec?password=Q-S3cret';
    const lines = bannerLines({ ...resolveOptions({ 'database-url': url }, {}), version: '9.9.9', httpsUrl: undefined, httpUrl: 'http://127.0.0.1:9399' });
    assert.equal(lines[1], '  store        PostgreSQL database emsec on db.example.net:5432 (user emsec)');
    assertNoSecret(lines.join('\n'));
  });
});

describe('a real command: the secret never reaches its output', () => {
  it('a URL that is not postgres:// is refused without its password or query string', async () => {
    const res = await runCli(['users', 'list', '--database-url', 'mysql://emsec:p@ss-At-S3cret@db.example.net/emsec?password=Q-S3cret']);
    assert.equal(res.code, 2, res.stderr);
    assert.equal(res.stderr, "emsec: --database-url / EMSEC_DATABASE_URL must start with postgres://, got 'mysql://emsec:***@db.example.net/emsec?…'.\n");
    const refused = {
      '//emsec:Bad-S3cret@db/emsec': '(a URL that does not parse, so it is not shown)',
      'postgres:emsec:Bad-S3cret@db/emsec': 'postgres:…',
      'postgress://emsec:Bad-S3cret @[db/emsec': '(a URL that does not parse, so it is not shown)',
    };
    for (const [url, shown] of Object.entries(refused)) {
      const notUrl = await runCli(['users', 'list'], { env: { EMSEC_DATABASE_URL: url } });
      assert.equal(notUrl.code, 2, notUrl.stderr);
      assert.equal(notUrl.stderr, `emsec: --database-url / EMSEC_DATABASE_URL must start with postgres://, got '${shown}'.\n`);
    }
  });

  describe('on PostgreSQL', { skip: TEST_DATABASE_URL ? false : POSTGRES_SKIPPED }, () => {
    let db: TestDatabase;
    let hostile: string;
    let expected: string;
    before(async () => {
      db = await createTestDatabase();
      // The test server trusts its role, so the passwords are sent and ignored: the URL connects.
      const base = new URL(db.url);
      const user = decodeURIComponent(base.username);
      hostile = `postgres://${base.username}:p@ss-At-S3cret@${base.host}/${db.name}?password=Q-S3cret&sslpassword=Sslpw-S3cret`;
      expected = `PostgreSQL database ${db.name} on ${base.host} (user ${user})`;
    });
    after(() => db?.drop());

    it('no store yet, migrate, users add and list, export: each names the database, never the password', async () => {
      const none = await runCli(['users', 'list', '--database-url', hostile]);
      assert.equal(none.code, 2, none.stderr);
      assert.ok(none.stderr.startsWith(`emsec: No emsec store at ${expected}. Point at yours`), none.stderr);
      const migrate = await runCli(['migrate', '--database-url', hostile]);
      assert.equal(migrate.code, 0, migrate.stderr);
      assert.match(migrate.stderr, new RegExp(`^emsec: ${expected.replace(/[.()]/g, '\\$&')}: applied `));
      const add = await runCli(['users', 'add', 'TECH\\alice', '--database-url', hostile], { input: 'Alice-Passw0rd-Long\n' });
      assert.equal(add.code, 0, add.stderr);
      assert.ok(add.stderr.startsWith(`emsec: store ${expected}\n`), add.stderr);
      const list = await runCli(['users', 'list'], { env: { EMSEC_DATABASE_URL: hostile } });
      assert.equal(list.code, 0, list.stderr);
      assert.equal(list.stderr, `emsec: store ${expected}\n`);
      assert.equal(list.stdout, 'TECH\\alice\n');
      const exported = await runCli(['export', '--database-url', hostile]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.ok(exported.stderr.includes(`emsec: store ${expected}\n`), exported.stderr);
      for (const res of [none, migrate, add, list, exported]) {
        assertNoSecret(res.stderr);
        for (const s of SECRETS) assert.ok(!res.stdout.includes(s), `${s} is in the output`);
      }
    });
  });
});
