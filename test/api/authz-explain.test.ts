// "May USER do METHOD PATH, and why?" — GET /emsec/authz and `emsec can`, table-driven: own
// accounts, group accounts, several roles, no role, unknown users, operations emsec does not
// emulate and paths that are no operation at all.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import type { Explanation } from '../../src/domain/explain.ts';
import { runCli } from '../helpers/process.ts';
import { testDatabaseFor } from '../helpers/postgres.ts';
import { ADMIN, call, json, logon, startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { createAccount, logonFull, runCommand } from './authz-fixtures.ts';
import { can } from '../../src/cli/can.ts';

const dataDir = tempDir();
let server: TestServer;
let admin: string;
let cliEnv: Record<string, string> = {};

before(async () => {
  const database = await testDatabaseFor(dataDir);
  if (database) cliEnv = { EMSEC_DATABASE_URL: database.url };
  server = await startServer({ dataDir });
  admin = await logon(server);
  await server.addUser('TECH\\mary', 'Mary-Passw0rd');
  await createAccount(server, admin, 'User', 'TECH\\mary', [ROLE.VmRestoreOperator.id]);
  await server.addUser('TECH\\gina', 'Gina-Passw0rd', ['TECH\\Restore Operators']);
  await createAccount(server, admin, 'Group', 'TECH\\Restore Operators', [ROLE.FileRestoreOperator.id]);
  await server.addUser('TECH\\paul', 'Paul-Passw0rd', ['BUILTIN\\Users']);
  await server.addUser('TECH\\both', 'Both-Passw0rd', ['TECH\\Restore Operators']);
  await createAccount(server, admin, 'User', 'TECH\\both', [ROLE.PortalUser.id]);
  await server.addUser('TECH\\nobody', 'Nobody-Passw0rd');
});
after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const explain = async (user: string, method: string, path: string): Promise<Explanation> => {
  const res = await call(`${server.url}/emsec/authz?${new URLSearchParams({ user, method, path })}`, { headers: json(admin) });
  assert.equal(res.status, 200, res.text);
  return res.json<Explanation>();
};

interface Case {
  readonly user: string;
  readonly method: string;
  readonly path: string;
  readonly allowed: boolean;
  /** role → [allowed, deciding row or null, 'via account' list] */
  readonly roles: Record<string, [boolean, string | null, string[]]>;
  readonly known?: boolean;
  readonly emulated?: boolean;
  readonly restoreScope?: boolean;
  readonly reason?: RegExp;
}

const CASES: Case[] = [
  {
    user: 'TECH\\mary', method: 'GET', path: '/api/security/accounts', allowed: false,
    roles: { 'VM Restore Operator': [false, 'deny /security (all)', ['own account TECH\\mary']] }, known: true, emulated: true,
  },
  {
    user: 'TECH\\mary', method: 'POST', path: '/api/vmRestorePoints/7caf66d5-f700-442c-9aa9-8867f031377f?action=restore', allowed: true,
    roles: { 'VM Restore Operator': [true, 'allow POST /vmRestorePoints/{ID}?action=restore', ['own account TECH\\mary']] },
    known: true, emulated: false, restoreScope: true, reason: /within the account's restore scope/,
  },
  {
    user: 'TECH\\gina', method: 'GET', path: '/api/vmReplicaPoints/x/mounts', allowed: true,
    roles: { 'File Restore Operator': [true, 'allow /vmReplicaPoints (all)', ['group account TECH\\Restore Operators']] },
  },
  {
    user: 'TECH\\gina', method: 'GET', path: '/api/hierarchyRoots', allowed: false,
    roles: { 'File Restore Operator': [false, 'deny /hierarchyRoots (all)', ['group account TECH\\Restore Operators']] },
  },
  {
    user: 'tech\\PAUL', method: 'GET', path: '/api/hierarchyRoots', allowed: true,
    roles: { 'Portal User': [true, 'allow /hierarchyRoots (all)', ['group account BUILTIN\\Users']] },
  },
  {
    user: 'TECH\\both', method: 'GET', path: '/api/hierarchyRoots/x', allowed: true,
    roles: {
      'Portal User': [true, 'allow /hierarchyRoots (all)', ['own account TECH\\both']],
      'File Restore Operator': [false, 'deny /hierarchyRoots (all)', ['group account TECH\\Restore Operators']],
    },
    reason: /^Allowed by Portal User/,
  },
  {
    user: 'TECH\\both', method: 'PUT', path: '/api/failoverPlans/x', allowed: false,
    roles: {
      'Portal User': [false, 'deny /failoverPlans (all)', ['own account TECH\\both']],
      'File Restore Operator': [false, 'deny PUT /failoverPlans/{ID}', ['group account TECH\\Restore Operators']],
    },
  },
  {
    user: 'TECH\\both', method: 'GET', path: '/api/query?type=Job', allowed: false,
    roles: {
      'Portal User': [false, 'deny GET /query?type=Job', ['own account TECH\\both']],
      'File Restore Operator': [false, 'deny GET /query?type=Job', ['group account TECH\\Restore Operators']],
    },
  },
  { user: 'TECH\\nobody', method: 'GET', path: '/api/tasks', allowed: false, roles: {}, reason: /holds no role/ },
  { user: 'TECH\\ghost', method: 'GET', path: '/api/tasks', allowed: false, roles: {}, reason: /is not a user of the directory/ },
  {
    user: ADMIN, method: 'GET', path: '/api/backups', allowed: true, known: true, emulated: false,
    roles: { 'Portal Administrator': [true, 'allow (all)', ['group account BUILTIN\\Administrators', 'own account EMSEC\\Administrator']] },
  },
  { user: 'TECH\\mary', method: 'GET', path: '/api/nonsense', allowed: false, known: false, emulated: false, roles: { 'VM Restore Operator': [false, null, ['own account TECH\\mary']] }, reason: /not an Enterprise Manager operation/ },
  {
    user: 'TECH\\mary', method: 'GET', path: '/api/logonSessions', allowed: true, known: true, emulated: true,
    roles: { 'VM Restore Operator': [true, 'allow /logonSessions (all)', ['own account TECH\\mary']] },
  },
  { user: 'TECH\\gina', method: 'POST', path: '/api/sessionMngr/?v=latest', allowed: true, roles: { 'File Restore Operator': [true, null, ['group account TECH\\Restore Operators']] }, emulated: true },
  { user: 'TECH\\nobody', method: 'POST', path: '/api/sessionMngr/', allowed: false, roles: {}, reason: /needs a role/ },
  { user: 'TECH\\nobody', method: 'GET', path: '/api/', allowed: true, roles: {}, emulated: true },
  { user: 'TECH\\mary', method: 'GET', path: 'https://em.tech.local:9398/api/tasks/task-1', allowed: true, roles: { 'VM Restore Operator': [true, 'allow /tasks (all)', ['own account TECH\\mary']] } },
];

describe('GET /emsec/authz', () => {
  for (const c of CASES) {
    it(`${c.user} ${c.method} ${c.path} → ${c.allowed ? 'allowed' : 'denied'}`, async () => {
      const e = await explain(c.user, c.method, c.path);
      assert.equal(e.allowed, c.allowed, e.reason);
      const roles = Object.fromEntries(e.roles.map((r) => [r.role, [r.allowed, r.row, r.grantedBy.map((g) => `${g.via} ${g.account}`)]]));
      assert.deepEqual(roles, c.roles);
      if (c.known !== undefined) assert.equal(e.known, c.known);
      if (c.emulated !== undefined) assert.equal(e.emulated, c.emulated);
      if (c.restoreScope !== undefined) assert.equal(e.roles.some((r) => r.restoreScope), c.restoreScope);
      if (c.reason) assert.match(e.reason, c.reason);
    });
  }

  it('agrees with what the server does for the same user', async () => {
    const paul = await logonFull(server, 'TECH\\paul', 'Paul-Passw0rd');
    for (const [path, status] of [['/api/hierarchyRoots', 200], ['/api/security', 403], ['/api/backups', 501], ['/api/jobs', 403]] as const) {
      const e = await explain('TECH\\paul', 'GET', path);
      const res = await call(`${server.url}${path}`, { headers: json(paul.token) });
      assert.equal(res.status, status, path);
      assert.equal(e.allowed, status !== 403, path);
    }
  });

  it('is for Portal Administrators only: 401 without a session, 403 for other roles', async () => {
    const url = `${server.url}/emsec/authz?user=TECH%5Cmary&method=GET&path=/api/tasks`;
    assert.equal((await call(url)).status, 401);
    const paul = await logonFull(server, 'TECH\\paul', 'Paul-Passw0rd');
    const res = await call(url, { headers: json(paul.token) });
    assert.equal(res.status, 403);
    assert.equal(res.json()['StatusCode'], 403);
  });

  const bad: [string, RegExp][] = [
    ['method=GET&path=/api/tasks', /'user' is required/],
    ['user=TECH%5Cmary&path=/api/tasks', /'method' is required/],
    ['user=TECH%5Cmary&method=GET', /'path' is required/],
    ['user=TECH%5Cmary&method=FETCH&path=/api/tasks', /'method' must be one of/],
    ['user=TECH%5Cmary&method=GET&path=tasks', /'path' must be an \/api path/],
  ];
  for (const [query, message] of bad) {
    it(`answers 400 with an Error body for ${query}`, async () => {
      const res = await call(`${server.url}/emsec/authz?${query}`, { headers: json(admin) });
      assert.equal(res.status, 400);
      assert.match(String(res.json()['Message']), message);
    });
  }
});

const emsecCan = (args: string[], json = false) =>
  runCommand(can, args, { 'data-dir': dataDir, ...(cliEnv['EMSEC_DATABASE_URL'] ? { 'database-url': cliEnv['EMSEC_DATABASE_URL'] } : {}), ...(json ? { json: 'true' } : {}) });

describe('emsec can', () => {
  it('prints yes, the deciding role and account, and exits 0 (as a process)', async () => {
    const res = await runCli(['can', 'TECH\\gina', 'GET', '/api/vmReplicaPoints/x/mounts', '--data-dir', dataDir], { env: cliEnv });
    assert.equal(res.code, 0, res.stderr);
    const [first, ...rest] = res.stdout.trimEnd().split('\n');
    assert.equal(first, 'yes');
    assert.ok(rest.some((l) => l.includes("File Restore Operator (group account TECH\\Restore Operators): allowed by 'allow /vmReplicaPoints (all)' [security_roles_concept.md]")), res.stdout);
  });

  it('prints no and exits 1 when denied; --json gives the same answer as the API', async () => {
    const no = await emsecCan(['TECH\\both', 'put', '/api/failoverPlans/x']);
    assert.equal(no.code, 1, no.stderr);
    assert.match(no.stdout, /^no\n/);
    assert.match(no.stdout, /File Restore Operator \(group account TECH\\Restore Operators\): denied by 'deny PUT \/failoverPlans\/\{ID\}'/);
    const asJson = await emsecCan(['TECH\\both', 'PUT', '/api/failoverPlans/x'], true);
    assert.equal(asJson.code, 1);
    assert.deepEqual(JSON.parse(asJson.stdout), await explain('TECH\\both', 'PUT', '/api/failoverPlans/x'));
  });

  it('refuses a bad method or path with usage and exit 2', async () => {
    for (const bad of [['TECH\\mary', 'FETCH', '/api/tasks'], ['TECH\\mary', 'GET'], ['TECH\\mary', 'GET', 'tasks']]) {
      const res = await emsecCan(bad);
      assert.equal(res.code, 2, bad.join(' '));
      assert.match(res.stderr, /usage: emsec can/);
    }
  });
});
