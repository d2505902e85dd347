// The README's emctl section, run as written in bash against a running emsec: each line of its
// shell block in order (`npx emctl` is this checkout's emctl, the URL the test server's). The line
// that adds a directory user with the emsec CLI is done by the test server instead (the store
// belongs to it). A line commented `# exit 1: MESSAGE` must exit 1 with that message on stderr,
// `# prints the id` print an id; every other line must exit 0.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { readmeSection, shBlocks } from '../../../test/helpers/readme.ts';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers.ts';
import { MAIN } from './emctl.ts';

const exec = promisify(execFile);

/** The shell block of the README section on emctl (found by its heading: test/helpers/readme.ts). */
function emctlBlock(): string[] {
  const block = shBlocks(readmeSection('emctl: the command line'))[0] ?? '';
  return block.split('\n').filter((l) => l.trim() !== '');
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

describe('README: the emctl section against emsec', () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    dir = mkdtempSync(join(tmpdir(), 'emctl-readme-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every line works as written', { timeout: 300_000 }, async () => {
    const lines = emctlBlock();
    assert.ok(lines.length >= 12, lines.join('\n'));
    const forms = ['login', 'whoami', 'roles list', 'accounts add', 'roles assign', 'accounts show', 'accounts list', 'scopes list', 'roles unassign', 'accounts remove', 'logout'];
    for (const f of forms) assert.ok(lines.some((l) => l.includes(`npx emctl ${f}`)), `the README shows emctl ${f}`);

    const env: NodeJS.ProcessEnv = { ...process.env, EMCTL_CONFIG_DIR: join(dir, 'config'), PASSWORD: ADMIN_PASSWORD, T_NODE: process.execPath, T_MAIN: MAIN };
    delete env['EMCTL_PASSWORD'];
    const prelude = 'emctl() { "$T_NODE" --import tsx "$T_MAIN" "$@"; }\n';
    for (const line of lines) {
      const user = /^echo '([^']+)' \| npx emsec users add '([^']+)'$/.exec(line);
      if (user) {
        await server.addUser(user[2] as string, user[1] as string);
        continue;
      }
      const script = line.replaceAll('npx emctl', 'emctl').replaceAll('http://localhost:9399', server.url);
      const r: Ran = await exec('bash', ['-c', prelude + script], { env }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }),
      );
      const refused = /# exit 1: (.+)$/.exec(line);
      if (refused) {
        assert.equal(r.code, 1, `${line}\n${r.stderr}`);
        assert.equal(r.stderr, `${refused[1]}\n`, line);
        continue;
      }
      assert.equal(r.code, 0, `${line}\n${r.stderr}`);
      if (line.includes('# prints the id')) assert.match(r.stdout, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n$/, line);
      if (line.includes('accounts show') && line.includes('-o json')) {
        const shown = JSON.parse(r.stdout) as { account: { Name: string }; roles: { RoleName: string }[] };
        assert.equal(shown.account.Name, 'TECH\\mary');
        assert.deepEqual(shown.roles.map((x) => x.RoleName).sort(), ['File Restore Operator', 'VM Restore Operator']);
      }
      if (line.includes('accounts list --filter')) assert.match(r.stdout, /^TECH\\mary\s+User\s+true\s/m, line);
    }
  });
});
