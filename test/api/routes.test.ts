// The route table agrees with the contract digest and cites pages that exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ROUTES } from '../../src/api/routes.ts';
import { ROLE } from '../../src/domain/roles.ts';

const REFERENCE = new URL('../../../shared/reference/', import.meta.url);
const contract = readFileSync(new URL('CONTRACT.md', REFERENCE), 'utf8');

/** "GET /api/security/accounts/:id/roles/:roleId" -> "GET /security/accounts/{}/roles/{}" */
function contractKey(method: string, path: string): string {
  const p = path === '/api/' ? '/api/' : path.replace(/^\/api/, '').replace(/:[A-Za-z]+/g, '{}');
  return `${method} ${p}`;
}

const contractRows = new Set([...contract.matchAll(/^\| (GET|POST|DELETE) (\S+) \|/gm)].map((m) => `${m[1]} ${(m[2] as string).replace(/\{[^}]*\}/g, '{}')}`));

describe('route table', () => {
  it('has unique ids and unique method + path + action triples', () => {
    assert.equal(new Set(ROUTES.map((r) => r.id)).size, ROUTES.length);
    assert.equal(new Set(ROUTES.map((r) => `${r.method} ${r.path} ${r.action ?? ''}`)).size, ROUTES.length);
  });

  it('serves every operation of the CONTRACT.md table', () => {
    const served = new Set(ROUTES.map((r) => contractKey(r.method, r.path)));
    assert.ok(contractRows.size >= 20, 'the table was read');
    for (const row of contractRows) assert.ok(served.has(row), `${row} is in CONTRACT.md but not served`);
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}${route.action ? `?action=${route.action}` : ''} cites an existing reference page`, () => {
      assert.ok(existsSync(new URL(`em_rest/${route.reference}`, REFERENCE)), route.reference);
    });
  }

  it('keeps /security for Portal Administrators only (security_roles_concept.md)', () => {
    for (const route of ROUTES.filter((r) => r.path.startsWith('/api/security'))) {
      assert.equal(route.auth, 'session');
      assert.deepEqual(route.roles, [ROLE.PortalAdministrator.id], route.id);
    }
  });

  it('declares a request body exactly for the operations that take one', () => {
    assert.deepEqual(ROUTES.filter((r) => r.request).map((r) => r.id).sort(), [
      'security.accounts.create', 'security.accounts.rebuildScope', 'security.accounts.roles.create', 'security.accounts.scopes.create',
    ]);
  });
});
