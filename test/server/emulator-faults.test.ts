// /emsec/faults over real HTTP: each kind of fault (status, delay, drop, slow body) seen by a
// real client (node's fetch and node:http), the limits (times, probability), matching (method,
// route pattern, wildcards, any case, user), the listing's counters, reset, bad rules, and the
// controls' own gatekeeping (404 without --emulator, 401, 403).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { ADMIN, ADMIN_PASSWORD, basic, call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

const MARY = 'TECH\\mary.smith';
const MARY_PASSWORD = 'Mary-Passw0rd!';

let server: TestServer;
let admin: string;
before(async () => {
  server = await startServer({ emulator: true });
  admin = await logon(server);
  await server.addUser(MARY, MARY_PASSWORD);
  const created = await call(`${server.url}/api/security/accounts`, {
    method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('User', MARY, [ROLE.PortalUser.id]),
  });
  assert.equal(created.status, 201, created.text);
});
after(() => server.close());

interface RuleJson {
  id: string; href: string; kind: string; method: string; path: string; remaining: number | null; matched: number; injected: number; origin: string;
}

async function addFault(rule: unknown, token = admin): Promise<RuleJson> {
  const res = await call(`${server.url}/emsec/faults`, { method: 'POST', headers: json(token, { 'content-type': 'application/json' }), body: JSON.stringify(rule) });
  assert.equal(res.status, 201, res.text);
  return res.json<RuleJson>();
}

async function listFaults(): Promise<RuleJson[]> {
  const res = await call(`${server.url}/emsec/faults`, { headers: json(admin) });
  assert.equal(res.status, 200, res.text);
  return res.json<{ faults: RuleJson[] }>().faults;
}

async function clearFaults(): Promise<void> {
  assert.equal((await call(`${server.url}/emsec/faults`, { method: 'DELETE', headers: json(admin) })).status, 204);
}

const roles = (token = admin, accept = 'application/xml') => call(`${server.url}/api/security/roles`, { headers: { 'x-restsvcsessionid': token, accept } });

/** node:http: resolves with the status, the body and how many chunks it came in; rejects on a dropped connection. */
function httpGet(path: string, token: string): Promise<{ status: number; body: string; chunks: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers: { 'x-restsvcsessionid': token }, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), chunks: parts.length }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('fault rules: the contract forms', () => {
  it('status: 201 with a Location naming the rule, the next 2 matching requests get 503 with the Error body, then the real answer', async () => {
    const res = await call(`${server.url}/emsec/faults`, {
      method: 'POST', headers: json(admin, { 'content-type': 'application/json' }),
      body: '{"method":"GET","path":"/api/security/roles","status":503,"times":2}',
    });
    assert.equal(res.status, 201, res.text);
    const rule = res.json<RuleJson>();
    assert.match(rule.id, /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('location'), `${server.url}/emsec/faults/${rule.id}`);
    const named = await call(res.headers.get('location') as string, { headers: json(admin) });
    assert.equal(named.status, 200);
    assert.equal(named.json<RuleJson>().id, rule.id);

    const first = await roles();
    assert.equal(first.status, 503);
    assert.match(first.text, /^<\?xml[^>]*\?>\s*<Error [^>]*Message="The service is unavailable right now; try again later\." StatusCode="503"/);
    assert.equal(first.headers.get('x-emsec-fault'), rule.id, 'a test can tell an injected failure from a real one');
    const second = await roles(admin, 'application/json');
    assert.equal(second.status, 503);
    assert.equal(second.json<{ StatusCode: number }>().StatusCode, 503);
    const third = await roles();
    assert.equal(third.status, 200);
    assert.equal(third.headers.get('x-emsec-fault'), null);

    const listed = (await listFaults()).find((r) => r.id === rule.id);
    assert.deepEqual({ remaining: listed?.remaining, matched: listed?.matched, injected: listed?.injected, kind: listed?.kind }, { remaining: 0, matched: 2, injected: 2, kind: 'status' });
    assert.match(server.logs(), new RegExp(`"rule":"${rule.id}".*"injected fault"`), 'every injected fault is logged');

    assert.equal((await call(`${server.url}/emsec/faults/${rule.id}`, { method: 'DELETE', headers: json(admin) })).status, 204);
    assert.equal((await call(`${server.url}/emsec/faults/${rule.id}`, { method: 'DELETE', headers: json(admin) })).status, 404);
    assert.ok(!(await listFaults()).some((r) => r.id === rule.id));
  });

  it('delay: {"delayMs":300,"times":1} delays the next matching answer by at least 300 ms, which is otherwise the real one', async () => {
    const rule = await addFault({ method: 'GET', path: '/api/security/roles', delayMs: 300, times: 1 });
    const started = performance.now();
    const res = await roles();
    const elapsed = performance.now() - started;
    assert.equal(res.status, 200);
    assert.match(res.text, /<EntityReferences/);
    assert.ok(elapsed >= 300, `answered after ${elapsed.toFixed(0)} ms`);
    assert.equal(res.headers.get('x-emsec-fault'), rule.id);
    assert.equal((await listFaults()).find((r) => r.id === rule.id)?.remaining, 0);
    await clearFaults();
  });
});

describe('fault kinds with real clients', () => {
  it('jittered delay: at least delayMs', async () => {
    await addFault({ method: 'GET', path: '/api/security/roles', delayMs: 100, jitterMs: 100, times: 1 });
    const started = performance.now();
    assert.equal((await roles()).status, 200);
    assert.ok(performance.now() - started >= 100);
    await clearFaults();
  });

  it('drop: fetch and node:http see the connection closed without an answer; the next request is served', async () => {
    await addFault({ method: 'GET', path: '/api/security/roles', drop: true, times: 2 });
    await assert.rejects(roles(), (err: Error) => err instanceof TypeError && /fetch failed/.test(err.message));
    await assert.rejects(httpGet('/api/security/roles', admin), (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
    assert.equal((await roles()).status, 200);
    await clearFaults();
  });

  it('slow body: the real body, complete, in many small chunks spread over time', async () => {
    const whole = await httpGet('/api/security/roles', admin);
    await addFault({ method: 'GET', path: '/api/security/roles', slowBody: { chunkBytes: 100, intervalMs: 20 }, times: 1 });
    const started = performance.now();
    const slow = await httpGet('/api/security/roles', admin);
    const elapsed = performance.now() - started;
    assert.equal(slow.status, 200);
    assert.equal(slow.body, whole.body);
    const expectedChunks = Math.ceil(Buffer.byteLength(whole.body) / 100);
    assert.ok(slow.chunks >= 5 && expectedChunks >= 5, `${slow.chunks} chunks`);
    assert.ok(elapsed >= (expectedChunks - 1) * 20, `${elapsed.toFixed(0)} ms for ${expectedChunks} chunks`);
    await clearFaults();
  });

  it('status with a message and Retry-After; 401 carries the Basic challenge', async () => {
    await addFault({ method: 'GET', path: '/api/security/roles', status: 503, message: 'Restarting.', retryAfterSeconds: 2, times: 1 });
    const res = await roles(admin, 'application/json');
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '2');
    assert.equal(res.json<{ Message: string }>().Message, 'Restarting.');
    await addFault({ method: 'GET', path: '/api/security/roles', status: 401, times: 1 });
    const denied = await roles();
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('www-authenticate'), 'Basic realm="RestSvc"');
    assert.equal((await roles()).status, 200, 'the session itself was not ended');
    await clearFaults();
  });
});

describe('matching', () => {
  it("the route table's pattern, {ID}, * and ** match concrete paths in any case; other methods and paths do not match", async () => {
    const accounts = (await call(`${server.url}/api/security/accounts`, { headers: json(admin) })).json<{ Refs: { UID: string }[] }>().Refs;
    const id = (accounts[0]?.UID ?? '').split(':').pop() as string;
    for (const path of ['/api/security/accounts/:id/roles', '/api/security/accounts/{ID}/roles', '/api/security/accounts/*/roles', '/api/**/roles', '/API/Security/Accounts/*/ROLES']) {
      const rule = await addFault({ method: 'GET', path, status: 500 });
      assert.equal((await call(`${server.url}/api/security/accounts/${id}/roles`, { headers: json(admin) })).status, 500, path);
      assert.equal((await call(`${server.url}/Api/SECURITY/accounts/${id.toUpperCase()}/Roles`, { headers: json(admin) })).status, 500, `${path}, other case`);
      assert.equal((await call(`${server.url}/api/security/accounts/${id}/roles`, { method: 'POST', headers: json(admin, { 'content-type': 'application/json' }), body: '{}' })).status, 400, `${path}: POST does not match GET`);
      assert.equal((await call(`${server.url}/api/security/accounts/${id}`, { headers: json(admin) })).status, 200, `${path}: the account itself does not match`);
      assert.equal((await listFaults()).find((r) => r.id === rule.id)?.injected, 2);
      await clearFaults();
    }
  });

  it('a rule with a user faults only that user: their session, or their logon', async () => {
    await addFault({ path: '/api/security/roles', user: 'tech\\MARY.smith', status: 503 });
    await addFault({ method: 'POST', path: '/api/sessionMngr/', user: MARY, status: 401, times: 1 });
    const refused = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(MARY, MARY_PASSWORD) } });
    assert.equal(refused.status, 401);
    assert.ok(refused.headers.get('x-emsec-fault'));
    assert.equal((await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } })).status, 201, "the administrator's logon is not faulted");
    const mary = await logon(server, MARY, MARY_PASSWORD);
    assert.equal((await roles(mary)).status, 503, "Mary's request is faulted (before the 403 she would get)");
    assert.equal((await roles(admin)).status, 200);
    await clearFaults();
    assert.equal((await roles(mary)).status, 403);
  });

  it('probability: 0 never injects though every match counts; 0.5 injects some and not all', async () => {
    const never = await addFault({ method: 'GET', path: '/api/security/roles', status: 503, probability: 0, times: 3 });
    for (let i = 0; i < 3; i++) assert.equal((await roles()).status, 200);
    const listed = (await listFaults()).find((r) => r.id === never.id);
    assert.deepEqual([listed?.matched, listed?.injected, listed?.remaining], [3, 0, 0]);
    await clearFaults();

    const half = await addFault({ method: 'GET', path: '/api/security/roles', status: 503, probability: 0.5 });
    let failed = 0;
    for (let i = 0; i < 100; i++) if ((await roles()).status === 503) failed++;
    // Binomial(100, 0.5): outside 15..85 with probability below 1e-12.
    assert.ok(failed >= 15 && failed <= 85, `${failed} of 100 failed`);
    assert.equal((await listFaults()).find((r) => r.id === half.id)?.injected, failed);
    await clearFaults();
  });

  it('never faults its own controls: a rule on every path still lets a test list and delete it', async () => {
    await addFault({ path: '/**', status: 503 });
    assert.equal((await roles()).status, 503);
    assert.equal((await call(`${server.url}/emsec/faults`, { headers: json(admin) })).status, 200);
    await clearFaults();
    assert.equal((await roles()).status, 200);
  });
});

describe('fault rules: input, reset and gatekeeping', () => {
  const bad: [string, string, RegExp][] = [
    ['no effect', '{"path":"/api/security/roles"}', /needs an effect/],
    ['two effects', '{"path":"/api/security/roles","status":503,"drop":true}', /one of 'status', 'drop' or 'slowBody'/],
    ['a status that is not an error', '{"path":"/api/security/roles","status":200}', /'status' must be a whole number from 400 to 599/],
    ['an unknown field', '{"path":"/api/security/roles","status":503,"tims":2}', /Unknown field 'tims'/],
    ['a bad method', '{"method":"FETCH","status":503}', /'method' must be one of/],
    ['a query in the path', '{"path":"/api/security/roles?x=1","status":503}', /'path' must be a path/],
    ['times 0', '{"status":503,"times":0}', /'times' must be a whole number from 1/],
    ['a probability above 1', '{"status":503,"probability":2}', /'probability' must be a number from 0 to 1/],
    ['not JSON', '{"status":', /not valid JSON/],
    ['not an object', '[1]', /JSON object/],
  ];
  for (const [what, body, message] of bad) {
    it(`refuses ${what} with 400 and the Error body`, async () => {
      const res = await call(`${server.url}/emsec/faults`, { method: 'POST', headers: json(admin, { 'content-type': 'application/json' }), body });
      assert.equal(res.status, 400, res.text);
      assert.match(res.json<{ Message: string }>().Message, message);
    });
  }

  it('refuses an XML body with 415 and an unknown rule with 404', async () => {
    assert.equal((await call(`${server.url}/emsec/faults`, { method: 'POST', headers: json(admin, { 'content-type': 'application/xml' }), body: '<x/>' })).status, 415);
    assert.equal((await call(`${server.url}/emsec/faults/00000000-0000-4000-8000-000000000000`, { headers: json(admin) })).status, 404);
    assert.equal((await call(`${server.url}/emsec/faults/not-a-guid`, { method: 'DELETE', headers: json(admin) })).status, 404);
  });

  it('a reset clears every rule', async () => {
    await addFault({ path: '/api/tasks', status: 503 });
    assert.equal((await listFaults()).length, 1);
    assert.equal((await call(`${server.url}/emsec/reset`, { method: 'POST', headers: json(admin) })).status, 204);
    admin = await logon(server);
    assert.deepEqual(await listFaults(), []);
  });

  it('401 without a session, 403 for a user who is not a Portal Administrator', async () => {
    await server.addUser(MARY, MARY_PASSWORD).catch(() => undefined);
    const created = await call(`${server.url}/api/security/accounts`, {
      method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('User', MARY, [ROLE.PortalUser.id]),
    });
    assert.ok(created.status === 201 || created.status === 400, created.text);
    const mary = await logon(server, MARY, MARY_PASSWORD);
    for (const [method, path] of [['GET', '/emsec/faults'], ['POST', '/emsec/faults'], ['GET', '/emsec/faults/00000000-0000-4000-8000-000000000000'], ['DELETE', '/emsec/faults/00000000-0000-4000-8000-000000000000'], ['DELETE', '/emsec/faults']]) {
      const body = method === 'POST' ? '{"status":503}' : undefined;
      const anonymous = await call(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body });
      assert.equal(anonymous.status, 401, `${method} ${path}`);
      const user = await call(`${server.url}${path}`, { method, headers: json(mary, { 'content-type': 'application/json' }), body });
      assert.equal(user.status, 403, `${method} ${path}`);
    }
    assert.deepEqual(await listFaults(), [], 'nothing was created');
  });
});

describe('without --emulator', () => {
  it('every fault control answers 404, even to an administrator; no rule can exist', async () => {
    const plain = await startServer();
    try {
      const token = await logon(plain);
      for (const [method, path] of [['GET', '/emsec/faults'], ['POST', '/emsec/faults'], ['GET', '/emsec/faults/00000000-0000-4000-8000-000000000000'], ['DELETE', '/emsec/faults/00000000-0000-4000-8000-000000000000'], ['DELETE', '/emsec/faults']]) {
        const res = await call(`${plain.url}${path}`, { method, headers: json(token, { 'content-type': 'application/json' }), body: method === 'POST' ? '{"status":503}' : undefined });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.match(res.json<{ Message: string }>().Message, /--emulator/);
        assert.equal((await call(`${plain.url}${path}`, { method })).status, 404, `${method} ${path} without a session`);
      }
    } finally {
      await plain.close();
    }
  });
});

describe('closing the server', () => {
  it('cuts a long delay short: the delayed request gets its real answer and close does not wait for the rule', async () => {
    const closing = await startServer({ emulator: true, logLevel: 'silent' });
    const token = await logon(closing);
    const res = await call(`${closing.url}/emsec/faults`, { method: 'POST', headers: json(token, { 'content-type': 'application/json' }), body: '{"path":"/api/security/roles","delayMs":600000}' });
    assert.equal(res.status, 201);
    const pending = call(`${closing.url}/api/security/roles`, { headers: json(token) });
    // The request has arrived and waits in its delay once the rule counts it.
    for (let i = 0; i < 100 && (await call(`${closing.url}/emsec/faults`, { headers: json(token) })).json<{ faults: RuleJson[] }>().faults[0]?.injected !== 1; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await closing.close();
    const answer = await pending;
    assert.equal(answer.status, 200);
    assert.ok(answer.headers.get('x-emsec-fault'));
  });
});
