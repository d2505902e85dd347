// Several emsec nodes on one PostgreSQL: two real `emsec serve` processes started at the same
// moment on an empty database. Any node serves any request: sessions, logout, idle expiry and role
// changes are shared at once, and concurrent requests spread over both nodes keep every rule (one
// assignment, the documented 400 for the other, no orphan, one administrator left), never a 500.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { BuiltinUsers } from '../../src/identity/builtin.ts';
import { openStore } from '../../src/store/open.ts';
import { DEFAULTS } from '../../src/options.ts';
import { spawnServe, type Spawned } from '../helpers/process.ts';
import { POSTGRES_SKIPPED, TEST_DATABASE_URL, createTestDatabase, query, type TestDatabase } from '../helpers/postgres.ts';
import { ADMIN, NS, TEST_COST, basic, call, createSpecXml, tempDir, type Call } from '../helpers/server.ts';

const PASSWORD = 'Multi-Node-Passw0rd';
const dirs: string[] = [];
const spawned: Spawned[] = [];

/** Starts `count` nodes at once on one database. */
async function startNodes(database: TestDatabase, count: number, env: Record<string, string> = {}): Promise<Spawned[]> {
  return Promise.all(Array.from({ length: count }, async () => {
    const dir = tempDir('emsec-node-');
    dirs.push(dir);
    const node = await spawnServe(dir, { EMSEC_DATABASE_URL: database.url, EMSEC_ADMIN_PASSWORD: PASSWORD, EMSEC_HTTPS_PORT: '0', ...env });
    spawned.push(node);
    return node;
  }));
}

async function stopNodes(nodes: readonly Spawned[]): Promise<void> {
  await Promise.all(nodes.map(async (n) => {
    if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGTERM');
    await n.exited;
  }));
}

async function logonAt(node: Spawned, user = ADMIN, password = PASSWORD): Promise<{ token: string; id: string }> {
  const res = await call(`${node.httpUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(user, password) } });
  assert.equal(res.status, 201, res.text);
  return { token: res.headers.get('x-restsvcsessionid') as string, id: /<SessionId>([^<]+)</.exec(res.text)?.[1] as string };
}

const h = (token: string, extra: Record<string, string> = {}) => ({ 'x-restsvcsessionid': token, ...extra });
const assignBody = (roleId: string) => `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${roleId}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`;

async function createAccount(node: Spawned, token: string, type: string, name: string, roles: string[]): Promise<Call> {
  return call(`${node.httpUrl}/api/security/accounts`, { method: 'POST', headers: h(token, { 'content-type': 'application/xml' }), body: createSpecXml(type, name, roles) });
}

const idOf = (res: Call): string => (res.headers.get('location') as string).split('/').pop() as string;

function count<T>(values: readonly T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

after(async () => {
  // A failed test must not leave a node running (it would keep this test process alive).
  await stopNodes(spawned);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('two nodes on one PostgreSQL', { skip: TEST_DATABASE_URL ? false : POSTGRES_SKIPPED }, () => {
  let database: TestDatabase;
  let a: Spawned;
  let b: Spawned;
  let admin: string;

  before(async () => {
    database = await createTestDatabase();
    // Both nodes start at the same moment on the empty database: migrations and bootstrap race.
    [a, b] = (await startNodes(database, 2)) as [Spawned, Spawned];
    const users = await openStore({ ...DEFAULTS, dataDir: '', databaseUrl: database.url });
    try {
      const directory = new BuiltinUsers(users, TEST_COST);
      await directory.add('TECH\\mary', 'Mary-Passw0rd');
      await directory.add('TECH\\otto', 'Otto-Passw0rd');
    } finally {
      await users.close();
    }
    admin = (await logonAt(a)).token;
  });
  after(async () => {
    await stopNodes([a, b].filter(Boolean));
    await database?.drop();
  });

  it('bootstrapped once although both nodes started together, and both are ready', async () => {
    const rows = await query<{ name: string }>(database.url, 'select name from accounts order by seq');
    assert.deepEqual(rows.map((r) => r.name), ['BUILTIN\\Administrators', 'BUILTIN\\Users', ADMIN]);
    assert.equal((await query(database.url, 'select * from roles')).length, 7);
    for (const node of [a, b]) assert.equal((await call(`${node.httpUrl}/emsec/health/ready`)).status, 200);
  });

  it('a session created on A works on B, and logout on A ends it on B at once', async () => {
    const sessions = await Promise.all(Array.from({ length: 20 }, (_, i) => logonAt(i % 2 ? a : b)));
    const uses = await Promise.all(sessions.flatMap((s) => [a, b].map((node) => call(`${node.httpUrl}/api/logonSessions/${s.id}`, { headers: h(s.token) }))));
    assert.deepEqual([...count(uses.map((r) => r.status))], [[200, 40]]);
    for (const s of sessions.slice(0, 5)) {
      // Warm B's view of the session, log out on A, and B refuses it on the very next request.
      assert.equal((await call(`${b.httpUrl}/api/logonSessions`, { headers: h(s.token) })).status, 200);
      assert.equal((await call(`${a.httpUrl}/api/logonSessions/${s.id}`, { method: 'DELETE', headers: h(s.token) })).status, 204);
      assert.equal((await call(`${b.httpUrl}/api/logonSessions`, { headers: h(s.token) })).status, 401);
      assert.equal((await call(`${b.httpUrl}/api/logonSessions/${s.id}`, { headers: h(admin) })).status, 404);
    }
    const listed = await call(`${b.httpUrl}/api/logonSessions`, { headers: h(admin, { accept: 'application/json' }) });
    const ids = new Set(listed.json<{ LogonSessions: { SessionId: string }[] }>().LogonSessions.map((s) => s.SessionId));
    for (const s of sessions.slice(5)) assert.ok(ids.has(s.id), 'every node lists every session');
  });

  it('a role change on A is seen by sessions on B on their next request; deleting the account ends them', async () => {
    const created = await createAccount(a, admin, 'User', 'TECH\\mary', [ROLE.PortalAdministrator.id, ROLE.PortalUser.id]);
    assert.equal(created.status, 201, created.text);
    const mary = await logonAt(b, 'TECH\\mary', 'Mary-Passw0rd');
    assert.equal((await call(`${b.httpUrl}/api/security/accounts`, { headers: h(mary.token) })).status, 200);
    const removed = await call(`${a.httpUrl}/api/security/accounts/${idOf(created)}/roles/${ROLE.PortalAdministrator.id}`, { method: 'DELETE', headers: h(admin) });
    assert.equal(removed.status, 204, removed.text);
    assert.equal((await call(`${b.httpUrl}/api/security/accounts`, { headers: h(mary.token) })).status, 403, 'B sees the change at once');
    assert.equal((await call(`${b.httpUrl}/api/logonSessions`, { headers: h(mary.token) })).status, 200);
    const back = await call(`${b.httpUrl}/api/security/accounts/${idOf(created)}/roles`, { method: 'POST', headers: h(admin, { 'content-type': 'application/xml' }), body: assignBody(ROLE.PortalAdministrator.id) });
    assert.equal(back.status, 201, back.text);
    assert.equal((await call(`${a.httpUrl}/api/security/accounts`, { headers: h(mary.token) })).status, 200, 'and A sees B\'s change');
    assert.equal((await call(`${a.httpUrl}/api/security/accounts/${idOf(created)}`, { method: 'DELETE', headers: h(admin) })).status, 204);
    assert.equal((await call(`${b.httpUrl}/api/logonSessions`, { headers: h(mary.token) })).status, 401, 'no role left: the session ends');
  });

  it('a page of references B answers again (its encoding reused) shows A\'s change on the next request', async () => {
    const page = (node: Spawned, accept: string) =>
      call(`${node.httpUrl}/api/security/accounts?pageSize=100&page=1`, { headers: h(admin, { accept }) });
    for (const accept of ['application/xml', 'application/json']) {
      const before = await page(b, accept);
      assert.equal(before.status, 200, before.text);
      assert.equal((await page(b, accept)).text, before.text, 'read twice, unchanged');
      const created = await createAccount(a, admin, 'ExternalUser', `paged-${accept.length}@tech.local`, [ROLE.PortalUser.id]);
      assert.equal(created.status, 201, created.text);
      const seen = await page(b, accept);
      assert.notEqual(seen.text, before.text, 'B sees the new account at once');
      assert.ok(seen.text.includes(idOf(created)));
      assert.equal((await call(`${a.httpUrl}/api/security/accounts/${idOf(created)}`, { method: 'DELETE', headers: h(admin) })).status, 204);
      assert.equal((await page(b, accept)).text, before.text, 'and its deletion');
    }
  });

  it('the same role assigned to the same account from both nodes at once: one 201, the others the documented 400', async () => {
    const accounts = await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      const res = await createAccount(i % 2 ? a : b, admin, 'ExternalUser', `race${i}@tech.local`, [ROLE.PortalUser.id]);
      assert.equal(res.status, 201, res.text);
      return idOf(res);
    }));
    const results = await Promise.all(accounts.flatMap((id) => Array.from({ length: 6 }, (_, j) => call(`${(j % 2 ? a : b).httpUrl}/api/security/accounts/${id}/roles`, {
      method: 'POST', headers: h(admin, { 'content-type': 'application/xml' }), body: assignBody(ROLE.VmRestoreOperator.id),
    }).then((res) => ({ id, res })))));
    for (const id of accounts) {
      const mine = results.filter((r) => r.id === id).map((r) => r.res);
      assert.deepEqual(mine.map((r) => r.status).sort(), [201, 400, 400, 400, 400, 400], mine.map((r) => r.text).join('\n'));
      for (const r of mine.filter((x) => x.status === 400)) assert.match(r.text, /already has the role 'VM Restore Operator'/);
    }
    const duplicates = await query(database.url, 'select account_id, role_id from account_roles group by account_id, role_id having count(*) > 1');
    assert.deepEqual(duplicates, []);
    const held = await query<{ n: string }>(database.url, 'select count(*) as n from account_roles where role_id = $1 and account_id = any($2)', [ROLE.VmRestoreOperator.id, accounts]);
    assert.equal(Number(held[0]?.n), accounts.length);
  });

  it('the same account created on both nodes at once: one 201, the others 400 "already exists"', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => createAccount(i % 2 ? a : b, admin, 'ExternalUser', 'twin@tech.local', [ROLE.PortalUser.id])));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 400, 400, 400, 400, 400, 400, 400]);
    for (const r of results.filter((x) => x.status === 400)) assert.match(r.text, /already exists/);
    assert.equal((await query(database.url, "select 1 from accounts where name_key = 'twin@tech.local'")).length, 1);
  });

  it('accounts deleted on A while B assigns them roles: no orphan, no 500', async () => {
    const accounts = await Promise.all(Array.from({ length: 15 }, async (_, i) => idOf(await createAccount(a, admin, 'ExternalUser', `doomed${i}@tech.local`, [ROLE.PortalUser.id]))));
    const results = await Promise.all(accounts.flatMap((id) => [
      call(`${a.httpUrl}/api/security/accounts/${id}`, { method: 'DELETE', headers: h(admin) }).then((res) => ({ op: 'delete', res })),
      ...[ROLE.VmRestoreOperator.id, ROLE.FileRestoreOperator.id, ROLE.SqlRestoreOperator.id].map((role) =>
        call(`${b.httpUrl}/api/security/accounts/${id}/roles`, { method: 'POST', headers: h(admin, { 'content-type': 'application/xml' }), body: assignBody(role) })
          .then((res) => ({ op: 'assign', res }))),
    ]));
    for (const { op, res } of results) {
      if (op === 'delete') assert.equal(res.status, 204, res.text);
      else assert.ok(res.status === 201 || res.status === 404, `${res.status} ${res.text}`);
    }
    const orphans = await query(database.url, 'select r.account_id from account_roles r left join accounts a on a.id = r.account_id where a.id is null');
    assert.deepEqual(orphans, []);
    assert.deepEqual(await query(database.url, 'select id from accounts where id = any($1)', [accounts]), []);
  });

  it('a node killed with SIGKILL loses nothing it acknowledged: the other node serves all of it', async () => {
    const [c] = (await startNodes(database, 1)) as [Spawned];
    const session = await logonAt(c);
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => createAccount(c, session.token, 'ExternalUser', `durable${i}@tech.local`, [ROLE.ExchangeRestoreOperator.id])));
    assert.deepEqual([...count(created.map((r) => r.status))], [[201, 10]]);
    c.child.kill('SIGKILL');
    assert.equal(await c.exited, 'SIGKILL');
    for (const res of created) {
      assert.equal((await call(`${a.httpUrl}/api/security/accounts/${idOf(res)}/roles/${ROLE.ExchangeRestoreOperator.id}`, { headers: h(session.token) })).status, 200);
    }
  });

  it('the last Portal Administrator survives concurrent deletions spread over both nodes', async () => {
    // Runs last: it leaves a single administrator account behind.
    const extra = await Promise.all(Array.from({ length: 6 }, async (_, i) => idOf(await createAccount(b, admin, 'ExternalUser', `admin${i}@tech.local`, [ROLE.PortalAdministrator.id]))));
    const holders = await query<{ account_id: string }>(database.url, 'select account_id from account_roles where role_id = $1', [ROLE.PortalAdministrator.id]);
    const all = holders.map((r) => r.account_id);
    assert.equal(all.length, extra.length + 2);
    const results = await Promise.all(all.map((id, i) => call(`${(i % 2 ? a : b).httpUrl}/api/security/accounts/${id}`, { method: 'DELETE', headers: h(admin) })));
    assert.deepEqual([...count(results.map((r) => r.status))].sort(), [[204, all.length - 1], [400, 1]].sort(), results.map((r) => r.text).join('\n'));
    assert.match(results.find((r) => r.status === 400)?.text ?? '', /last account with the Portal Administrator role/);
    assert.equal((await query(database.url, 'select 1 from account_roles where role_id = $1', [ROLE.PortalAdministrator.id])).length, 1);
  });
});

describe('idle expiry on two nodes', { skip: TEST_DATABASE_URL ? false : POSTGRES_SKIPPED }, () => {
  let database: TestDatabase;
  let nodes: Spawned[] = [];
  before(async () => {
    database = await createTestDatabase();
    // Time moves by the emulator's clock (/emsec/clock), alike on both nodes, not by waiting.
    nodes = await startNodes(database, 2, { EMSEC_IDLE_TIMEOUT: '60', EMSEC_EMULATOR: 'true' });
  });
  after(async () => {
    await stopNodes(nodes);
    await database?.drop();
  });

  it('is the same on every node: use on one keeps the session alive on the other; idleness ends it on both', async () => {
    const [a, b] = nodes as [Spawned, Spawned];
    const { token } = await logonAt(a);
    const status = async (node: Spawned) => (await call(`${node.httpUrl}/api/logonSessions`, { headers: h(token) })).status;
    // Another session moves the clocks, so only the test's own requests use the one under test.
    const { token: keeper } = await logonAt(a);
    const advance = async (seconds: number): Promise<void> => {
      for (const node of [a, b]) {
        const res = await call(`${node.httpUrl}/emsec/clock`, { method: 'POST', headers: h(keeper, { 'content-type': 'application/json' }), body: JSON.stringify({ advanceSeconds: seconds }) });
        assert.equal(res.status, 200, res.text);
      }
    };
    // Used only on B for 90 s (longer than the 60 s timeout): A still knows it is alive.
    for (let i = 0; i < 6; i++) {
      await advance(15);
      assert.equal(await status(b), 200);
    }
    assert.equal(await status(a), 200, 'A saw B\'s use of the session');
    // Then idle for longer than the timeout: B, which did not end it itself, refuses it too.
    await advance(61);
    assert.equal(await status(b), 401);
    assert.equal(await status(a), 401);
  });
});
