// The console's static files over real HTTP: both ports, the strict Content-Security-Policy, the
// redirect to the trailing slash, unknown files, and 401s without a Basic challenge for scripts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CONSOLE_CSP, consoleDistDir } from '../../src/server/console.ts';
import { call, startServer, type TestServer } from '../helpers/server.ts';

interface Got { status: number; headers: { get(name: string): string | null }; text: string }

/** GET over HTTP, or over TLS trusting the server's generated certificate. */
async function get(server: TestServer, url: string): Promise<Got> {
  if (url.startsWith('http:')) return call(url);
  const ca = readFileSync(join(server.dataDir, 'tls', 'cert.pem'));
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, servername: 'localhost' }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: { get: (n) => (res.headers[n] === undefined ? null : String(res.headers[n])) } }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console files', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
  });
  after(() => server.close());

  test('the console is built (npm ci builds it)', () => {
    assert.ok(consoleDistDir(), 'console/dist/index.html is missing: run npm run build -w console');
  });

  test('the page is served on both ports under a policy that allows nothing inline and nothing foreign', async () => {
    for (const origin of [server.url, server.httpsUrl]) {
      const res = await get(server, `${origin}/emsec/console/`);
      assert.equal(res.status, 200, origin);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.equal(csp, CONSOLE_CSP);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      // Every script and stylesheet is a file of the console itself, and it is served too.
      const refs = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
      assert.ok(refs.some((r) => r.endsWith('.js')), res.text);
      assert.doesNotMatch(res.text, /<script>|<style|style="/);
      for (const ref of refs) {
        assert.match(ref, /^\/emsec\/console\//);
        const asset = await get(server, `${origin}${ref}`);
        assert.equal(asset.status, 200, ref);
        assert.equal(asset.headers.get('content-security-policy'), CONSOLE_CSP);
      }
    }
  });

  test('without the trailing slash the page redirects to it; an unknown file is a 404 Error body', async () => {
    const res = await call(`${server.url}/emsec/console`);
    assert.equal(res.status, 308);
    assert.equal(res.headers.get('location'), '/emsec/console/');
    const missing = await call(`${server.url}/emsec/console/assets/nothing.js`, { headers: { accept: 'application/json' } });
    assert.equal(missing.status, 404);
    assert.match(missing.json<{ Message: string }>().Message, /No console file/);
  });

  test('a 401 carries the Basic challenge, except to a script that says X-Requested-With', async () => {
    const plain = await call(`${server.url}/api/logonSessions`);
    assert.equal(plain.status, 401);
    assert.match(plain.headers.get('www-authenticate') ?? '', /^Basic/);
    for (const url of [`${server.url}/api/logonSessions`, `${server.url}/api/sessionMngr/?v=latest`]) {
      const method = url.includes('sessionMngr') ? 'POST' : 'GET';
      const res = await call(url, { method, headers: { 'x-requested-with': 'XMLHttpRequest', authorization: `Basic ${Buffer.from('EMSEC\\Administrator:wrong').toString('base64')}` } });
      assert.equal(res.status, 401, url);
      assert.equal(res.headers.get('www-authenticate'), null, url);
    }
  });
});
