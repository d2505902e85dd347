// AccountRepo.page on a real SQLite store: every page, in creation order or filtered and sorted,
// is the slice of the full ordered list, while accounts are added and removed between calls
// (the creation-order path keeps anchors that must follow both).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Account, AccountType } from '../../src/domain/model.ts';
import type { AccountCondition, AccountPageQuery } from '../../src/domain/account-query.ts';
import type { Store } from '../../src/store/repos.ts';
import { openSqliteStore } from '../../src/store/sql/open.ts';
import { ACCOUNT_TYPE_ORDER } from '../../src/store/sql/account-pages.ts';
import { ACCOUNT_TYPES } from '../../src/api/collections.ts';
import { AccountTypeEnumeration } from '../../src/wire/account.ts';
import { tempDir } from '../helpers/server.ts';

const dir = tempDir();
let store: Store;
let n = 0;
/** The accounts the store should hold, in creation order. */
let model: Account[] = [];

const TYPES: readonly AccountType[] = ['User', 'Group', 'ExternalUser', 'ExternalGroup'];

async function add(count: number): Promise<void> {
  await store.write(async (tx) => {
    for (let i = 0; i < count; i++) {
      n++;
      const a: Account = {
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        name: `${n % 3 === 0 ? 'TEAM' : 'team'}\\member-${String((n * 7919) % 1000).padStart(3, '0')}-${n}`,
        type: TYPES[n % 4] as AccountType,
        allowRestoreAllVms: n % 5 !== 0,
        flr: null,
        sql: null,
      };
      await tx.accounts.insert({ ...a, roleIds: [], scopes: [] });
      model.push(a);
    }
  });
}

async function remove(indexes: readonly number[]): Promise<void> {
  const ids = new Set(indexes.map((i) => model[i % model.length]?.id).filter((x): x is string => x !== undefined));
  await store.write(async (tx) => {
    for (const id of ids) await tx.accounts.delete(id);
  });
  model = model.filter((a) => !ids.has(a.id));
}

const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
const OPS: Record<string, (c: number) => boolean> = {
  '==': (c) => c === 0, '!=': (c) => c !== 0, '<': (c) => c < 0, '>': (c) => c > 0, '<=': (c) => c <= 0, '>=': (c) => c >= 0,
};

/** The test's own reading of a condition (independent of the SQL translation). */
function holds(c: AccountCondition, a: Account): boolean {
  switch (c.op) {
    case 'and': return c.terms.every((t) => holds(t, a));
    case 'or': return c.terms.some((t) => holds(t, a));
    case 'in': return c.values.includes(a.type);
    default: {
      const actual = c.column === 'allowRestoreAllVms' ? Number(a.allowRestoreAllVms) : c.column === 'name' ? a.name.toLowerCase() : a.id;
      const wanted = typeof c.value === 'boolean' ? Number(c.value) : c.value.toLowerCase();
      return (OPS[c.op] as (x: number) => boolean)(cmp(actual, wanted));
    }
  }
}

function expected(q: AccountPageQuery): string[] {
  let list = model.map((a, seq) => ({ a, seq }));
  if (q.where) list = list.filter(({ a }) => holds(q.where as AccountCondition, a));
  const order = q.order;
  if (order) {
    const key = (a: Account): string | number =>
      order.column === 'name' ? a.name.toLowerCase() : order.column === 'type' ? TYPES.indexOf(a.type) : order.column === 'id' ? a.id : Number(a.allowRestoreAllVms);
    list.sort((x, y) => (order.desc ? -1 : 1) * cmp(key(x.a), key(y.a)) || x.seq - y.seq);
  }
  return list.slice(q.offset, q.limit === undefined ? undefined : q.offset + q.limit).map(({ a }) => a.id);
}

/** The ids and names of these accounts, as AccountRepo.references returns them. */
function names(ids: readonly string[]): { id: string; name: string }[] {
  const byId = new Map(model.map((a) => [a.id, a]));
  return ids.map((id) => ({ id, name: (byId.get(id) as Account).name }));
}

const name = fc.constantFrom('team\\member-500-1', 'TEAM\\MEMBER-5', 'team\\member-9', 'a', 'zzz');
const condition: fc.Arbitrary<AccountCondition> = fc.letrec<{ c: AccountCondition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ op: fc.constantFrom('==', '!=', '<', '>', '<=', '>=' as const), column: fc.constant('name' as const), value: name }),
    fc.record({ op: fc.constantFrom('==', '!=' as const), column: fc.constant('allowRestoreAllVms' as const), value: fc.boolean() }),
    fc.record({ op: fc.constant('in' as const), column: fc.constant('type' as const), values: fc.subarray([...TYPES]) }),
    fc.record({ op: fc.constantFrom('and', 'or' as const), terms: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
  ),
})).c;

const query: fc.Arbitrary<AccountPageQuery> = fc.record({
  where: fc.option(condition, { nil: undefined }),
  order: fc.option(fc.record({ column: fc.constantFrom('id', 'name', 'type', 'allowRestoreAllVms' as const), desc: fc.boolean() }), { nil: undefined }),
  offset: fc.integer({ min: 0, max: 700 }),
  limit: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
});

describe('AccountRepo.page', () => {
  before(async () => {
    store = await openSqliteStore(dir);
    await add(600);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('in creation order, pages of every size concatenate to the whole list', async () => {
    const all = model.map((a) => a.id);
    for (const size of [1, 7, 128, 129, 600, 1000]) {
      const seen: string[] = [];
      for (let offset = 0; offset < all.length + size; offset += size) seen.push(...(await store.accounts.page({ offset, limit: size })).map((a) => a.id));
      assert.deepEqual(seen, all, `pageSize ${size}`);
    }
    assert.deepEqual((await store.accounts.page({ offset: 0 })).map((a) => a.id), all);
    assert.deepEqual(await store.accounts.page({ offset: 100, limit: 0 }), []);
    assert.deepEqual(await store.accounts.page({ offset: 10_000, limit: 5 }), []);
  });

  it('follows inserts and deletes between pages (anchors extended or rebuilt)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ del: fc.array(fc.nat(), { maxLength: 40 }), add: fc.integer({ min: 0, max: 300 }) }),
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 1, max: 200 }),
        async (change, offset, limit) => {
          // Deletes, then inserts, between two pages: a net count that can equal an append's.
          if (model.length > 200) await remove(change.del);
          await add(change.add);
          assert.deepEqual((await store.accounts.page({ offset, limit })).map((a) => a.id), expected({ offset, limit }));
          assert.deepEqual(await store.accounts.references({ offset, limit }), names(expected({ offset, limit })));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('filtered and sorted pages are slices of the filtered, stably sorted list', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        assert.deepEqual((await store.accounts.page(q)).map((a) => a.id), expected(q));
        assert.deepEqual(await store.accounts.references(q), names(expected(q)), 'references: the same accounts, ids and names only');
      }),
      { numRuns: 200 },
    );
  });

  it('orders account types as AccountTypeEnumeration does', () => {
    assert.deepEqual([...ACCOUNT_TYPE_ORDER], (AccountTypeEnumeration.jsonSchema as { enum: string[] }).enum);
    assert.deepEqual([...ACCOUNT_TYPES], [...ACCOUNT_TYPE_ORDER]);
  });
});
