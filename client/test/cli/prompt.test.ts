// The password prompt on a real terminal: emctl runs under a pseudo-terminal (util-linux
// `script`), asks, and the password typed after the prompt is not echoed; the login works. The
// password is typed only once the prompt is on the screen, as a person would: typed earlier, the
// terminal itself would echo it before emctl switched echo off.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, startServer, type TestServer } from '../helpers.ts';
import { MAIN } from './emctl.ts';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

interface Typed {
  code: number;
  /** Everything the terminal showed (the prompt, echoes, emctl's output). */
  screen: string;
}

/** Runs `emctl login URL --user NAME` on a pseudo-terminal; types `password` + Enter after the prompt. */
function loginOnTerminal(url: string, password: string, configDir: string): Promise<Typed> {
  return new Promise((resolve, reject) => {
    // Arguments travel in the environment: no quoting of the user's backslash for the shell.
    const env: NodeJS.ProcessEnv = { ...process.env, SHELL: '/bin/sh', EMCTL_CONFIG_DIR: configDir, T_NODE: process.execPath, T_MAIN: MAIN, T_URL: url, T_USER: ADMIN };
    delete env['EMCTL_PASSWORD'];
    const child = spawn('script', ['-qfec', '"$T_NODE" --import tsx "$T_MAIN" login "$T_URL" --user "$T_USER"', '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let typed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no prompt or no exit within 60 s; the terminal showed: ${JSON.stringify(screen)}`));
    }, 60_000);
    child.stdout.on('data', (c: Buffer) => {
      screen += c.toString('utf8');
      if (!typed && screen.includes(`Password for ${ADMIN}: `)) {
        typed = true;
        // Then a moment for emctl to have switched the terminal to raw mode after writing the prompt.
        setTimeout(() => child.stdin.write(`${password}\r`), 200);
      }
    });
    child.stderr.on('data', (c: Buffer) => (screen += c.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code: code ?? -1, screen });
    });
  });
}

describe('emctl login: the password prompt on a terminal', { skip: !hasScript && 'util-linux script is not installed (no pseudo-terminal to test on)' }, () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    dir = mkdtempSync(join(tmpdir(), 'emctl-prompt-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks without echo and logs on with what was typed', { timeout: 90_000 }, async () => {
    const config = join(dir, 'ok');
    const r = await loginOnTerminal(server.url, ADMIN_PASSWORD, config);
    assert.equal(r.code, 0, r.screen);
    assert.match(r.screen, /Password for EMSEC\\Administrator: /);
    assert.match(r.screen, /Logged on to .* as EMSEC\\Administrator/);
    assert.ok(!r.screen.includes(ADMIN_PASSWORD), `the password was echoed: ${JSON.stringify(r.screen)}`);
    assert.ok(!r.screen.includes('*'.repeat(ADMIN_PASSWORD.length)), 'not even as stars');
    assert.equal(statSync(join(config, 'session.json')).mode & 0o777, 0o600);
  });

  it('a wrong password typed at the prompt is refused (exit 1), still without echo', { timeout: 90_000 }, async () => {
    const config = join(dir, 'wrong');
    const r = await loginOnTerminal(server.url, 'Wr0ng-Secret!', config);
    assert.equal(r.code, 1, r.screen);
    assert.ok(!r.screen.includes('Wr0ng-Secret!'), `the password was echoed: ${JSON.stringify(r.screen)}`);
    assert.match(r.screen, /emctl: /);
    assert.equal(existsSync(join(config, 'session.json')), false);
  });
});
