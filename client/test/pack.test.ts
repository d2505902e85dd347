// The published package: `npm pack` of emsec-client installs into a clean prefix, and the emctl
// installed there logs on to a running emsec and works; the library imports from the prefix.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ADMIN, ADMIN_PASSWORD, startServer, type TestServer } from './helpers.ts';
import { runNode } from './cli/emctl.ts';

const exec = promisify(execFile);
const CLIENT = fileURLToPath(new URL('..', import.meta.url));
let server: TestServer;
let work: string;

describe('npm pack of emsec-client', { timeout: 600_000 }, () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    work = mkdtempSync(join(tmpdir(), 'emsec-client-pack-'));
  });
  after(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('installs into a clean prefix; emctl and the library work from there', async () => {
    await exec('npm', ['pack', '--silent', '--pack-destination', work], { cwd: CLIENT, env: { ...process.env, npm_config_loglevel: 'error' } });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    const { stdout: listing } = await exec('tar', ['-tzf', join(work, tarball)]);
    assert.match(listing, /package\/dist\/cli\/main\.js/);
    assert.match(listing, /package\/dist\/index\.d\.ts/);
    assert.doesNotMatch(listing, /package\/(src|test)\//, 'sources and tests stay out of the package');
    const prefix = join(work, 'prefix');
    await exec('npm', ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', join(work, tarball)], { env: { ...process.env, npm_config_loglevel: 'error' } });

    const bin = join(prefix, 'node_modules', '.bin', 'emctl');
    const config = join(work, 'config');
    const emctl = async (args: string[]): Promise<string> => {
      const r = await runNode([bin, ...args], { configDir: config });
      assert.equal(r.code, 0, `emctl ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    assert.match(await emctl(['--version']), /^\d+\.\d+\.\d+/);
    const login = await runNode([bin, 'login', server.url, '--user', ADMIN, '--password-stdin'], { configDir: config, input: ADMIN_PASSWORD });
    assert.equal(login.code, 0, login.stderr);
    const roles = JSON.parse(await emctl(['roles', 'list', '-o', 'json'])) as { Name: string }[];
    assert.equal(roles.length, 7);
    assert.match(await emctl(['logout']), /Logged out/);

    const script = `import { EnterpriseManager } from 'emsec-client';
const em = await EnterpriseManager.logon({ url: process.argv[1], user: process.argv[2], password: process.argv[3] });
console.log((await em.roles.list().toArray()).length);
await em.logout();`;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script, server.url, ADMIN, ADMIN_PASSWORD], { cwd: prefix });
    assert.equal(stdout.trim(), '7');
  });
});
