// Runs test/scripts/monitoring.sh — what public monitoring scripts for the real product do, in
// bash and curl — against a real emsec. Skipped, saying why, where bash or curl is missing.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.ts';

const SCRIPT = fileURLToPath(new URL('./monitoring.sh', import.meta.url));
const missing = ['bash', 'curl', 'base64', 'awk', 'sed'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const skip = missing.length > 0 ? `needs ${missing.join(', ')} on PATH` : false;

describe('a public monitoring script (bash + curl)', { skip }, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('logs on with JSON, computes the token from the SessionId, reads roles, logs out through Location', async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', [SCRIPT], { env: { ...process.env, EMSEC_API: `${server.url}/api`, EMSEC_USER: ADMIN, EMSEC_PASSWORD: ADMIN_PASSWORD }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'ok');
  });

  it('fails where a client would: with opaque tokens the computed token is refused', async () => {
    const opaque = await startServer({ sessionTokens: 'opaque' });
    try {
      const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile('bash', [SCRIPT], { env: { ...process.env, EMSEC_API: `${opaque.url}/api`, EMSEC_USER: ADMIN, EMSEC_PASSWORD: ADMIN_PASSWORD }, timeout: 60_000 },
          (err, _stdout, stderr) => resolve({ code: err ? 1 : 0, stderr }));
      });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /is not base64 of the SessionId/);
    } finally {
      await opaque.close();
    }
  });
});
