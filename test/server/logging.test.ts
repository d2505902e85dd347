// Structured request logs, and neither session tokens nor passwords in them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, ADMIN_PASSWORD, basic, call, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

describe('request logs', () => {
  it('are JSON lines with method, url and status, and never carry a token or a password', async () => {
    const logon = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } });
    const token = logon.headers.get('x-restsvcsessionid') as string;
    await call(`${server.url}/api/logonSessions`, { headers: { 'x-restsvcsessionid': token } });
    await call(`${server.url}/api/logonSessions`, { headers: { cookie: `X-RestSvcSessionId=${token}` } });
    await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, 'Wrong-Passw0rd') } });
    // Each request's line is written when its answer has left: wait for the fourth.
    await server.logsWhen((logs) => logs.split('\n').filter((l) => l.includes('"msg":"request completed"')).length >= 4);
    const lines = server.logs().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l['req']).map((l) => l['req'] as Record<string, unknown>);
    assert.ok(requests.some((r) => r['method'] === 'GET' && r['url'] === '/api/logonSessions'));
    assert.ok(lines.some((l) => (l['res'] as Record<string, unknown> | undefined)?.['statusCode'] === 401));
    const all = server.logs();
    for (const secret of [token, ADMIN_PASSWORD, 'Wrong-Passw0rd', Buffer.from(`${ADMIN}:${ADMIN_PASSWORD}`).toString('base64')]) {
      assert.ok(!all.includes(secret), `log contains a secret: ${secret.slice(0, 4)}…`);
    }
  });
});
