// The filter grammar of filter.md / query_*.md: any condition written out (quoted where needed,
// grouped where precedence requires) parses back to itself; AND binds tighter than OR.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Invalid } from '../../src/domain/errors.ts';
import { applyQuery, collection, parseCollectionQuery, parseFilter, type Condition } from '../../src/api/query.ts';

interface Item { name: string; kind: string; on: boolean }
const SPEC = collection<Item>([
  { name: 'Name', kind: { kind: 'string' }, get: (i) => i.name },
  { name: 'Kind', kind: { kind: 'enum', values: ['Low', 'Mid', 'High'] }, get: (i) => i.kind },
  { name: 'On', kind: { kind: 'boolean' }, get: (i) => i.on },
]);

const op = fc.constantFrom('==', '!=', '<', '>', '<=', '>=' as const);
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ op, field: fc.constant('Name'), value: fc.string({ unit: fc.constantFrom('a', 'B', ' ', '"', ';', ',', '(', ')', 'é'), minLength: 1, maxLength: 6 }) }),
  fc.record({ op, field: fc.constant('Kind'), value: fc.constantFrom('Low', 'Mid', 'High') }),
  fc.record({ op, field: fc.constant('On'), value: fc.constantFrom('True', 'false') }),
) as fc.Arbitrary<Condition>;
const cond: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof({ depthSize: 'small' }, leaf, fc.record({ op: fc.constantFrom('and', 'or' as const), terms: fc.array(tie('c'), { minLength: 2, maxLength: 3 }) }) as fc.Arbitrary<Condition>),
})).c;

/** Writes a condition as a client would: values quoted, OR inside AND parenthesised. */
function write(c: Condition, parent: 'and' | 'or' | 'top' = 'top'): string {
  if ('terms' in c) {
    const s = c.terms.map((t) => write(t, c.op)).join(c.op === 'and' ? ';' : ',');
    return (c.op === 'or' && parent === 'and') || (c.op === parent) ? `(${s})` : s;
  }
  return `${c.field}${c.op}"${String(c.value).replace(/"/g, '""')}"`;
}

/** The condition as the parser normalises it. */
function normal(c: Condition): Condition {
  if ('terms' in c) return { op: c.op, terms: c.terms.map(normal) };
  const v = String(c.value);
  const value = c.field === 'Kind' ? ['low', 'mid', 'high'].indexOf(v.toLowerCase()) : c.field === 'On' ? (v.toLowerCase() === 'true' ? 1 : 0) : v.toLowerCase();
  return { op: c.op, field: c.field, value };
}

describe('filter grammar', () => {
  it('parses what it writes, for any condition', () => {
    fc.assert(fc.property(cond, (c) => {
      assert.deepStrictEqual(JSON.parse(JSON.stringify(parseFilter(SPEC, write(c)))), JSON.parse(JSON.stringify(normal(c))));
    }), { numRuns: 300 });
  });

  it('binds AND tighter than OR, and parentheses override it', () => {
    const f = (s: string) => JSON.stringify(parseFilter(SPEC, s));
    assert.equal(f('Name==a,Name==b;On==true'), f('Name==a,(Name==b;On==true)'));
    assert.notEqual(f('Name==a,Name==b;On==true'), f('(Name==a,Name==b);On==true'));
  });

  it('ignores spaces in unquoted values and keeps them in quoted ones', () => {
    assert.deepEqual(parseFilter(SPEC, 'Name==a b c'), { op: '==', field: 'Name', value: 'abc' });
    assert.deepEqual(parseFilter(SPEC, 'name == " a b "'), { op: '==', field: 'Name', value: ' a b ' });
  });

  it('refuses what it cannot read with Invalid, naming the position', () => {
    for (const bad of ['', 'Name', 'Name=a', 'Name==', '==a', 'Name==a;', 'Name==a,,Name==b', '(Name==a', 'Name==a)', 'Name=="a', 'Kind==Top', 'On==1', 'Size==1']) {
      assert.throws(() => parseFilter(SPEC, bad), (e: unknown) => e instanceof Invalid && /filter/.test(e.message), bad);
    }
  });
});

describe('applyQuery', () => {
  const items: Item[] = [
    { name: 'b', kind: 'High', on: true }, { name: 'A', kind: 'Low', on: false }, { name: 'c', kind: 'Low', on: true }, { name: 'a', kind: 'Mid', on: true },
  ];
  const run = (query: Record<string, string>) => applyQuery(SPEC, parseCollectionQuery(SPEC, query), items).map((i) => i.name);

  it('sorts stably, ignoring case, and enumerations by index', () => {
    assert.deepEqual(run({ sortAsc: 'name' }), ['A', 'a', 'b', 'c']);
    assert.deepEqual(run({ sortDesc: 'Name' }), ['c', 'b', 'A', 'a']);
    assert.deepEqual(run({ sortAsc: 'Kind' }), ['A', 'c', 'a', 'b']);
    assert.deepEqual(run({ sortDesc: 'On' }), ['b', 'c', 'a', 'A']);
  });

  it('filters, then sorts, then pages', () => {
    assert.deepEqual(run({ filter: 'Kind>=Mid,On==false', sortAsc: 'Name', pageSize: '2', page: '1' }), ['A', 'a']);
    assert.deepEqual(run({ filter: 'Kind>=Mid,On==false', sortAsc: 'Name', pageSize: '2', page: '2' }), ['b']);
    assert.deepEqual(run({ pageSize: '3', page: '2' }), ['a']);
    assert.deepEqual(run({ page: '2' }), []);
  });
});
