// The permission matrix (src/domain/rights.ts): copied faithfully from the reference page, every
// row alive, decisions as the page reads, and the route table in agreement with it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { MatrixFixture } from '../fixtures/reference/extract.ts';
import { ROUTES } from '../../src/api/routes.ts';
import {
  EMSEC_DECISIONS, MATRIX_PAGE, RESTORE_OPERATIONS, RIGHTS, allowedRoleIds, decide, decideAll, inMatrix, operationOf, parsePattern,
  type Operation, type RightsRow,
} from '../../src/domain/rights.ts';
import { ROLE, ROLES } from '../../src/domain/roles.ts';
import type { Role } from '../../src/domain/model.ts';

const matrix = JSON.parse(readFileSync(new URL('../fixtures/reference/security-roles-matrix.json', import.meta.url), 'utf8')) as MatrixFixture;

const GUID = '3f1c2a4e-9b1d-4c6e-8f2a-1b2c3d4e5f60';

/** Requests a row speaks of: the operation itself, or for an (all) row its root and below. */
function samples(row: RightsRow): Operation[] {
  const p = row.pattern;
  if (p === '(all)') return [{ method: 'GET', path: '/backups' }];
  const all = /^(\S+) \(all\)$/.exec(p);
  if (all) {
    const root = all[1] as string;
    return ['GET', 'POST', 'PUT', 'DELETE'].flatMap((method) => [
      { method, path: root }, { method, path: `${root}/${GUID}` }, { method, path: `${root}/${GUID}/sub` },
    ]);
  }
  const [method, target] = p.split(' ') as [string, string];
  const [path, query] = target.split('?') as [string, string | undefined];
  const concrete = path.replace(/\{ID\}/g, GUID).replace('{filepath}', 'C:/Users/file.txt');
  return [{ method, path: concrete, query: query ? Object.fromEntries(new URLSearchParams(query)) : {} }];
}

describe('the permission matrix as data', () => {
  it('parses every row and covers the seven roles', () => {
    for (const row of RIGHTS) assert.doesNotThrow(() => parsePattern(row.pattern), row.pattern);
    assert.deepEqual(new Set(RIGHTS.map((r) => r.role.id)), new Set(ROLES.map((r) => r.id)));
    assert.ok(RIGHTS.length > 500, `${RIGHTS.length} rows`);
  });

  it('refuses a malformed pattern', () => {
    for (const bad of ['GET backups', 'FETCH /backups', 'GET /a/{id}x', 'GET /a/{filepath}/b', '/backups (some)', 'GET /a//b']) {
      assert.throws(() => parsePattern(bad), /Bad rights pattern/, bad);
    }
  });

  it('has no row twice and no operation both allowed and denied for one role', () => {
    const seen = new Set<string>();
    for (const r of RIGHTS) {
      const key = `${r.role.id} ${r.pattern}`;
      assert.ok(!seen.has(key), `${r.role.name}: '${r.pattern}' twice or in both lists`);
      seen.add(key);
    }
  });

  it('has no dead row: each row decides some request for its role', () => {
    for (const row of RIGHTS) {
      const deciding = samples(row).some((op) => decide(row.role, op).row === row);
      assert.ok(deciding, `${row.role.name}: '${row.effect} ${row.pattern}' never decides anything`);
    }
  });

  it('only narrows operations of the matrix with the restore-scope rule', () => {
    for (const p of RESTORE_OPERATIONS) {
      const [op] = samples({ role: ROLE.PortalAdministrator, effect: 'allow', pattern: p, source: MATRIX_PAGE }) as [Operation];
      assert.ok(inMatrix(op), p);
    }
  });
});

/**
 * The page's link texts per role and column, from its table as kept in
 * test/fixtures/reference/security-roles-matrix.json (a role whose cell says "All" lists none).
 */
function pageRows(): Map<string, { allow: Set<string>; deny: Set<string> }> {
  const out = new Map<string, { allow: Set<string>; deny: Set<string> }>();
  for (const role of matrix.roleNames) {
    const listed = (cell: string) => new Set(matrix.rows.filter((r) => r.roles[role] === cell).map((r) => r.operation));
    out.set(role, matrix.allOperations.includes(role) ? { allow: new Set(), deny: listed('No') } : { allow: listed('Yes'), deny: listed('No') });
  }
  return out;
}

describe(`the matrix against ${MATRIX_PAGE}`, () => {
  const page = pageRows();
  /** The rows rights.ts adds on purpose, each explained in its header comment. */
  const ADDED = new Set(['/nas (all)', '/vCloud (all)', '/query (all)', '/lookup (all)']);

  it('reads all seven roles from the page', () => {
    assert.deepEqual([...page.keys()].sort(), ROLES.map((r) => r.name).sort());
  });

  for (const role of ROLES.filter((r) => r.id !== ROLE.PortalAdministrator.id)) {
    it(`lists exactly the page's operations for ${role.name}`, () => {
      const fromPage = page.get(role.name) as { allow: Set<string>; deny: Set<string> };
      for (const effect of ['allow', 'deny'] as const) {
        const ours = new Set(RIGHTS.filter((r) => r.role === role && r.effect === effect && r.source === MATRIX_PAGE).map((r) => r.pattern));
        for (const p of fromPage[effect]) assert.ok(ours.has(p), `${role.name} ${effect}: '${p}' is on the page but not in rights.ts`);
        for (const p of ours) assert.ok(fromPage[effect].has(p) || ADDED.has(p), `${role.name} ${effect}: '${p}' is in rights.ts but not on the page`);
      }
    });
  }

  it('gives Portal Administrator every operation ("All")', () => {
    assert.deepEqual(matrix.allOperations, ['Portal Administrator'], 'the page says "All" in words');
    assert.equal(page.get('Portal Administrator')?.deny.size, 0);
    assert.deepEqual(RIGHTS.filter((r) => r.role === ROLE.PortalAdministrator && r.source === MATRIX_PAGE).map((r) => `${r.effect} ${r.pattern}`), ['allow (all)']);
  });

  it('keeps the rows the page is silent about apart, citing docs/decisions.md', () => {
    assert.deepEqual([...new Set(RIGHTS.filter((r) => r.source === EMSEC_DECISIONS).map((r) => r.pattern))], ['/logonSessions (all)']);
  });
});

describe('decisions', () => {
  const R = ROLE;
  const cases: [string, string, Role, boolean][] = [
    ['GET', '/api/security/accounts', R.PortalAdministrator, true],
    ['GET', '/api/security/accounts', R.PortalUser, false],
    ['DELETE', '/api/security/accounts/x/roles/y', R.VmRestoreOperator, false],
    ['GET', '/api/agents', R.PortalUser, true],
    ['GET', '/api/agents/jobs', R.PortalUser, false],
    ['GET', '/api/agents', R.SqlRestoreOperator, false],
    ['GET', '/api/hierarchyRoots', R.PortalUser, true],
    ['GET', '/api/hierarchyRoots/x', R.VmRestoreOperator, false],
    ['GET', '/api/tasks/task-1', R.OracleRestoreOperator, true],
    ['DELETE', '/api/tasks/task-1', R.ExchangeRestoreOperator, true],
    ['GET', '/api/failoverPlans', R.ExchangeRestoreOperator, true],
    ['PUT', '/api/failoverPlans/x', R.ExchangeRestoreOperator, false],
    ['POST', '/api/failoverPlans/x?action=start', R.SqlRestoreOperator, true],
    ['POST', '/api/failoverPlans/x?action=test', R.SqlRestoreOperator, false],
    ['POST', '/api/vmRestorePoints/x?action=restore', R.VmRestoreOperator, true],
    ['POST', '/api/vmRestorePoints/x?action=restore', R.FileRestoreOperator, false],
    ['POST', '/api/vmRestorePoints/x?ACTION=Restore', R.VmRestoreOperator, true],
    ['GET', '/api/query?type=Backup', R.VmRestoreOperator, true],
    ['GET', '/api/query?type=Job', R.VmRestoreOperator, false],
    ['GET', '/api/query?type=Job', R.PortalUser, false],
    ['GET', '/api/query?type=Backup', R.ExchangeRestoreOperator, false],
    ['GET', '/api/agents/agentRestorePoints/x/mounts/y/C:/Users/a.txt', R.FileRestoreOperator, true],
    ['GET', '/api/agents/agentRestorePoints/x/mounts/y', R.PortalUser, false],
    ['GET', '/API/BACKUPS', R.PortalUser, true],
    ['GET', '/api/backupServers/x', R.PortalUser, true],
    ['PUT', '/api/backupServers/x', R.PortalUser, false],
    ['GET', '/api/vmReplicaPoints/x/mounts', R.FileRestoreOperator, true],
    ['GET', '/api/vmReplicaPoints/x/mounts', R.VmRestoreOperator, false],
    ['GET', '/api/nas/jobs', R.PortalUser, false],
    ['GET', '/api/nas/fileServers/x', R.PortalUser, true],
    ['GET', '/api/nas', R.VmRestoreOperator, false],
    ['GET', '/api/logonSessions', R.SqlRestoreOperator, true],
    ['GET', '/api/backups', R.PortalAdministrator, true],
  ];
  for (const [method, url, role, allowed] of cases) {
    it(`${role.name} ${allowed ? 'may' : 'may not'} ${method} ${url}`, () => {
      const op = operationOf(method, url) as Operation;
      assert.equal(decide(role, op).allowed, allowed);
    });
  }

  it('sums roles: any role that allows is enough', () => {
    const op = operationOf('GET', '/api/hierarchyRoots') as Operation;
    assert.deepEqual(allowedRoleIds(op), new Set([R.PortalAdministrator.id, R.PortalUser.id]));
  });

  it('marks restore operations of the restore operator roles with the restore-scope rule', () => {
    const restore = operationOf('POST', '/api/vmRestorePoints/x?action=restore') as Operation;
    assert.equal(decide(R.VmRestoreOperator, restore).restoreScope, true);
    assert.equal(decide(R.PortalAdministrator, restore).restoreScope, false);
    assert.equal(decide(R.PortalUser, restore).restoreScope, false);
    const guestFiles = operationOf('POST', '/api/catalog/vms/srv04/vmRestorePoints/x/guestfs/C:/Users?action=restore') as Operation;
    assert.equal(decide(R.ExchangeRestoreOperator, guestFiles).restoreScope, true);
    assert.equal(decide(R.ExchangeRestoreOperator, operationOf('GET', '/api/catalog/vms') as Operation).restoreScope, false);
  });

  const outside: [string, string][] = [
    ['GET', '/api/nonsense'], ['GET', '/api/'], ['POST', '/api/sessionMngr/'], ['GET', '/api/tasks/../security'], ['GET', '/api//backups'],
    ['HEAD', '/api/backups'], ['PATCH', '/api/backups'], ['GET', '/emsec/audit'],
  ];
  for (const [method, url] of outside) {
    it(`knows ${method} ${url} is no operation of the matrix (nobody may)`, () => {
      const op = operationOf(method, url);
      if (op === undefined) return;
      assert.equal(inMatrix(op), false);
      assert.ok(decideAll(op).every((d) => !d.allowed && d.row === undefined));
    });
  }
});

describe('the route table and the matrix', () => {
  const ids = [GUID, 'task-7', 'not-a-guid', 'ABCDEF'];
  for (const route of ROUTES.filter((r) => r.auth === 'session')) {
    it(`${route.id}: its roles are the matrix's for every concrete request`, () => {
      assert.ok(route.roles.length > 0, 'no role may call it: the matrix does not know it');
      for (const id of ids) {
        const path = route.path.replace(/^\/api/, '').replace(/:[A-Za-z]+/g, id);
        const op: Operation = { method: route.method, path, query: route.action ? { action: route.action } : {} };
        const byMatrix = ROLES.filter((r) => decide(r, op).allowed).map((r) => r.id);
        assert.deepEqual([...route.roles].sort(), byMatrix.sort(), `${route.method} ${path}`);
      }
    });
  }

  it('keeps /security for Portal Administrators only', () => {
    for (const route of ROUTES.filter((r) => r.path.startsWith('/api/security'))) assert.deepEqual(route.roles, [ROLE.PortalAdministrator.id], route.id);
  });
});
