// The resolved configuration (src/options.ts): one default per setting, every one present after
// resolveOptions, shown by --help, and bad values refused there, once, with the CLI's messages.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULTS, SETTINGS, UsageError, resolveOptions } from '../src/options.ts';
import { runCli } from './helpers/process.ts';

/** Every default, written out here (not read from the code under test), with how --help shows it. */
const EXPECTED: Record<string, [value: unknown, shown: string | null]> = {
  host: ['127.0.0.1', '127.0.0.1'],
  httpsPort: [9398, '9398'],
  httpPort: [9399, '9399'],
  dataDir: ['./emsec-data', './emsec-data'],
  databasePoolSize: [10, '10'],
  databaseStatementTimeoutMs: [10_000, '10'],
  adminUser: ['EMSEC\\Administrator', null],
  minPasswordLength: [8, '8'],
  enableReset: [false, 'off'],
  emulator: [false, 'off'],
  idleTimeoutMs: [900_000, '900'],
  logonFailuresPerUser: [10, '10'],
  logonFailuresPerAddress: [50, '50'],
  logonFailureWindowMs: [300_000, '300'],
  maxSessionsPerUser: [100, '100'],
  sessionTokens: ['session-id', 'session-id'],
  // Its help describes the default in words ("ignore them with a warning").
  strictBodies: [false, null],
  jsonBom: [true, 'true'],
  bodyLimit: [1_048_576, '1048576'],
  maxDepth: [32, '32'],
  requestTimeoutMs: [30_000, '30'],
  headersTimeoutMs: [10_000, '10'],
  keepAliveTimeoutMs: [72_000, '72'],
  logLevel: ['info', 'info'],
  metrics: [true, 'true'],
  directory: ['builtin', 'builtin'],
  ldapPreset: ['ad', 'ad'],
  ldapStartTls: [false, 'off'],
  ldapTimeoutMs: [5_000, '5'],
  ldapCacheTtlMs: [60_000, '60'],
  ldapPoolSize: [4, '4'],
};

const message = (text: string) => (err: unknown) => err instanceof UsageError && err.message === text;

describe('the resolved configuration', () => {
  it('has every default, and only these, with nothing given', () => {
    const resolved = new Map(Object.entries(resolveOptions({}, {})));
    const set = [...resolved].filter(([, v]) => v !== undefined).map(([k]) => k).sort();
    assert.deepEqual(set, Object.keys(EXPECTED).sort(), 'a setting with a default is always set; one without stays unset');
    for (const [key, [value]] of Object.entries(EXPECTED)) assert.deepEqual(resolved.get(key), value, key);
    assert.deepEqual(Object.keys(DEFAULTS).sort(), Object.keys(EXPECTED).sort(), 'DEFAULTS is the one list of defaults');
  });

  it('--help shows each default as it is set on the command line', () => {
    for (const [key, [, shown]] of Object.entries(EXPECTED)) {
      if (shown === null) continue;
      const row = SETTINGS.find((s) => s.key === key);
      assert.ok(row, `${key} has a flag`);
      assert.ok(row.help.includes(`default ${shown}`), `--${row.flag}: '${row.help}' shows 'default ${shown}'`);
    }
  });

  it('takes a flag over the environment over the default', () => {
    assert.equal(resolveOptions({}, { EMSEC_DATABASE_POOL_SIZE: '3' }).databasePoolSize, 3);
    assert.equal(resolveOptions({ 'database-pool-size': '5' }, { EMSEC_DATABASE_POOL_SIZE: '3' }).databasePoolSize, 5);
    assert.equal(resolveOptions({ 'database-statement-timeout': '2' }, {}).databaseStatementTimeoutMs, 2_000);
    assert.equal(resolveOptions({}, { EMSEC_LDAP_POOL_SIZE: '8', EMSEC_LDAP_STARTTLS: 'yes' }).ldapPoolSize, 8);
    assert.equal(resolveOptions({}, { EMSEC_DATABASE_POOL_SIZE: '' }).databasePoolSize, 10, 'an empty variable is unset');
  });

  it('refuses a bad value with the message the CLI prints', () => {
    assert.throws(() => resolveOptions({ 'https-port': '70000' }, {}), message("--https-port / EMSEC_HTTPS_PORT must be a port number (0-65535), got '70000'."));
    assert.throws(() => resolveOptions({}, { EMSEC_BODY_LIMIT: '1MB' }), message("--body-limit / EMSEC_BODY_LIMIT must be a whole number, got '1MB'."));
    assert.throws(() => resolveOptions({ 'idle-timeout': '0' }, {}), message('--idle-timeout / EMSEC_IDLE_TIMEOUT must be at least 1 second.'));
    assert.throws(() => resolveOptions({}, { EMSEC_JSON_BOM: 'maybe' }), message("--json-bom / EMSEC_JSON_BOM must be true or false, got 'maybe'."));
    assert.throws(() => resolveOptions({ 'session-tokens': 'guid' }, {}), message("--session-tokens / EMSEC_SESSION_TOKENS must be one of session-id, opaque, got 'guid'."));
    assert.throws(() => resolveOptions({ 'database-pool-size': '-1' }, {}), message("--database-pool-size / EMSEC_DATABASE_POOL_SIZE must be a whole number, got '-1'."));
  });

  it('checks the PostgreSQL settings when a database URL is given, never showing its password', () => {
    assert.throws(() => resolveOptions({ 'database-url': 'mysql://root:s3cret@db/emsec' }, {}), message("--database-url / EMSEC_DATABASE_URL must start with postgres://, got 'mysql://root:***@db/emsec'."));
    assert.throws(() => resolveOptions({ 'database-url': 'postgres://db/emsec', 'database-pool-size': '0' }, {}), message('--database-pool-size / EMSEC_DATABASE_POOL_SIZE must be at least 1.'));
    assert.equal(resolveOptions({ 'database-url': 'postgresql://db/emsec' }, {}).databaseUrl, 'postgresql://db/emsec');
    // SQLite has no pool: the setting is not looked at (as before the configuration was resolved once).
    assert.equal(resolveOptions({ 'database-pool-size': '0' }, {}).databasePoolSize, 0);
  });

  it('a command stops on a bad database URL before touching a store: exit 2, the message, no password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emsec-options-'));
    try {
      const res = await runCli(['migrate', '--data-dir', dir, '--database-url', 'mysql://root:s3cret@db/emsec']);
      assert.equal(res.code, 2, res.stderr);
      assert.equal(res.stderr, "emsec: --database-url / EMSEC_DATABASE_URL must start with postgres://, got 'mysql://root:***@db/emsec'.\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
