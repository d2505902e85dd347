// The audit trail over HTTP: each auditable action writes exactly one record with the right
// fields, a failed change writes its failure, reads write nothing, the trail survives a reset,
// GET /emsec/audit pages and filters it, and no secret ever appears in it or in the logs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { ADMIN, ADMIN_PASSWORD, ManualClock, NS, basic, call, json, startServer, type TestServer } from '../helpers/server.ts';
import { createAccount, logonFull } from './authz-fixtures.ts';

interface Event {
  seq: number; at: string; action: string; result: string; user: string | null; sessionId: string | null; remote: string | null;
  resource: string | null; before: unknown; after: unknown; reason: string | null;
}

const MARY = 'TECH\\mary';
const MARY_PASSWORD = 'Mary-Passw0rd-7c1';
const VC = 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd';
const SQLSRV = `urn:VMware:Vm:${VC}.vm-15309`;

const clock = new ManualClock();
let server: TestServer;
let admin: { token: string; sessionId: string; ref: string };
let cursor = '0';
/** Every token and password this test hands out, for the secret scan at the end. */
const secrets = new Set<string>([ADMIN_PASSWORD, MARY_PASSWORD, 'Wrong-Passw0rd-9f2']);

const api = (path: string): string => `${server.url}/api${path}`;

async function logonAs(name: string, password: string): Promise<{ token: string; sessionId: string; ref: string }> {
  const s = await logonFull(server, name, password);
  // The SessionId is as good as the token: neither may reach the trail or the log.
  secrets.add(s.token);
  secrets.add(s.sessionId);
  return s;
}

async function page(query: string, token = admin.token): Promise<{ events: Event[]; next: string | null }> {
  const res = await call(`${server.url}/emsec/audit?${query}`, { headers: json(token) });
  assert.equal(res.status, 200, res.text);
  return res.json<{ events: Event[]; next: string | null }>();
}

/** The records written since the last call. */
async function fresh(): Promise<Event[]> {
  const { events } = await page(`order=asc&cursor=${cursor}&limit=1000`);
  if (events.length) cursor = String((events[events.length - 1] as Event).seq);
  return events;
}

async function one(action: string): Promise<Event> {
  const events = await fresh();
  assert.equal(events.length, 1, `expected exactly one record, got ${JSON.stringify(events, null, 1)}`);
  const [event] = events as [Event];
  assert.equal(event.action, action);
  assert.equal(event.remote, '127.0.0.1');
  assert.equal(new Date(event.at).getTime(), clock.now());
  return event;
}

const byAdmin = (e: Event): void => {
  assert.equal(e.user, ADMIN);
  assert.equal(e.sessionId, admin.ref);
};

before(async () => {
  server = await startServer({ clock, enableReset: true });
  admin = await logonAs(ADMIN, ADMIN_PASSWORD);
  await server.addUser(MARY, MARY_PASSWORD);
  await fresh();
});
after(() => server.close());

describe('one record per auditable action', () => {
  let maryAccount: string;
  let mary: { token: string; sessionId: string; ref: string };

  it('account create', async () => {
    maryAccount = await createAccount(server, admin.token, 'User', MARY, [ROLE.VmRestoreOperator.id]);
    const e = await one('account.create');
    byAdmin(e);
    assert.equal(e.result, 'success');
    assert.equal(e.resource, `/security/accounts/${maryAccount}`);
    assert.deepEqual(e.after, { name: MARY, type: 'User', allowRestoreAllVms: true, roles: ['VM Restore Operator'] });
    assert.equal(e.before, null);
  });

  it('logon', async () => {
    mary = await logonAs(MARY, MARY_PASSWORD);
    const e = await one('logon');
    assert.deepEqual([e.result, e.user, e.sessionId, e.resource], ['success', MARY, mary.ref, `/logonSessions/${mary.ref}`]);
  });

  it('failed logon, with the name it claimed and no session', async () => {
    const res = await call(api('/sessionMngr/?v=latest'), { method: 'POST', headers: { authorization: basic(MARY, 'Wrong-Passw0rd-9f2') } });
    assert.equal(res.status, 401);
    const e = await one('logon');
    assert.deepEqual([e.result, e.user, e.sessionId, e.resource], ['failure', MARY, null, '/sessionMngr']);
    assert.match(e.reason as string, /bad password/);
  });

  it('reads write nothing', async () => {
    for (const path of ['/security/accounts', `/security/accounts/${maryAccount}/roles`, '/logonSessions', '/tasks']) {
      assert.equal((await call(api(path), { headers: json(admin.token) })).status, 200);
    }
    assert.equal((await call(api('/tasks'), { headers: json(mary.token) })).status, 200);
    assert.deepEqual(await fresh(), []);
  });

  it('role assignment, with the roles before and after', async () => {
    const res = await call(api(`/security/accounts/${maryAccount}/roles`), {
      method: 'POST', headers: json(admin.token, { 'content-type': 'application/json' }), body: JSON.stringify({ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${ROLE.FileRestoreOperator.id}` }),
    });
    assert.equal(res.status, 201, res.text);
    const e = await one('role.assign');
    byAdmin(e);
    assert.equal(e.resource, `/security/accounts/${maryAccount}/roles/${ROLE.FileRestoreOperator.id}`);
    assert.deepEqual((e.before as { roles: string[] }).roles, ['VM Restore Operator']);
    assert.deepEqual((e.after as { roles: string[] }).roles, ['VM Restore Operator', 'File Restore Operator']);
  });

  it('a failed role assignment writes its failure and changes nothing', async () => {
    const res = await call(api(`/security/accounts/${maryAccount}/roles`), {
      method: 'POST', headers: json(admin.token, { 'content-type': 'application/json' }), body: JSON.stringify({ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${ROLE.FileRestoreOperator.id}` }),
    });
    assert.equal(res.status, 400);
    const e = await one('role.assign');
    byAdmin(e);
    assert.equal(e.result, 'failure');
    assert.match(e.reason as string, /already has the role 'File Restore Operator'/);
    const roles = await call(api(`/security/accounts/${maryAccount}/roles`), { headers: json(admin.token) });
    assert.equal(roles.json<{ EnterpriseAccountInRoles: unknown[] }>().EnterpriseAccountInRoles.length, 2);
  });

  it('role unassignment', async () => {
    assert.equal((await call(api(`/security/accounts/${maryAccount}/roles/${ROLE.FileRestoreOperator.id}`), { method: 'DELETE', headers: json(admin.token) })).status, 204);
    const e = await one('role.unassign');
    byAdmin(e);
    assert.deepEqual((e.after as { roles: string[] }).roles, ['VM Restore Operator']);
  });

  it('restore toggle', async () => {
    assert.equal((await call(api(`/security/accounts/${maryAccount}`), { method: 'POST', headers: json(admin.token) })).status, 204);
    const e = await one('account.toggle');
    assert.deepEqual([e.before, e.after], [{ name: MARY, allowRestoreAllVms: true }, { name: MARY, allowRestoreAllVms: false }]);
  });

  let scopeId: string;
  it('scope change: add', async () => {
    const res = await call(api(`/security/accounts/${maryAccount}/scopes`), {
      method: 'POST', headers: json(admin.token, { 'content-type': 'application/json' }), body: JSON.stringify({ HierarchyScopeItems: [{ HierarchyObjRef: SQLSRV }] }),
    });
    assert.equal(res.status, 201, res.text);
    scopeId = (res.headers.get('location') as string).split('/').pop() as string;
    const e = await one('scope.add');
    assert.deepEqual([e.before, e.after], [{ account: MARY, scopes: [] }, { account: MARY, scopes: [SQLSRV] }]);
  });

  it('rebuild', async () => {
    const res = await call(api('/security/accounts?action=rebuildScope'), {
      method: 'POST', headers: json(admin.token, { 'content-type': 'application/xml' }), body: `<RebuildScopeJobSpec xmlns="${NS}"><RebuildAll/></RebuildScopeJobSpec>`,
    });
    assert.equal(res.status, 201, res.text);
    const e = await one('scope.rebuild');
    byAdmin(e);
    assert.equal((e.after as { task: string }).task, res.json<{ TaskId: string }>().TaskId);
    assert.equal((e.after as { mode: string }).mode, 'RebuildAll');
  });

  it('scope change: remove', async () => {
    assert.equal((await call(api(`/security/accounts/${maryAccount}/scopes/${scopeId}`), { method: 'DELETE', headers: json(admin.token) })).status, 204);
    const e = await one('scope.remove');
    assert.equal(e.resource, `/security/accounts/${maryAccount}/scopes/${scopeId}`);
    assert.deepEqual(e.after, { account: MARY, scopes: [] });
  });

  it('a failed logout (another user\'s session, not an administrator) writes its failure', async () => {
    const res = await call(api(`/logonSessions/${admin.sessionId}`), { method: 'DELETE', headers: json(mary.token) });
    assert.equal(res.status, 403);
    const e = await one('logout');
    assert.deepEqual([e.result, e.user, e.sessionId, e.resource], ['failure', MARY, mary.ref, `/logonSessions/${admin.ref}`]);
  });

  it('logout', async () => {
    const other = await logonAs(MARY, MARY_PASSWORD);
    await fresh();
    assert.equal((await call(api(`/logonSessions/${other.sessionId}`), { method: 'DELETE', headers: json(other.token) })).status, 204);
    const e = await one('logout');
    assert.deepEqual([e.result, e.user, e.sessionId, e.resource], ['success', MARY, other.ref, `/logonSessions/${other.ref}`]);
    assert.deepEqual((e.before as { user: string }).user, MARY);
  });

  it('session expiry, when the expired session is used again', async () => {
    clock.advance(15 * 60_000 + 1);
    admin = await logonAs(ADMIN, ADMIN_PASSWORD);
    // The administrator's own sessions idle out on this logon (each recorded), then the logon.
    const events = await fresh();
    assert.deepEqual(events.map((e) => `${e.action} ${e.user}`), [...events.slice(0, -1).map(() => `session.expire ${ADMIN}`), `logon ${ADMIN}`]);
    assert.equal((await call(api('/tasks'), { headers: json(mary.token) })).status, 401);
    const e = await one('session.expire');
    assert.deepEqual([e.result, e.user, e.sessionId, e.resource], ['success', MARY, mary.ref, `/logonSessions/${mary.ref}`]);
    assert.equal((await call(api('/tasks'), { headers: json(mary.token) })).status, 401);
    assert.deepEqual(await fresh(), [], 'an ended session is recorded once');
  });

  it('session expiry of a session nobody uses again (the sweep)', async () => {
    const idle = await logonAs(MARY, MARY_PASSWORD);
    await fresh();
    clock.advance(15 * 60_000 + 1);
    admin = await logonAs(ADMIN, ADMIN_PASSWORD);
    await fresh();
    assert.equal(await server.running.emsec.sessions.sweep(), 1);
    const events = await fresh();
    assert.deepEqual(events.map((e) => [e.action, e.user, e.sessionId, e.remote]), [['session.expire', MARY, idle.ref, null]]);
    assert.equal(await server.running.emsec.sessions.sweep(), 0);
  });

  it('account delete, with what the account was', async () => {
    assert.equal((await call(api(`/security/accounts/${maryAccount}`), { method: 'DELETE', headers: json(admin.token) })).status, 204);
    const e = await one('account.delete');
    byAdmin(e);
    assert.deepEqual(e.before, { name: MARY, type: 'User', allowRestoreAllVms: false, roles: ['VM Restore Operator'] });
  });

  it('failed account changes: unknown account, invalid name', async () => {
    const gone = await call(api(`/security/accounts/${maryAccount}`), { method: 'DELETE', headers: json(admin.token) });
    assert.equal(gone.status, 404);
    const e = await one('account.delete');
    assert.equal(e.result, 'failure');
    assert.match(e.reason as string, /was not found/);
    const bad = await call(api('/security/accounts'), {
      method: 'POST', headers: json(admin.token, { 'content-type': 'application/json' }),
      body: JSON.stringify({ AccountType: 'User', AccountName: 'no-backslash', Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${ROLE.PortalUser.id}` }] }, AllowRestoreAllVms: true }),
    });
    assert.equal(bad.status, 400);
    const f = await one('account.create');
    assert.deepEqual([f.result, f.resource, f.after], ['failure', '/security/accounts', { name: 'no-backslash', type: 'User' }]);
  });

  it('reset, and the trail survives it', async () => {
    await logonAs(ADMIN, ADMIN_PASSWORD); // a second session for the reset to end
    await fresh();
    const before = (await page('limit=1000')).events.length;
    const sessions = (await server.running.emsec.store.sessions.list()).length;
    const roots = (await call(api('/hierarchyRoots'), { headers: json(admin.token) })).json<{ Refs: { Name: string }[] }>().Refs.map((r) => r.Name);
    assert.equal((await call(`${server.url}/emsec/reset`, { method: 'POST', headers: json(admin.token) })).status, 204);
    admin = await logonAs(ADMIN, ADMIN_PASSWORD);
    const events = await fresh();
    assert.deepEqual(events.map((e) => [e.action, e.result, e.user]), [['reset', 'success', ADMIN], ['logon', 'success', ADMIN]]);
    assert.equal((events[0] as Event).resource, '/emsec/reset');
    assert.equal((await page('limit=1000')).events.length, before + 2);
    // What the reset removed, wrote again and added: Mary is gone from the directory, the
    // initial accounts and the inventory are written again, and every session ended.
    const none = { count: 0, names: [] };
    const after = (events[0] as Event).after as { seed: boolean; sessionsEnded: number; accounts: unknown; users: unknown; hierarchyRoots: unknown };
    assert.ok(sessions >= 2, `sessions: ${sessions}`);
    assert.equal(after.seed, false);
    assert.equal(after.sessionsEnded, sessions);
    assert.deepEqual(after.users, { removed: { count: 1, names: [MARY] }, replaced: { count: 1, names: [ADMIN] }, added: none });
    assert.deepEqual(after.accounts, { removed: none, replaced: { count: 3, names: ['BUILTIN\\Administrators', 'BUILTIN\\Users', ADMIN] }, added: none });
    assert.ok(roots.length > 1 && roots.length <= 20, 'the default inventory\'s roots, all named');
    assert.deepEqual(after.hierarchyRoots, { removed: none, replaced: { count: roots.length, names: roots }, added: none });
  });
});

describe('GET /emsec/audit', () => {
  it('pages through the whole trail with a cursor', async () => {
    const all = (await page('order=asc&limit=1000')).events;
    assert.ok(all.length > 10);
    const seen: Event[] = [];
    let next: string | null = null;
    do {
      const p: { events: Event[]; next: string | null } = await page(`order=asc&limit=3${next ? `&cursor=${next}` : ''}`);
      assert.ok(p.events.length <= 3);
      seen.push(...p.events);
      next = p.next;
    } while (next);
    assert.deepEqual(seen, all);
    assert.deepEqual(all.map((e) => e.seq), [...all.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('filters by user, action and time, and orders newest first on request', async () => {
    const all = (await page('order=asc&limit=1000')).events;
    const mary = (await page(`order=asc&user=${encodeURIComponent('tech\\MARY')}&limit=1000`)).events;
    assert.deepEqual(mary, all.filter((e) => e.user === MARY));
    const failures = (await page('order=asc&action=logon&limit=1000')).events;
    assert.deepEqual(failures, all.filter((e) => e.action === 'logon'));
    const last = all[all.length - 1] as Event;
    assert.deepEqual((await page(`order=asc&since=${encodeURIComponent(last.at)}&limit=1000`)).events, all.filter((e) => e.at >= last.at));
    assert.deepEqual((await page(`order=asc&until=${encodeURIComponent(last.at)}&limit=1000`)).events, all.filter((e) => e.at < last.at));
    assert.deepEqual((await page('order=desc&limit=2')).events, all.slice(-2).reverse());
  });

  it('is newest first by default: limit is the newest N, and the cursor pages on into older events', async () => {
    const all = (await page('order=asc&limit=1000')).events;
    const newestFirst = [...all].reverse();
    assert.deepEqual((await page('limit=1000')).events, newestFirst);
    const three = await page('limit=3');
    assert.deepEqual(three.events, newestFirst.slice(0, 3));
    assert.equal(three.next, String((newestFirst[2] as Event).seq));
    const seen: Event[] = [...three.events];
    let next: string | null = three.next;
    while (next) {
      const p: { events: Event[]; next: string | null } = await page(`limit=4&cursor=${next}`);
      seen.push(...p.events);
      next = p.next;
    }
    assert.deepEqual(seen, newestFirst);
    // The same filter and limit in the other order: the oldest N.
    assert.deepEqual((await page('order=asc&limit=3')).events, all.slice(0, 3));
    assert.deepEqual((await page('action=logon&limit=2')).events, newestFirst.filter((e) => e.action === 'logon').slice(0, 2));
  });

  const bad = ['limit=0', 'limit=1001', 'limit=x', 'cursor=abc', 'action=explode', 'since=yesterday', 'order=sideways'];
  for (const query of bad) {
    it(`answers 400 with an Error body for ${query}`, async () => {
      const res = await call(`${server.url}/emsec/audit?${query}`, { headers: json(admin.token) });
      assert.equal(res.status, 400);
      assert.equal(res.json()['StatusCode'], 400);
    });
  }

  it('is for Portal Administrators only', async () => {
    assert.equal((await call(`${server.url}/emsec/audit`)).status, 401);
    await server.addUser('TECH\\paul', 'Paul-Passw0rd', ['BUILTIN\\Users']);
    const paul = await logonAs('TECH\\paul', 'Paul-Passw0rd');
    assert.equal((await call(`${server.url}/emsec/audit`, { headers: json(paul.token) })).status, 403);
  });
});

describe('secrets', () => {
  it('appear neither in the audit trail nor in the logs: no password, token, token hash or Authorization header', async () => {
    const trail = JSON.stringify((await page('limit=1000')).events);
    const logs = server.logs();
    const forms = [...secrets].flatMap((s) => [s, createHash('sha256').update(s).digest('hex'), encodeURIComponent(s)]);
    forms.push(Buffer.from(`${ADMIN}:${ADMIN_PASSWORD}`).toString('base64'), Buffer.from(`${MARY}:${MARY_PASSWORD}`).toString('base64'));
    for (const secret of forms) {
      assert.ok(!trail.includes(secret), `the audit trail holds a secret: ${secret.slice(0, 4)}…`);
      assert.ok(!logs.includes(secret), `the log holds a secret: ${secret.slice(0, 4)}…`);
    }
    assert.ok(secrets.size >= 8, 'tokens were collected');
  });
});
