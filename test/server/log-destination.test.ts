// The request log of `emsec serve` is written in batches off the event loop (log-destination.ts):
// a real process, real requests, a clean stop, and every line must be there.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { spawnServe } from '../helpers/process.ts';
import { call, tempDir } from '../helpers/server.ts';

const dataDir = tempDir();
after(() => rmSync(dataDir, { recursive: true, force: true }));

const completed = (output: string, url: string): number =>
  output.split('\n').filter((l) => l.startsWith('{') && l.includes('"request completed"') && l.includes(`"url":"${url}"`)).length;

describe('emsec serve: the request log', () => {
  it('loses no line on SIGTERM, and a quiet server still writes its lines within a second', async () => {
    const served = await spawnServe(dataDir, { EMSEC_LOG_LEVEL: 'info' });
    const closed = new Promise((resolve) => served.child.once('close', resolve));
    try {
      assert.equal((await call(`${served.httpUrl}/api/?first`)).status, 200);
      // Fewer than a batch's bytes: written by the timer, not by filling the batch.
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(completed(served.output(), '/api/?first'), 1, served.output());

      const total = 600;
      let sent = 0;
      await Promise.all(Array.from({ length: 20 }, async () => {
        while (sent < total) {
          sent++;
          assert.equal((await call(`${served.httpUrl}/api/?burst`)).status, 200);
        }
      }));
      // Stop at once: the lines of the last requests are still gathered in memory.
      served.child.kill('SIGTERM');
      assert.equal(await served.exited, 0);
      await closed;
      assert.equal(completed(served.output(), '/api/?burst'), total);
      for (const line of served.output().split('\n').filter((l) => l.startsWith('{'))) JSON.parse(line);
    } finally {
      served.child.kill('SIGKILL');
    }
  });
});

describe('stdoutLogDestination', () => {
  it('writes the lines still gathered when the process exits without closing it', async () => {
    // A child that logs 200 lines (less than a batch: none handed over yet) and exits at once, with
    // no close(): the 'exit' handler writes them synchronously. (A batch already being written
    // when the process exits is the operating system's to finish or lose: a clean stop waits for it.)
    const script = `
      const { stdoutLogDestination } = await import(${JSON.stringify(new URL('../../dist/server/log-destination.js', import.meta.url).href)});
      const { stream } = stdoutLogDestination();
      for (let i = 0; i < 200; i++) stream.write(JSON.stringify({ n: i }) + '\\n');
      process.exit(0);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const code = await new Promise((resolve) => child.once('close', resolve));
    assert.equal(code, 0);
    const numbers = out.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { n: number }).n);
    assert.deepEqual(numbers, Array.from({ length: 200 }, (_, i) => i));
  });
});
