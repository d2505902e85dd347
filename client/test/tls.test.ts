// TLS in Node against emsec's HTTPS port and its self-signed certificate: refused by default,
// accepted with `insecure` or with the certificate as `ca` (undici's Agent as dispatcher).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConnectionError, EnterpriseManager } from '../src/index.ts';
import { ADMIN, ADMIN_PASSWORD, startServer, type TestServer } from './helpers.ts';

let server: TestServer;

describe('tls', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
  });
  after(() => server.close());

  const logon = (tls?: { insecure?: boolean; ca?: string }) => EnterpriseManager.logon({ url: server.httpsUrl, user: ADMIN, password: ADMIN_PASSWORD, ...(tls ? { tls } : {}) });

  it('refuses the untrusted self-signed certificate by default', async () => {
    await assert.rejects(logon(), (err: unknown) => err instanceof ConnectionError && /certificate/i.test(err.message));
  });

  it('accepts it with insecure', async () => {
    const em = await logon({ insecure: true });
    assert.equal((await em.roles.list().toArray()).length, 7);
    await em.logout();
  });

  it('accepts it when given as the CA, and still refuses another CA', async () => {
    const em = await logon({ ca: readFileSync(join(server.dataDir, 'tls', 'cert.pem'), 'utf8') });
    assert.equal((await em.whoami()).UserName, ADMIN);
    await em.logout();
    const other = await startServer({ logLevel: 'silent' });
    try {
      await assert.rejects(logon({ ca: readFileSync(join(other.dataDir, 'tls', 'cert.pem'), 'utf8') }), ConnectionError);
    } finally {
      await other.close();
    }
  });
});
