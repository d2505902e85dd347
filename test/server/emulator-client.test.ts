// The emulator's controls against emsec-client (client/), a real client of the product: its retry
// of 503 answers, its re-logon on a 401 from an expired session, and what it reports for a dropped
// connection and an answer slower than its timeout. Over real HTTP, on the real server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConnectionError, EnterpriseManager, ServiceUnavailableError, TimeoutError } from '../../client/src/index.ts';
import { ADMIN, ADMIN_PASSWORD, call, json, logon, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let admin: string;
before(async () => {
  server = await startServer({ emulator: true, logLevel: 'silent' });
  admin = await logon(server);
});
after(() => server.close());

interface Rule { id: string; matched: number; injected: number; remaining: number | null }

async function addFault(rule: unknown): Promise<Rule> {
  const res = await call(`${server.url}/emsec/faults`, { method: 'POST', headers: json(admin, { 'content-type': 'application/json' }), body: JSON.stringify(rule) });
  assert.equal(res.status, 201, res.text);
  return res.json<Rule>();
}
const ruleNow = async (id: string): Promise<Rule> => (await call(`${server.url}/emsec/faults/${id}`, { headers: json(admin) })).json<Rule>();
const client = (extra: Record<string, unknown> = {}) => EnterpriseManager.logon({ url: server.url, user: ADMIN, password: ADMIN_PASSWORD, ...extra });

describe('emsec-client against injected faults', () => {
  it('retries 503 answers: two injected 503s, then the roles', async () => {
    const em = await client({ retries: { attempts: 3, baseDelayMs: 10 } });
    const rule = await addFault({ method: 'GET', path: '/api/security/roles', status: 503, times: 2 });
    const roles = await em.roles.list().toArray();
    assert.equal(roles.length, 7);
    assert.deepEqual([(await ruleNow(rule.id)).injected, (await ruleNow(rule.id)).remaining], [2, 0]);
    await em.logout();
  });

  it('without retries a 503 is a ServiceUnavailableError', async () => {
    const em = await client();
    await addFault({ method: 'GET', path: '/api/security/roles', status: 503, times: 1 });
    await assert.rejects(em.roles.list().toArray(), ServiceUnavailableError);
    await em.logout();
  });

  it('logs on again when its session has expired (POST /emsec/sessions/{ID}/expire), once', async () => {
    const em = await client();
    const first = em.session?.SessionId as string;
    assert.equal((await call(`${server.url}/emsec/sessions/${first}/expire`, { method: 'POST', headers: json(admin) })).status, 204);
    assert.equal((await em.roles.list().toArray()).length, 7);
    assert.notEqual(em.session?.SessionId, first, 'a new session');
    await em.logout();
  });

  it('logs on again after the clock moved past the idle timeout', async () => {
    const em = await client();
    const first = em.token;
    assert.equal((await call(`${server.url}/emsec/clock`, { method: 'POST', headers: json(admin, { 'content-type': 'application/json' }), body: '{"advanceSeconds":901}' })).status, 200);
    admin = await logon(server);
    assert.equal((await em.roles.list().toArray()).length, 7);
    assert.notEqual(em.token, first);
    await em.logout();
  });

  it('a dropped connection is a ConnectionError; a delay beyond its timeout a TimeoutError', async () => {
    const em = await client({ timeout: 200 });
    await addFault({ method: 'GET', path: '/api/security/roles', drop: true, times: 1 });
    await assert.rejects(em.roles.list().toArray(), ConnectionError);
    await addFault({ method: 'GET', path: '/api/security/roles', delayMs: 1000, times: 1 });
    await assert.rejects(em.roles.list().toArray(), TimeoutError);
    assert.equal((await em.roles.list().toArray()).length, 7);
    await em.logout();
  });
});
