// The package as users install it: `npm pack` of this checkout, then `npm install -g` of the
// tarball into a clean prefix, with no npm warning (install scripts not approved, EBADENGINE,
// deprecated); the `emsec` installed there prints package.json's version and serves GET /api/
// (and Swagger UI's files, from the bundled swagger-ui-dist).
// The installer approves better-sqlite3's install script (its native binding), as the README's
// install line does: npm 11 asks for that; nothing else in the package has one
// (docs/decisions.md, "Installed without install-script warnings"). Skips, saying so, when the
// npm registry cannot be reached.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../helpers/process.ts';
import { ADMIN_PASSWORD } from '../helpers/server.ts';

const exec = promisify(execFile);
const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(CHECKOUT, 'package.json'), 'utf8')) as { version: string }).version;

/** Why the test cannot run here, or undefined: the registry must answer (dependencies come from it or npm's cache). */
async function offline(): Promise<string | undefined> {
  let registry = 'https://registry.npmjs.org/';
  try {
    registry = (await exec('npm', ['config', 'get', 'registry'])).stdout.trim() || registry;
    const res = await fetch(registry, { signal: AbortSignal.timeout(10_000) });
    if (res.status >= 500) return `the npm registry ${registry} answers ${res.status}`;
    return undefined;
  } catch (err) {
    return `the npm registry ${registry} cannot be reached (${(err as Error).message}): npm install -g needs it`;
  }
}

const skip = await offline();

describe('npm pack of emsec, installed globally into a clean prefix', { skip: skip ?? false, timeout: 900_000 }, () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'emsec-pack-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('installs without warnings; emsec --version and emsec serve work from the prefix', async () => {
    // npm pack runs prepack (build, package.json without `prepare`) and postpack here, as a release would.
    await exec('npm', ['pack', '--pack-destination', work], { cwd: CHECKOUT, maxBuffer: 16 * 1024 * 1024 });
    const tarball = readdirSync(work).find((f) => f === `emsec-${VERSION}.tgz`);
    assert.ok(tarball, `npm pack wrote emsec-${VERSION}.tgz: ${readdirSync(work).join(', ')}`);
    const manifest = JSON.parse((await exec('tar', ['-xzOf', join(work, tarball), 'package/package.json'])).stdout) as { scripts: Record<string, string> };
    assert.equal(manifest.scripts['prepare'], undefined, 'the packed manifest has no prepare script');
    assert.match(readFileSync(join(CHECKOUT, 'package.json'), 'utf8'), /"prepare": "npm run build/, "the checkout's package.json got its prepare back");

    const prefix = join(work, 'prefix');
    const install = await exec('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund',
      '--allow-scripts=better-sqlite3', `./${tarball}`], { cwd: work, maxBuffer: 16 * 1024 * 1024 });
    const output = `${install.stdout}\n${install.stderr}`;
    const warnings = output.split('\n').filter((l) => /^npm (warn|WARN|error|ERR)/.test(l));
    assert.deepEqual(warnings, [], `npm install -g printed warnings:\n${output}`);
    assert.doesNotMatch(output, /install-scripts|allowScripts|EBADENGINE|deprecated/i, output);

    const emsec = join(prefix, 'bin', 'emsec');
    const version = await exec(emsec, ['--version']);
    assert.equal(version.stdout.trim(), `emsec ${VERSION}`);

    const port = await freePort();
    const child = spawn(emsec, ['serve', '--http-port', String(port), '--https-port', '0', '--data-dir', join(work, 'data')], {
      env: { ...process.env, EMSEC_ADMIN_PASSWORD: ADMIN_PASSWORD, EMSEC_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the installed emsec did not start in 60 s:\n${out}`)), 60_000);
        const onData = (c: Buffer) => {
          out += c.toString();
          if (out.includes('emsec: serving')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`the installed emsec exited (${code}) before serving:\n${out}`));
        });
      });
      const res = await fetch(`http://127.0.0.1:${port}/api/`);
      const body = await res.text();
      assert.equal(res.status, 200, body);
      assert.match(body, /<EnterpriseManager\b/, body);
      // Swagger UI's files come from the bundled swagger-ui-dist.
      const css = await fetch(`http://127.0.0.1:${port}/emsec/docs/swagger-ui.css`);
      assert.equal(css.status, 200);
      assert.ok((await css.text()).length > 10_000);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
