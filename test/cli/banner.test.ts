// The start-up banner of `emsec serve`: what was loaded (store, seed, reset and emulator,
// directories, addresses), in a few lines, never a secret; and that a real start prints it.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bannerLines, type BannerFacts } from '../../src/cli/banner.ts';
import { resolveOptions } from '../../src/options.ts';
import { spawnServe } from '../helpers/process.ts';
import { ADMIN_PASSWORD, tempDir } from '../helpers/server.ts';

const SEED = fileURLToPath(new URL('../../examples/seed.yaml', import.meta.url));
const urls = { version: '9.9.9', httpsUrl: 'https://127.0.0.1:9398', httpUrl: 'http://127.0.0.1:9399' };

/** The banner for these flags and variables, through the same option parsing as `emsec serve`. */
function bannerFor(flags: Record<string, string>, env: Record<string, string> = {}, extra: Partial<BannerFacts> = {}): string[] {
  return bannerLines({ ...resolveOptions(flags, env), ...urls, ...extra });
}

describe('banner: what it says', () => {
  it('the defaults: SQLite in the data directory, no seed, reset and emulator off, builtin, loopback', () => {
    assert.deepEqual(bannerFor({ 'data-dir': '/srv/emsec-data' }), [
      'emsec 9.9.9',
      '  store        SQLite /srv/emsec-data/emsec.db',
      '  seed         none',
      '  reset        off',
      '  emulator     off',
      '  directories  builtin',
      'emsec: serving https://127.0.0.1:9398/api/ and http://127.0.0.1:9399/api/ (loopback only)',
    ]);
  });

  it('a relative data directory and seed file are shown as absolute paths', () => {
    const lines = bannerFor({ 'data-dir': 'emsec-data', seed: 'examples/seed.yaml', 'enable-reset': 'true' });
    assert.equal(lines[1], `  store        SQLite ${join(process.cwd(), 'emsec-data', 'emsec.db')}`);
    assert.equal(lines[2], `  seed         ${join(process.cwd(), 'examples', 'seed.yaml')}`);
    assert.equal(lines[3], '  reset        on (POST /emsec/reset)');
    assert.equal(lines[4], '  emulator     off');
  });

  it('--emulator: reset and the emulator on', () => {
    const lines = bannerFor({ emulator: 'true' });
    assert.equal(lines[3], '  reset        on (POST /emsec/reset)');
    assert.equal(lines[4], '  emulator     on (/emsec/faults, /emsec/clock, /emsec/sessions)');
  });

  it('every interface, one listener', () => {
    const lines = bannerFor({ host: '0.0.0.0' }, {}, { httpsUrl: undefined, httpUrl: 'http://localhost:9399' });
    assert.equal(lines.at(-1), 'emsec: serving http://localhost:9399/api/ (every interface)');
  });

  it('PostgreSQL and LDAP: host, port, database and user; never a password, a token or a query string', () => {
    const secrets = ['Db-S3cret', 'Q-S3cret', 'Adm1n-S3cret', 'Ldap-S3cret', 'Url-S3cret', 'Metrics-S3cret'];
    const lines = bannerFor({
      'database-url': 'postgres://emsec:Db-S3cret@db.example.net:5432/emsec?sslmode=require&password=Q-S3cret',
      directory: 'builtin, ldap://svc:Url-S3cret@dc1.example.com:389',
      'ldap-starttls': 'true',
    }, { EMSEC_ADMIN_PASSWORD: 'Adm1n-S3cret', EMSEC_LDAP_BIND_PASSWORD: 'Ldap-S3cret', EMSEC_METRICS_TOKEN: 'Metrics-S3cret' });
    assert.equal(lines[1], '  store        PostgreSQL database emsec on db.example.net:5432 (user emsec)');
    assert.equal(lines[5], '  directories  builtin, ldap://dc1.example.com:389 (StartTLS)');
    const text = lines.join('\n');
    for (const s of secrets) assert.ok(!text.includes(s), `${s} is not shown:\n${text}`);
    assert.doesNotMatch(text, /sslmode|password|svc/i);
    assert.ok(lines.length <= 7, 'a few lines');
  });

  it('PostgreSQL on a Unix socket: the socket directory', () => {
    assert.equal(bannerFor({ 'database-url': 'postgres://emsec@%2Fvar%2Frun%2Fpostgresql/emsec' })[1], '  store        PostgreSQL database emsec on /var/run/postgresql (user emsec)');
    assert.equal(bannerFor({ 'database-url': 'postgresql:///emsec?host=/run/pg' })[1], '  store        PostgreSQL database emsec on /run/pg');
  });

  it('a PostgreSQL URL that does not parse is not shown at all', () => {
    const lines = bannerFor({ 'database-url': 'postgres://emsec:Bad S3cret@[db/emsec' });
    assert.equal(lines[1], '  store        PostgreSQL (its URL does not parse, so it is not shown)');
    assert.ok(!lines.join('\n').includes('S3cret'));
  });
});

describe('banner: as the docs show it', () => {
  /** The ```text block after `after` in a doc, the banner's first line (the version) left out. */
  function shown(doc: string, after: string): string[] {
    const text = readFileSync(new URL(`../../${doc}`, import.meta.url), 'utf8');
    const at = text.indexOf(after);
    assert.ok(at >= 0, `${doc} still says '${after}'`);
    const block = /```text\n([\s\S]*?)```/.exec(text.slice(at))?.[1] ?? '';
    const lines = block.trimEnd().split('\n');
    assert.match(lines[0] as string, /^emsec \d+\.\d+\.\d+$/);
    return lines.slice(1);
  }

  it('README: a first npm start', () => {
    assert.deepEqual(shown('README.md', 'Once it listens'), bannerFor({ 'data-dir': '/home/you/emsec/emsec-data' }).slice(1));
  });

  it('docs/deploy.md: a PostgreSQL node on every interface with LDAP', () => {
    const lines = bannerFor({ 'database-url': 'postgres://emsec:change-me@db.example.net:5432/emsec', host: '0.0.0.0', directory: 'builtin,ldaps://dc1.example.com' },
      {}, { httpsUrl: 'https://localhost:9398', httpUrl: 'http://localhost:9399' });
    assert.deepEqual(shown('docs/deploy.md', "Each node's start-up banner"), lines.slice(1));
  });
});

describe('banner: a real start', () => {
  it('emsec serve prints it before it serves, and no password', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const server = await spawnServe(data, { EMSEC_ADMIN_PASSWORD: ADMIN_PASSWORD, EMSEC_SEED: SEED, EMSEC_ENABLE_RESET: 'true' });
    try {
      const out = server.output();
      const port = (url: string) => new URL(url).port;
      const expected = [
        /^emsec \d+\.\d+\.\d+$/m,
        new RegExp(`^  store        SQLite ${escape(join(data, 'emsec.db'))}$`, 'm'),
        new RegExp(`^  seed         ${escape(SEED)}$`, 'm'),
        /^ {2}reset {8}on \(POST \/emsec\/reset\)$/m,
        /^ {2}emulator {5}off$/m,
        /^ {2}directories {2}builtin$/m,
        new RegExp(`^emsec: serving https://127\\.0\\.0\\.1:${port(server.httpsUrl)}/api/ and http://127\\.0\\.0\\.1:${port(server.httpUrl)}/api/ \\(loopback only\\)$`, 'm'),
      ];
      for (const line of expected) assert.match(out, line);
      assert.ok(!out.includes(ADMIN_PASSWORD), 'the administrator password is not printed');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
