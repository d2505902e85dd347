// Real TLS on the HTTPS listener: a self-signed certificate generated once and reused, TLS 1.2+
// only, the Secure cookie flag.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, basic, startServer, tempDir, type TestServer } from '../helpers/server.ts';

const dataDir = tempDir();
let server: TestServer;
before(async () => {
  server = await startServer({ dataDir });
});
after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function httpsCall(url: string, method: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const ca = readFileSync(join(dataDir, 'tls', 'cert.pem'));
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca, servername: 'localhost' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS listener', () => {
  it('serves /api over TLS with the generated certificate, and marks the cookie Secure', async () => {
    const root = await httpsCall(`${server.httpsUrl}/api/`, 'GET', {});
    assert.equal(root.status, 200);
    assert.match(root.body, new RegExp(`Href="${server.httpsUrl.replace(/\./g, '\\.')}/api/logonSessions"`));
    const logon = await httpsCall(`${server.httpsUrl}/api/sessionMngr/?v=latest`, 'POST', { authorization: basic(ADMIN, ADMIN_PASSWORD) });
    assert.equal(logon.status, 201);
    assert.match(String(logon.headers['set-cookie']), /; Path=\/api; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('refuses TLS 1.1', async () => {
    const port = Number(new URL(server.httpsUrl).port);
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, maxVersion: 'TLSv1.1', minVersion: 'TLSv1', rejectUnauthorized: false });
      socket.once('secureConnect', () => { socket.destroy(); resolve('connected'); });
      socket.once('error', (err) => resolve(err.message));
    });
    assert.notEqual(outcome, 'connected');
  });

  it('reuses the certificate on the next start', async () => {
    const before = readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8');
    await server.close();
    server = await startServer({ dataDir });
    assert.equal(readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8'), before);
  });
});
