// Reads reused until the data changes (change-token.ts): on both stores, what a reader gets
// follows every change, its own and another process's or node's; a read overlapping a commit is
// never kept; what the cache hands out cannot be changed by the caller.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { NewAccount } from '../../src/domain/model.ts';
import { ROLE, ROLES } from '../../src/domain/roles.ts';
import type { Store } from '../../src/store/repos.ts';
import { Generation, ReadCache } from '../../src/store/sql/change-token.ts';
import { POSTGRES, SQLITE, STORE_KINDS, withStore } from './matrix.ts';

const guid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const account = (n: number, roleIds: string[] = [ROLE.PortalUser.id]): NewAccount => ({
  id: guid(n), name: `member-${n}@tech.local`, type: 'ExternalUser', allowRestoreAllVms: true, flr: null, sql: null, roleIds, scopes: [],
});

async function prepare(store: Store, accounts: number): Promise<void> {
  await store.write(async (tx) => {
    for (const role of ROLES) await tx.roles.insert(role);
    for (let n = 1; n <= accounts; n++) await tx.accounts.insert(account(n));
  });
}

/** Polls `probe` until it returns true (for what is noticed by a periodic look). */
async function eventually(what: string, probe: () => Promise<boolean>, deadlineMs = 5_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await probe())) {
    if (Date.now() > until) assert.fail(`not seen within ${deadlineMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const rolesOf = async (store: Store, n: number): Promise<readonly string[] | undefined> => (await store.accounts.withRoles(guid(n)))?.roleIds;
/** The ids on the first page, read as entities and as references (cached separately on SQLite): both must agree. */
async function pageIds(store: Store): Promise<string[]> {
  const entities = (await store.accounts.page({ offset: 0, limit: 1_000 })).map((a) => a.id);
  const references = (await store.accounts.references({ offset: 0, limit: 1_000 })).map((a) => a.id);
  return JSON.stringify(entities) === JSON.stringify(references) ? entities : [];
}

for (const kind of STORE_KINDS) {
  describe(`reads follow changes on ${kind.name}`, { skip: kind.skip }, () => {
    it(`${kind.name}: an account's roles and the account pages follow this store's own commits at once`, () => withStore(kind, async (store) => {
      await prepare(store, 300);
      assert.deepEqual(await rolesOf(store, 7), [ROLE.PortalUser.id]);
      assert.equal((await pageIds(store)).length, 300);
      await store.write((tx) => tx.assignments.insert(guid(7), ROLE.FileRestoreOperator.id));
      assert.deepEqual(await rolesOf(store, 7), [ROLE.PortalUser.id, ROLE.FileRestoreOperator.id]);
      await store.write((tx) => tx.accounts.delete(guid(7)));
      assert.equal(await rolesOf(store, 7), undefined);
      await store.write((tx) => tx.accounts.insert(account(301)));
      const ids = await pageIds(store);
      assert.equal(ids.length, 300, 'entities and references agree');
      assert.ok(!ids.includes(guid(7)));
      assert.equal(ids.at(-1), guid(301));
    }));

    it(`${kind.name}: they follow commits of another process or node`, () => withStore(kind, async (store, place) => {
      await prepare(store, 300);
      assert.deepEqual(await rolesOf(store, 9), [ROLE.PortalUser.id]);
      assert.equal((await pageIds(store)).length, 300);
      // A second handle on the same file or database: what `emsec users`/`emsec seed` beside a
      // running server is on SQLite, another node on PostgreSQL.
      const other = await place.open();
      try {
        await other.write(async (tx) => {
          await tx.assignments.insert(guid(9), ROLE.PortalAdministrator.id);
          await tx.accounts.delete(guid(10));
          await tx.accounts.insert(account(302));
        });
      } finally {
        await other.close();
      }
      // Seen by the next read, without waiting for a poll.
      assert.deepEqual(await rolesOf(store, 9), [ROLE.PortalUser.id, ROLE.PortalAdministrator.id]);
      assert.equal(await rolesOf(store, 10), undefined);
      const ids = await pageIds(store);
      assert.equal(ids.length, 300, 'entities and references agree');
      assert.ok(!ids.includes(guid(10)));
      assert.equal(ids.at(-1), guid(302));
    }));
  });
}

describe('SQLite: another process\'s commits', () => {
  it('are announced to onExternalChange listeners; this store\'s own commits are not', () => withStore(SQLITE, async (store, place) => {
    await prepare(store, 1);
    let heard = 0;
    const stop = store.onExternalChange?.(() => heard++);
    assert.ok(stop, 'the SQLite store announces external changes');
    try {
      await store.write((tx) => tx.meta.set('own', '1'));
      await new Promise((r) => setTimeout(r, 1_200));
      assert.equal(heard, 0, 'its own commit is not an external change');
      const other = await place.open();
      try {
        await other.write((tx) => tx.meta.set('other', '1'));
      } finally {
        await other.close();
      }
      await eventually('the announcement', async () => heard > 0);
    } finally {
      stop();
    }
  }));
});

describe('PostgreSQL: reads as of a request\'s authorization version', { skip: POSTGRES.skip }, () => {
  // The version as every request reads it: with a session's lookup (the sum of the version's rows).
  const version = async (store: Store): Promise<number> => {
    const tokenHash = 'version-probe';
    if (!(await store.sessions.byTokenHash(tokenHash))) {
      await store.write((tx) => tx.sessions.insert({ id: randomUUID(), tokenHash, userName: 'EMSEC\\probe', createdAt: 0, lastSeenAt: 0 }));
    }
    return (await store.sessions.lookup(tokenHash))?.authzVersion ?? Number.NaN;
  };

  it('a read as of the version another node\'s change produced sees that change', () => withStore(POSTGRES, async (store, place) => {
    await prepare(store, 300);
    const before = await version(store);
    assert.deepEqual((await store.accounts.withRoles(guid(5), before))?.roleIds, [ROLE.PortalUser.id]);
    assert.equal((await store.accounts.references({ offset: 0, limit: 1_000 }, before)).length, 300);
    const other = await place.open();
    try {
      await other.write(async (tx) => {
        await tx.assignments.insert(guid(5), ROLE.PortalAdministrator.id);
        await tx.accounts.insert(account(301));
      });
    } finally {
      await other.close();
    }
    const after = await version(store);
    assert.ok(after > before, 'the other node\'s change moved the version');
    assert.deepEqual((await store.accounts.withRoles(guid(5), after))?.roleIds, [ROLE.PortalUser.id, ROLE.PortalAdministrator.id]);
    const refs = await store.accounts.references({ offset: 0, limit: 1_000 }, after);
    assert.equal(refs.at(-1)?.id, guid(301));
    assert.deepEqual((await store.accounts.page({ offset: 0, limit: 1_000 }, after)).map((a) => a.id), refs.map((r) => r.id));
  }));

  it('the version never goes back, not even when a reset wipes the store or the database is new', () => {
    // Before the database is created and the store opened (opening it sets the version's base row).
    const startedAt = Date.now();
    return withStore(POSTGRES, async (store) => {
    await prepare(store, 1);
    const before = await version(store);
    assert.ok(before >= startedAt, `a new database starts at the clock (${before}), above any version an older database reached`);
    await store.write((tx) => tx.meta.wipe());
    assert.ok((await version(store)) > before);
    assert.equal((await store.accounts.list()).length, 0, 'everything else is gone');
    });
  });
});

describe('ReadCache', () => {
  it('serves a read again until the token moves, then reads afresh', async () => {
    let token = 0;
    let reads = 0;
    const cache = ReadCache.inProcess<{ n: number }>(() => token);
    const read = async (): Promise<{ n: number }> => ({ n: ++reads });
    assert.equal((await cache.get('a', read)).n, 1);
    assert.equal((await cache.get('a', read)).n, 1);
    assert.equal((await cache.get('b', read)).n, 2);
    token++;
    assert.equal((await cache.get('a', read)).n, 3);
    assert.equal((await cache.get('a', read)).n, 3);
  });

  it('does not keep a read during which the token moved (a commit overlapped it)', async () => {
    let token = 0;
    let reads = 0;
    const cache = ReadCache.inProcess<number>(() => token);
    const overlapped = await cache.get('a', async () => {
      token++;
      return ++reads;
    });
    assert.equal(overlapped, 1);
    assert.equal(await cache.get('a', async () => ++reads), 2, 'the overlapped read was not kept');
    assert.equal(await cache.get('a', async () => ++reads), 2);
  });

  it('as of a request: an entry serves only readers holding the token it was read under; no token, no caching', async () => {
    let reads = 0;
    const cache = ReadCache.asOfRequest<number>();
    const read = async (): Promise<number> => ++reads;
    assert.equal(await cache.get('a', read, 4), 1);
    assert.equal(await cache.get('a', read, 4), 1);
    assert.equal(await cache.get('a', read, 5), 2);
    assert.equal(await cache.get('a', read), 3);
    assert.equal(await cache.get('a', read), 4);
  });

  it('drops what was read under an older token once a newer one is kept', async () => {
    let token = 0;
    let reads = 0;
    const cache = ReadCache.inProcess<number>(() => token);
    await cache.get('a', async () => ++reads);
    token = 1;
    await cache.get('b', async () => ++reads);
    token = 0;
    assert.equal(await cache.get('a', async () => ++reads), 3, 'the entry under token 0 was dropped');
  });

  it('hands out frozen values and keeps at most its bound of entries', async () => {
    const cache = ReadCache.inProcess<{ ids: string[] }>(() => 0, 2);
    const value = await cache.get('a', async () => ({ ids: ['x'] }));
    assert.throws(() => value.ids.push('y'), TypeError);
    await cache.get('b', async () => ({ ids: [] }));
    await cache.get('c', async () => ({ ids: [] }));
    let reread = false;
    await cache.get('a', async () => {
      reread = true;
      return { ids: [] };
    });
    assert.ok(reread, 'the oldest entry made room');
  });
});

describe('Generation', () => {
  const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

  it('looks for another process\'s commit at the first read of each event-loop turn', async () => {
    let version: number | Error = 1;
    let looks = 0;
    const generation = new Generation(() => {
      looks++;
      if (version instanceof Error) throw version;
      return version;
    });
    let heard = 0;
    generation.onExternal(() => heard++);
    const first = generation.read();
    version = 2;
    assert.equal(generation.read(), first, 'the same turn does not look again');
    await nextTurn();
    assert.equal(generation.read(), first + 1, 'the next turn sees the change');
    assert.equal(heard, 1);
    generation.bump();
    assert.equal(generation.read(), first + 2, 'its own commits move the token too');
    assert.equal(heard, 1, 'but are not announced');
    version = new Error('SQLITE_BUSY');
    await nextTurn();
    assert.equal(generation.read(), first + 2, 'a failed look is no change');
    assert.ok(looks >= 4);
  });

  it('watch() looks periodically, for readers that read no token', async () => {
    let version = 1;
    let heard = 0;
    const generation = new Generation(() => version);
    generation.onExternal(() => heard++);
    const stop = generation.watch(10);
    try {
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(heard, 0);
      version = 2;
      await eventually('the change', async () => heard === 1);
    } finally {
      stop();
    }
  });
});
