// Every operation emsec serves × each of the seven roles, over HTTP, as a user holding exactly
// that one role through an account. The expected answer comes from the reference page's table as
// kept in test/fixtures/reference/security-roles-matrix.json, read here on its own (not through
// src/domain/rights.ts, the code under test): allowed → the operation succeeds with its documented
// status; denied → 403 with an Error body. Without a session every one of them is a 401.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ROUTES, type RouteDef } from '../../src/api/routes.ts';
import type { Role } from '../../src/domain/model.ts';
import { ROLE, ROLES } from '../../src/domain/roles.ts';
import type { MatrixFixture } from '../fixtures/reference/extract.ts';
import { NS, call, json, logon, startServer, type TestServer } from '../helpers/server.ts';
import { createAccount, logonFull, sevenRoleUsers, slug, type RoleUser } from './authz-fixtures.ts';

const PAGE = JSON.parse(readFileSync(new URL('../fixtures/reference/security-roles-matrix.json', import.meta.url), 'utf8')) as MatrixFixture;

/**
 * The page's answer for a role and a served route, with the page's own notation: the row naming
 * the operation itself ('GET /tasks/{ID}'), else the '(all)' row of the longest resource the path
 * lies under. A role whose cell says "All" may do everything; "No" and "not listed" are denials.
 * Two resources are not on the page as such: /logonSessions (any session uses its own: emsec's
 * decision, docs/decisions.md "Who may use /logonSessions") and /lookup (in the page's /lookupSvc
 * section, lookupsvc.md).
 */
function pageAllows(role: Role, route: RouteDef): boolean {
  const path = route.path.replace(/^\/api/, '').replace(/:[A-Za-z]+/g, '{ID}');
  if (path.startsWith('/logonSessions')) return true;
  if (PAGE.allOperations.includes(role.name)) return true;
  const operation = `${route.method} ${path}${route.action ? `?action=${route.action}` : ''}`;
  const pagePath = path.replace(/^\/lookup(?=\/|$)/, '/lookupSvc');
  const covering = PAGE.rows
    .map((r) => ({ r, all: /^(\/\S+) \(all\)$/.exec(r.operation)?.[1] }))
    .filter(({ all }) => all !== undefined && (pagePath === all || pagePath.startsWith(`${all}/`)))
    .sort((a, b) => (b.all as string).length - (a.all as string).length);
  const row = PAGE.rows.find((r) => r.operation === operation) ?? covering[0]?.r;
  assert.ok(row, `the page has no row for ${operation}`);
  return row.roles[role.name] === 'Yes';
}

const VC = 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd';
const SQLSRV = `urn:VMware:Vm:${VC}.vm-15309`;
const PRODUCTION = `urn:VMware:ResourcePool:${VC}.resgroup-10734`;

interface Request {
  readonly method: string;
  /** Under /api. */
  readonly path: string;
  readonly body?: string;
  /** Another session of the caller's user (to log out without ending the one the test uses). */
  readonly token?: string;
}

let server: TestServer;
let admin: string;
let users: Map<string, RoleUser>;
let counter = 0;
const api = (path: string): string => `${server.url}/api${path}`;

/** An account to act on (ExternalUser: no directory entry needed). */
const scratchAccount = (roleIds: string[] = [ROLE.PortalUser.id]): Promise<string> => createAccount(server, admin, 'ExternalUser', `scratch${++counter}@tech.local`, roleIds);

async function scopeOf(accountId: string): Promise<string> {
  const res = await call(api(`/security/accounts/${accountId}/scopes`), {
    method: 'POST', headers: json(admin, { 'content-type': 'application/json' }), body: JSON.stringify({ HierarchyScopeItems: [{ HierarchyObjRef: SQLSRV }] }),
  });
  assert.equal(res.status, 201, res.text);
  return (res.headers.get('location') as string).split('/').pop() as string;
}

async function newTask(): Promise<string> {
  const res = await call(api('/security/accounts?action=rebuildScope'), {
    method: 'POST', headers: json(admin, { 'content-type': 'application/xml' }), body: `<RebuildScopeJobSpec xmlns="${NS}"><RebuildAll/></RebuildScopeJobSpec>`,
  });
  assert.equal(res.status, 201, res.text);
  return res.json<{ TaskId: string }>().TaskId;
}

async function rootId(): Promise<string> {
  const list = await call(api('/hierarchyRoots'), { headers: json(admin) });
  return (list.json<{ Refs: { UID: string }[] }>().Refs[0] as { UID: string }).UID.split(':').pop() as string;
}

/** A request for the operation that succeeds when the caller may make it. */
const FIXTURES: Record<string, (caller: RoleUser) => Promise<Request>> = {
  'logonSessions.list': async () => ({ method: 'GET', path: '/logonSessions' }),
  'logonSessions.get': async (c) => ({ method: 'GET', path: `/logonSessions/${c.sessionId}` }),
  'logonSessions.delete': async (c) => {
    const other = await logonFull(server, c.name, c.password);
    return { method: 'DELETE', path: `/logonSessions/${other.sessionId}`, token: other.token };
  },
  'security.get': async () => ({ method: 'GET', path: '/security' }),
  'security.roles.list': async () => ({ method: 'GET', path: '/security/roles' }),
  'security.roles.get': async () => ({ method: 'GET', path: `/security/roles/${ROLE.VmRestoreOperator.id}` }),
  'security.accounts.list': async () => ({ method: 'GET', path: '/security/accounts' }),
  'security.accounts.create': async () => ({
    method: 'POST', path: '/security/accounts',
    body: JSON.stringify({ AccountType: 'ExternalUser', AccountName: `created${++counter}@tech.local`, Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${ROLE.PortalUser.id}` }] }, AllowRestoreAllVms: true }),
  }),
  'security.accounts.get': async () => ({ method: 'GET', path: `/security/accounts/${await scratchAccount()}` }),
  'security.accounts.rebuildScope': async () => ({ method: 'POST', path: '/security/accounts?action=rebuildScope', body: '{"RebuildUnprocessed":{}}' }),
  'security.accounts.toggleRestoreScopes': async () => ({ method: 'POST', path: `/security/accounts/${await scratchAccount()}` }),
  'security.accounts.delete': async () => ({ method: 'DELETE', path: `/security/accounts/${await scratchAccount()}` }),
  'security.accounts.roles.list': async () => ({ method: 'GET', path: `/security/accounts/${await scratchAccount()}/roles` }),
  'security.accounts.roles.create': async () => ({
    method: 'POST', path: `/security/accounts/${await scratchAccount()}/roles`, body: JSON.stringify({ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${ROLE.SqlRestoreOperator.id}` }),
  }),
  'security.accounts.roles.get': async () => ({ method: 'GET', path: `/security/accounts/${await scratchAccount()}/roles/${ROLE.PortalUser.id}` }),
  'security.accounts.roles.delete': async () => ({
    method: 'DELETE', path: `/security/accounts/${await scratchAccount([ROLE.PortalUser.id, ROLE.FileRestoreOperator.id])}/roles/${ROLE.FileRestoreOperator.id}`,
  }),
  'security.accounts.scopes.list': async () => ({ method: 'GET', path: `/security/accounts/${await scratchAccount()}/scopes` }),
  'security.accounts.scopes.create': async () => ({
    method: 'POST', path: `/security/accounts/${await scratchAccount()}/scopes`, body: JSON.stringify({ HierarchyScopeItems: [{ HierarchyObjRef: PRODUCTION }] }),
  }),
  'security.accounts.scopes.get': async () => {
    const id = await scratchAccount();
    return { method: 'GET', path: `/security/accounts/${id}/scopes/${await scopeOf(id)}` };
  },
  'security.accounts.scopes.delete': async () => {
    const id = await scratchAccount();
    return { method: 'DELETE', path: `/security/accounts/${id}/scopes/${await scopeOf(id)}` };
  },
  'hierarchyRoots.list': async () => ({ method: 'GET', path: '/hierarchyRoots' }),
  'hierarchyRoots.get': async () => ({ method: 'GET', path: `/hierarchyRoots/${await rootId()}` }),
  'lookupSvc.get': async () => ({ method: 'GET', path: '/lookupSvc' }),
  'lookup.get': async () => ({ method: 'GET', path: '/lookup?host=urn:veeam:HierarchyRoot:70aa9075-ca31-43bd-99cc-f888b969799b&name=DNS&type=Vm' }),
  'tasks.list': async () => ({ method: 'GET', path: '/tasks' }),
  'tasks.get': async () => ({ method: 'GET', path: `/tasks/${await newTask()}` }),
  'tasks.delete': async () => ({ method: 'DELETE', path: `/tasks/${await newTask()}` }),
};

const sessionRoutes = ROUTES.filter((r) => r.auth === 'session');

before(async () => {
  server = await startServer();
  admin = await logon(server);
  users = await sevenRoleUsers(server, admin);
});
after(() => server.close());

function send(route: RouteDef, req: Request, token: string | undefined) {
  return call(api(req.path), {
    method: req.method,
    headers: { accept: 'application/json', ...(token ? { 'x-restsvcsessionid': token } : {}), ...(req.body ? { 'content-type': 'application/json' } : {}) },
    ...(req.body ? { body: req.body } : {}),
  });
}

describe('every served operation has a fixture', () => {
  it('lists exactly the session routes', () => {
    assert.deepEqual(Object.keys(FIXTURES).sort(), sessionRoutes.map((r) => r.id).sort());
  });
});

for (const route of sessionRoutes) {
  describe(`${route.method} ${route.path}${route.action ? `?action=${route.action}` : ''}`, () => {
    for (const role of ROLES) {
      it(`as ${role.name}: the page's answer`, async () => {
        const fixture = FIXTURES[route.id];
        assert.ok(fixture, `no fixture for ${route.id}`);
        const caller = users.get(role.id) as RoleUser;
        const req = await fixture(caller);
        const allowed = pageAllows(role, route);
        const res = await send(route, req, req.token ?? caller.token);
        if (allowed) {
          assert.equal(res.status, route.status, `${slug(role)} ${req.method} ${req.path}: ${res.text}`);
        } else {
          assert.equal(res.status, 403, `${slug(role)} ${req.method} ${req.path}: ${res.text}`);
          assert.equal(res.json()['StatusCode'], 403);
        }
      });
    }

    it('without a session: 401', async () => {
      const req = await (FIXTURES[route.id] as (c: RoleUser) => Promise<Request>)(users.get(ROLE.PortalAdministrator.id) as RoleUser);
      const res = await send(route, req, undefined);
      assert.equal(res.status, 401, res.text);
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="RestSvc"');
    });
  });
}
