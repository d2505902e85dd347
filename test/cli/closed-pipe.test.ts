// `emsec audit | head -1` and `emsec export openapi | head`: the reader closes the pipe early, and
// emsec ends quietly (exit 0, nothing on stderr but its store line) instead of an EPIPE stack trace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/store/open.ts';
import { DEFAULTS } from '../../src/options.ts';
import { bin, runCli } from '../helpers/process.ts';
import { tempDir } from '../helpers/server.ts';

const SEED = fileURLToPath(new URL('../../examples/seed.yaml', import.meta.url));
const dataDir = tempDir();
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `emsec ARGS | head -c 1`: reads the first chunk of standard output, then closes the pipe. */
function firstChunkThenClose(args: string[]): Promise<{ code: number | string; first: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin(), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EMSEC_ADMIN_PASSWORD: 'Pipe-Admin-Passw0rd' } });
    let first = '';
    let stderr = '';
    child.stdout.once('data', (c: Buffer) => {
      first = c.toString();
      child.stdout.destroy();
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code, signal) => resolve({ code: code ?? signal ?? -1, first, stderr }));
  });
}

before(async () => {
  const seeded = await runCli(['seed', SEED, '--data-dir', dataDir], { env: { EMSEC_ADMIN_PASSWORD: 'Pipe-Admin-Passw0rd' } });
  assert.equal(seeded.code, 0, seeded.stderr);
  // A trail far longer than a pipe's buffer (64 KiB), so the writes are still going when it closes.
  const store = await openStore({ ...DEFAULTS, dataDir });
  try {
    await store.write(async (tx) => {
      for (let i = 0; i < 3000; i++) {
        await tx.audit.insert({ at: Date.now(), action: 'logon', result: 'failure', user: `TECH\\user${i}`, sessionId: null, remote: '127.0.0.1', resource: null, before: null, after: null, reason: 'The user name or password is incorrect.' });
      }
    });
  } finally {
    await store.close();
  }
});

describe('a reader that closes the pipe early', () => {
  for (const args of [['export', 'openapi'], ['export', 'xsd'], ['audit', '--data-dir', dataDir], ['audit', '--json', '--data-dir', dataDir], ['export', '--data-dir', dataDir]]) {
    it(`emsec ${args.slice(0, 2).join(' ')} ends quietly`, async () => {
      const res = await firstChunkThenClose(args);
      assert.ok(res.first.length > 0);
      assert.equal(res.code, 0, res.stderr);
      assert.doesNotMatch(res.stderr, /EPIPE|Error|at .*\.js:\d+/, res.stderr);
    });
  }
});
