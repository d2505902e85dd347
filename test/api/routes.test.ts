// The route table agrees with the contract digest and cites pages that exist (both as kept in
// test/fixtures/reference/, refreshed from the vendor reference by npm run refresh-fixtures).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ROUTES } from '../../src/api/routes.ts';
import { ROLE } from '../../src/domain/roles.ts';

import type { ContractFixture, PagesFixture } from '../fixtures/reference/extract.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/reference/${name}`, import.meta.url), 'utf8')) as T;
const contract = fixture<ContractFixture>('contract.json');
const pages = fixture<PagesFixture>('pages.json');

/** "GET /api/security/accounts/:id/roles/:roleId" -> "GET /security/accounts/{}/roles/{}" */
function contractKey(method: string, path: string): string {
  const p = path === '/api/' ? '/api/' : path.replace(/^\/api/, '').replace(/:[A-Za-z]+/g, '{}');
  return `${method} ${p}`;
}

const contractRows = new Set(contract.operations.map((op) => op.replace(/\{[^}]*\}/g, '{}')));

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
      assert.ok(Object.hasOwn(pages.titles, route.reference), route.reference);
    });
  }

  it('summarises each operation by its reference page\'s title (the page\'s first heading)', () => {
    for (const route of ROUTES) assert.equal(route.summary, pages.titles[route.reference], route.id);
  });

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
