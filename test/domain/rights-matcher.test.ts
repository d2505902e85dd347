// The matcher's two rules with made-up, overlapping rows (the real table has few overlaps, so it
// cannot pin them): the most specific matching row of a role decides; between an allow and a
// deny row equally specific, deny wins. Each case is checked with the rows in both orders, so
// neither "first row wins" nor "last row wins" passes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../../src/domain/model.ts';
import type { Effect, RightsRow } from '../../src/domain/rights-data.ts';
import { compileMatrix, type Operation } from '../../src/domain/rights-matcher.ts';

const ROLE_A: Role = { id: 'role-a', name: 'Role A' };
const ROLE_B: Role = { id: 'role-b', name: 'Role B' };

const row = (effect: Effect, pattern: string, role: Role = ROLE_A): RightsRow => ({ role, effect, pattern, source: 'test' });
const op = (method: string, path: string, query: Record<string, string> = {}): Operation => ({ method, path, query });

/** The decision for ROLE_A with the rows as given and reversed; both must agree. */
function decided(rows: RightsRow[], operation: Operation): RightsRow | undefined {
  const forward = compileMatrix(rows).decide(ROLE_A, operation);
  const backward = compileMatrix([...rows].reverse()).decide(ROLE_A, operation);
  assert.equal(forward.row, backward.row, 'the order of the rows changed the decision');
  assert.equal(forward.allowed, forward.row?.effect === 'allow');
  return forward.row;
}

describe('most specific wins', () => {
  const cases: [string, RightsRow, RightsRow, Operation][] = [
    ['one operation over its (all) prefix', row('allow', '/things (all)'), row('deny', 'DELETE /things/{ID}'), op('DELETE', '/things/t1')],
    ['one operation over its (all) prefix (allow inside deny)', row('deny', '/things (all)'), row('allow', 'GET /things/{ID}'), op('GET', '/things/t1')],
    ['the longer (all) prefix over the shorter', row('allow', '/things (all)'), row('deny', '/things/parts (all)'), op('GET', '/things/parts/p1')],
    ['the shorter prefix over (all)', row('allow', '(all)'), row('deny', '/things (all)'), op('PUT', '/things/t1')],
    ['an operation with its query parameter over the operation', row('deny', 'POST /things/{ID}'), row('allow', 'POST /things/{ID}?action=start'), op('POST', '/things/t1', { action: 'start' })],
    ['a literal segment over {ID}', row('allow', 'GET /things/{ID}'), row('deny', 'GET /things/special'), op('GET', '/things/special')],
    ['a literal segment over {ID} (allow)', row('deny', 'GET /things/{ID}/{ID}'), row('allow', 'GET /things/{ID}/parts'), op('GET', '/things/t1/parts')],
  ];
  for (const [name, general, specific, operation] of cases) {
    it(name, () => {
      assert.equal(decided([general, specific], operation), specific);
    });
  }

  it('the general row still decides where the specific one does not match', () => {
    const general = row('allow', '/things (all)');
    const specific = row('deny', 'DELETE /things/{ID}');
    assert.equal(decided([general, specific], op('GET', '/things/t1')), general);
    assert.equal(decided([general, specific], op('POST', '/things/t1', { action: 'stop' })), general);
  });
});

describe('deny wins ties', () => {
  const ties: [string, string, Operation][] = [
    ['the same operation', 'GET /things/{ID}', op('GET', '/things/t1')],
    ['the same (all) prefix', '/things (all)', op('DELETE', '/things/t1/parts')],
    ['(all)', '(all)', op('GET', '/things')],
    ['the same operation with its query parameter', 'POST /things/{ID}?action=start', op('POST', '/things/t1', { Action: 'START' })],
  ];
  for (const [name, pattern, operation] of ties) {
    it(name, () => {
      const deny = row('deny', pattern);
      // ROLE_B's row makes the operation one of the matrix (an '(all)' row alone does not).
      assert.equal(decided([row('allow', pattern), deny, row('allow', 'GET /things', ROLE_B)], operation), deny);
    });
  }

  it('two differently written rows of equal specificity', () => {
    const allow = row('allow', 'GET /things/{ID}/parts');
    const deny = row('deny', 'GET /things/first/{ID}');
    assert.equal(decided([allow, deny], op('GET', '/things/first/parts')), deny);
  });
});

describe('rows of other roles and no row', () => {
  it('another role\'s rows neither decide nor break a tie', () => {
    const mine = row('allow', 'GET /things/{ID}');
    const rows = [mine, row('deny', 'GET /things/{ID}', ROLE_B), row('deny', 'GET /things/first', ROLE_B)];
    assert.equal(decided(rows, op('GET', '/things/first')), mine);
  });

  it('denies by default where the role has no row, though the operation is in the matrix', () => {
    const matrix = compileMatrix([row('allow', 'GET /things/{ID}', ROLE_B)]);
    assert.equal(matrix.inMatrix(op('GET', '/things/t1')), true);
    assert.deepEqual(matrix.decide(ROLE_A, op('GET', '/things/t1')), { role: ROLE_A, allowed: false, row: undefined, restoreScope: false });
  });

  it('knows nothing no row speaks of, even for a (all) role', () => {
    const matrix = compileMatrix([row('allow', '(all)'), row('allow', 'GET /things')]);
    assert.equal(matrix.inMatrix(op('GET', '/others')), false);
    assert.equal(matrix.decide(ROLE_A, op('GET', '/others')).allowed, false);
    assert.equal(matrix.decide(ROLE_A, op('GET', '/things')).allowed, true);
  });
});

describe('the restore-scope rule', () => {
  it('marks only allowed restore operations of the scoped roles', () => {
    const rows = [row('allow', '/things (all)'), row('allow', '/things (all)', ROLE_B), row('deny', 'POST /things/{ID}?action=restore', ROLE_B)];
    const matrix = compileMatrix(rows, { restoreOperations: ['POST /things/{ID}?action=restore'], scopedRoles: [ROLE_A, ROLE_B] });
    const restore = op('POST', '/things/t1', { action: 'restore' });
    assert.equal(matrix.decide(ROLE_A, restore).restoreScope, true);
    assert.equal(matrix.decide(ROLE_B, restore).restoreScope, false, 'denied: nothing to narrow');
    assert.equal(matrix.decide(ROLE_A, op('GET', '/things/t1')).restoreScope, false);
    const unscoped = compileMatrix(rows, { restoreOperations: ['POST /things/{ID}?action=restore'], scopedRoles: [ROLE_B] });
    assert.equal(unscoped.decide(ROLE_A, restore).restoreScope, false);
  });
});
