// /emsec/reset brings a running server back to its initial state and seed; it is off unless
// enabled and is for Portal Administrators only.
import assert from 'node:assert/strict';
import { hostname, userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { ADMIN, ADMIN_PASSWORD, basic, call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

const SEED = fileURLToPath(new URL('../../examples/seed.yaml', import.meta.url));
const MARY = '6a0c3bc1-2d8e-4a52-9d41-57b7f6f4a001';

let server: TestServer;
/** The sessions in the store just before the reset. */
let sessionsAtReset = -1;
before(async () => {
  server = await startServer({ seedFile: SEED, enableReset: true });
});
after(() => server.close());

const names = async (token: string) =>
  (await call(`${server.url}/api/security/accounts`, { headers: json(token) })).json<{ Refs: { Name: string }[] }>().Refs.map((r) => r.Name);

describe('seed and reset', () => {
  it('starts with the example seed applied: users log on, accounts and scopes exist', async () => {
    const admin = await logon(server);
    assert.deepEqual(await names(admin), ['BUILTIN\\Administrators', 'BUILTIN\\Users', ADMIN, 'TECH\\mary.smith', 'TECH\\Restore Operators', 'auditor@tech.local']);
    const scopes = await call(`${server.url}/api/security/accounts/${MARY}/scopes`, { headers: json(admin) });
    assert.deepEqual(scopes.json<{ EnterpriseAccountHierarchyScopes: { Name: string }[] }>().EnterpriseAccountHierarchyScopes.map((s) => s.Name), ['Production']);
    const roots = await call(`${server.url}/api/hierarchyRoots`, { headers: json(admin) });
    assert.deepEqual(roots.json<{ Refs: { Name: string }[] }>().Refs.map((r) => r.Name), ['vcprod.tech.local', 'hv01.tech.local', 'enterprise05.tech.local']);
    const william = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic('TECH\\william.fox', 'William-Passw0rd') } });
    assert.equal(william.status, 201, 'the group account grants William a role');
  });

  it('refuses reset to non-administrators and to anonymous callers', async () => {
    assert.equal((await call(`${server.url}/emsec/reset`, { method: 'POST' })).status, 401);
    const william = await logon(server, 'TECH\\william.fox', 'William-Passw0rd');
    assert.equal((await call(`${server.url}/emsec/reset`, { method: 'POST', headers: xml(william) })).status, 403);
  });

  it('resets: changes are gone, the seed is back with the same ids, every session ends, the admin password stays', async () => {
    const admin = await logon(server);
    await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('ExternalUser', 'temp@tech.local', [ROLE.PortalUser.id]) });
    assert.equal((await call(`${server.url}/api/security/accounts/${MARY}`, { method: 'DELETE', headers: xml(admin) })).status, 204);
    assert.ok((await names(admin)).includes('temp@tech.local'));

    sessionsAtReset = (await server.running.emsec.store.sessions.list()).length;
    const reset = await call(`${server.url}/emsec/reset`, { method: 'POST', headers: xml(admin) });
    assert.equal(reset.status, 204, reset.text);
    assert.equal((await call(`${server.url}/api/security/accounts`, { headers: xml(admin) })).status, 401, 'sessions end');

    const again = await logon(server, ADMIN, ADMIN_PASSWORD);
    const after = await names(again);
    assert.ok(!after.includes('temp@tech.local'));
    assert.ok(after.includes('TECH\\mary.smith'));
    assert.equal((await call(`${server.url}/api/security/accounts/${MARY}`, { headers: xml(again) })).status, 200, 'seeded ids survive');
  });

  it('the audit trail says what the seed at start and the reset added, replaced and removed, by whom', async () => {
    const admin = await logon(server);
    const trail = async (action: string) => {
      const res = await call(`${server.url}/emsec/audit?action=${action}&order=asc`, { headers: json(admin) });
      assert.equal(res.status, 200, res.text);
      return res.json<{ events: { user: string; sessionId: string | null; remote: string; result: string; after: Record<string, unknown> }[] }>().events;
    };
    const none = { count: 0, names: [] };
    const names = (...n: string[]) => ({ count: n.length, names: n });
    // The seed, applied by the operating-system user who started the server, on its first start.
    const seeds = await trail('seed');
    assert.equal(seeds.length, 1);
    const seed = seeds[0] as (typeof seeds)[number];
    assert.deepEqual([seed.user, seed.sessionId, seed.remote, seed.result], [userInfo().username, null, `cli@${hostname()}`, 'success']);
    assert.deepEqual(seed.after['users'], { added: names('TECH\\mary.smith', 'TECH\\william.fox'), replaced: none });
    assert.deepEqual(seed.after['groups'], { added: names('TECH\\Restore Operators') });
    assert.deepEqual(seed.after['accounts'], { added: names('TECH\\mary.smith', 'TECH\\Restore Operators', 'auditor@tech.local'), replaced: none });
    const roots = seed.after['hierarchyRoots'] as { removed: { count: number }; replaced: { names: string[] }; added: { names: string[] } };
    assert.deepEqual([...roots.replaced.names, ...roots.added.names].sort(), ['enterprise05.tech.local', 'hv01.tech.local', 'vcprod.tech.local']);
    assert.ok(roots.removed.count > 0, 'the default inventory had other roots');
    // The reset: the account made since is removed, Mary's deleted account is back, the rest written again.
    const resets = await trail('reset');
    assert.equal(resets.length, 1);
    const reset = (resets[0] as (typeof resets)[number]).after;
    assert.equal(reset['seed'], true);
    assert.ok(sessionsAtReset >= 2, String(sessionsAtReset));
    assert.equal(reset['sessionsEnded'], sessionsAtReset);
    assert.deepEqual(reset['accounts'], {
      removed: names('temp@tech.local'),
      replaced: names('BUILTIN\\Administrators', 'BUILTIN\\Users', ADMIN, 'TECH\\Restore Operators', 'auditor@tech.local'),
      added: names('TECH\\mary.smith'),
    });
    assert.deepEqual(reset['users'], { removed: none, replaced: names(ADMIN, 'TECH\\mary.smith', 'TECH\\william.fox'), added: none });
    const resetRoots = reset['hierarchyRoots'] as { removed: unknown; replaced: { count: number }; added: unknown };
    assert.deepEqual([resetRoots.removed, resetRoots.added, resetRoots.replaced.count], [none, none, 3]);
    assert.doesNotMatch(JSON.stringify([seeds, resets]), /Passw0rd/, 'no seed password');
  });

  it('answers 404 when reset is not enabled', async () => {
    const plain = await startServer();
    try {
      const token = await logon(plain);
      const res = await call(`${plain.url}/emsec/reset`, { method: 'POST', headers: xml(token) });
      assert.equal(res.status, 404);
    } finally {
      await plain.close();
    }
  });
});
