// The store contract, written once and run on SQLite and on PostgreSQL: Store.write commits
// before it resolves, a failing change changes nothing, a failed commit is StoreUnavailableError,
// uniqueness races are Conflict, values and orders come back the same from both engines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from '../../src/store/sql/kysely.ts';
import { Conflict, Invalid } from '../../src/domain/errors.ts';
import type { NewAccount } from '../../src/domain/model.ts';
import { ROLE, ROLES } from '../../src/domain/roles.ts';
import type { Store } from '../../src/store/repos.ts';
import { StoreUnavailableError } from '../../src/domain/errors.ts';
import { STORE_KINDS, withStore, type Place } from './matrix.ts';

const account = (id: string, name: string, roleIds: string[] = [ROLE.PortalUser.id]): NewAccount => ({
  id, name, type: 'ExternalUser', allowRestoreAllVms: true, flr: { inplaceOnly: true, extensionRestrictions: 'doc,pptx' }, sql: null, roleIds, scopes: [],
});
const guid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function withRoles(store: Store): Promise<void> {
  await store.write(async (tx) => {
    for (const role of ROLES) await tx.roles.insert(role);
  });
}

/**
 * Makes the next commit that wrote meta key 'trap' fail at COMMIT time (a deferred foreign key
 * checked only then), so the commit-failure path is exercised on the real engine.
 */
async function armCommitTrap(place: Place): Promise<void> {
  const raw = place.raw();
  try {
    await sql`create table trap_parent (k text primary key)`.execute(raw.db);
    await sql`create table trap_child (k text references trap_parent (k) deferrable initially deferred)`.execute(raw.db);
    if (raw.dialect === 'postgres') {
      await sql`create function trap() returns trigger language plpgsql as $$ begin insert into trap_child values ('missing'); return new; end $$`.execute(raw.db);
      await sql`create trigger trap after insert on meta for each row when (new.key = 'trap') execute function trap()`.execute(raw.db);
    } else {
      await sql`create trigger trap after insert on meta when new.key = 'trap' begin insert into trap_child values ('missing'); end`.execute(raw.db);
    }
  } finally {
    await raw.close();
  }
}

for (const kind of STORE_KINDS) {
  describe(`store on ${kind.name}`, { skip: kind.skip }, () => {
    it(`${kind.name}: commits concurrent writes, isolating the one that fails`, () => withStore(kind, async (store, place) => {
      const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.write(async (tx) => {
        await tx.meta.set(`k${i}`, String(i));
        if (i === 7) throw new Error('boom');
        return i;
      })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 49);
      assert.equal((results[7] as PromiseRejectedResult).reason.message, 'boom');
      // Read back through a second, independent handle: resolved means committed.
      const raw = place.raw();
      try {
        const rows = await raw.db.selectFrom('meta').select('key').where('key', 'like', 'k%').execute();
        assert.equal(rows.length, 49);
        assert.ok(!rows.some((r) => r.key === 'k7'));
      } finally {
        await raw.close();
      }
    }));

    it(`${kind.name}: a failing change changes nothing, not even what it wrote before failing`, () => withStore(kind, async (store) => {
      await withRoles(store);
      await assert.rejects(store.write(async (tx) => {
        await tx.accounts.insert(account(guid(1), 'one@tech.local'));
        await tx.meta.set('half', 'written');
        throw new Error('changed my mind');
      }), /changed my mind/);
      assert.equal(await store.accounts.byId(guid(1)), undefined);
      assert.deepEqual(await store.assignments.rolesOf(guid(1)), []);
      assert.equal(await store.meta.get('half'), undefined);
    }));

    it(`${kind.name}: a commit that fails is StoreUnavailableError and leaves nothing behind`, () => withStore(kind, async (store, place) => {
      await armCommitTrap(place);
      await assert.rejects(store.write((tx) => tx.meta.set('trap', 'x')), StoreUnavailableError);
      assert.equal(await store.meta.get('trap'), undefined);
      // The store still works afterwards.
      await store.write((tx) => tx.meta.set('after', 'ok'));
      assert.equal(await store.meta.get('after'), 'ok');
    }));

    it(`${kind.name}: two writers racing past their checks get one success and one Conflict`, () => withStore(kind, async (store) => {
      await withRoles(store);
      // No domain check inside the changes: only the unique constraint on the name decides.
      const results = await Promise.allSettled([
        store.write((tx) => tx.accounts.insert(account(guid(2), 'same@tech.local'))),
        store.write((tx) => tx.accounts.insert(account(guid(3), 'SAME@tech.local'))),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(refused.reason instanceof Conflict, String(refused.reason));
      assert.equal((await store.accounts.list()).length, 1);
    }));

    it(`${kind.name}: an assignment is inserted once; a second insert reports false`, () => withStore(kind, async (store) => {
      await withRoles(store);
      await store.write((tx) => tx.accounts.insert(account(guid(4), 'four@tech.local')));
      const inserted = await Promise.all(Array.from({ length: 10 }, () => store.write((tx) => tx.assignments.insert(guid(4), ROLE.VmRestoreOperator.id))));
      assert.equal(inserted.filter(Boolean).length, 1);
      assert.deepEqual(await store.assignments.rolesOf(guid(4)), [ROLE.PortalUser.id, ROLE.VmRestoreOperator.id]);
      assert.equal(await store.assignments.holders(ROLE.VmRestoreOperator.id), 1);
      assert.equal(typeof (await store.assignments.holders(ROLE.VmRestoreOperator.id)), 'number');
      // Deleting the account takes its assignments along: no orphans.
      assert.equal(await store.write((tx) => tx.accounts.delete(guid(4))), true);
      assert.equal(await store.assignments.holders(ROLE.VmRestoreOperator.id), 0);
    }));

    it(`${kind.name}: values come back as they went in (booleans, nulls, millisecond times)`, () => withStore(kind, async (store) => {
      await withRoles(store);
      await store.write((tx) => tx.accounts.insert(account(guid(5), 'five@tech.local')));
      assert.deepEqual(await store.accounts.byName('FIVE@tech.local'), {
        id: guid(5), name: 'five@tech.local', type: 'ExternalUser', allowRestoreAllVms: true,
        flr: { inplaceOnly: true, extensionRestrictions: 'doc,pptx' }, sql: null,
      });
      const t = Date.UTC(2030, 0, 1, 12, 0, 0, 123);
      const session = { id: guid(6), tokenHash: 'f'.repeat(64), userName: 'TECH\\mary', createdAt: t, lastSeenAt: t + 1 };
      await store.write((tx) => tx.sessions.insert(session));
      assert.deepEqual(await store.sessions.byId(guid(6)), session);
      const found = await store.sessions.lookup('f'.repeat(64));
      assert.deepEqual(found?.session, session);
      assert.equal(typeof found?.authzVersion, 'number');
      assert.equal(await store.sessions.lookup('0'.repeat(64)), undefined);
    }));

    it(`${kind.name}: text orders bytewise, whatever the database's locale`, () => withStore(kind, async (store) => {
      const names = ['TECH\\a-b', 'TECH\\ab', 'TECH\\A_c', 'TECH\\a.d', 'TECH\\Zed', 'TECH\\zz', 'TECH9\\x', 'TECH\\é'];
      for (const name of names) await store.write((tx) => tx.directory.putUser(name, 'hash'));
      const keys = (await store.directory.users()).map((u) => u.name.toLowerCase());
      const bytewise = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      assert.deepEqual(keys, bytewise);
      assert.equal(keys.length, names.length);
    }));

    it(`${kind.name}: a NUL character in text is ${kind.name === 'PostgreSQL' ? 'refused as Invalid (400), never a 500' : 'just text'}`, () => withStore(kind, async (store) => {
      if (kind.name === 'PostgreSQL') {
        await assert.rejects(store.accounts.byName('nul\u0000@tech.local'), Invalid);
        await assert.rejects(store.write((tx) => tx.directory.putUser('TECH\\nul\u0000', 'hash')), Invalid);
      } else {
        assert.equal(await store.accounts.byName('nul\u0000@tech.local'), undefined);
      }
    }));

    it(`${kind.name}: migrations run once; reopening finds everything`, async () => {
      const place = await kind.place();
      try {
        const first = await place.open();
        await first.write((tx) => tx.meta.set('kept', 'yes'));
        await first.close();
        const second = await place.open();
        assert.equal(await second.meta.get('kept'), 'yes');
        await second.close();
        const raw = place.raw();
        try {
          assert.deepEqual(await raw.migrate(), [], 'nothing left to migrate');
          assert.ok((await raw.applied()).length >= 1);
        } finally {
          await raw.close();
        }
      } finally {
        await place.dispose();
      }
    });

    it(`${kind.name}: ${kind.name === 'PostgreSQL' ? 'every change to authorization data bumps the shared authorization version' : 'is a single-node store (sessions may be cached in memory)'}`, () => withStore(kind, async (store) => {
      assert.equal(store.shared, kind.name === 'PostgreSQL');
      if (!store.shared) return;
      await withRoles(store);
      const session = { id: guid(7), tokenHash: 'e'.repeat(64), userName: 'TECH\\mary', createdAt: 1, lastSeenAt: 1 };
      await store.write((tx) => tx.sessions.insert(session));
      const version = async (): Promise<number> => (await store.sessions.lookup(session.tokenHash))?.authzVersion ?? -1;
      const v0 = await version();
      await store.write((tx) => tx.sessions.touch(session.id, 2));
      assert.equal(await version(), v0, 'a session change is not an authorization change');
      await store.write((tx) => tx.accounts.insert(account(guid(8), 'eight@tech.local')));
      const v1 = await version();
      assert.ok(v1 > v0);
      await store.write((tx) => tx.assignments.insert(guid(8), ROLE.VmRestoreOperator.id));
      assert.ok((await version()) > v1);
      await assert.rejects(store.write(async (tx) => {
        await tx.assignments.delete(guid(8), ROLE.VmRestoreOperator.id);
        throw new Error('rolled back');
      }));
      assert.equal(await version(), v1 + 1, 'a rolled-back change bumps nothing');
    }));
  });
}

describe('store on PostgreSQL only', { skip: STORE_KINDS[1]?.skip ?? false }, () => {
  const kind = STORE_KINDS[1] as (typeof STORE_KINDS)[number];

  it('PostgreSQL: nodes starting at once on an empty database migrate once and all open', async () => {
    const place = await kind.place();
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => place.open()));
      await Promise.all(stores.map((s, i) => s.write((tx) => tx.meta.set(`node${i}`, 'up'))));
      for (let i = 0; i < 4; i++) assert.equal(await stores[0]?.meta.get(`node${i}`), 'up');
      await Promise.all(stores.map((s) => s.close()));
      const raw = place.raw();
      try {
        const rows = await sql<{ name: string; n: number }>`select name, count(*) as n from kysely_migration group by name`.execute(raw.db);
        assert.ok(rows.rows.length >= 1);
        for (const r of rows.rows) assert.equal(Number(r.n), 1, r.name);
      } finally {
        await raw.close();
      }
    } finally {
      await place.dispose();
    }
  });

  it('PostgreSQL: changes to authorization data from several stores run one at a time (no lost check)', () => withStore(kind, async (store, place) => {
    // The domain's rule "one account keeps Portal Administrator" is a check followed by a change;
    // from two stores (two nodes) at once, both checks could pass unless the changes serialize.
    await withRoles(store);
    const other = await place.open();
    try {
      for (let i = 0; i < 6; i++) await store.write((tx) => tx.accounts.insert(account(guid(100 + i), `admin${i}@tech.local`, [ROLE.PortalAdministrator.id])));
      const removeIfNotLast = (s: Store, id: string) => s.write(async (tx) => {
        if ((await tx.assignments.holders(ROLE.PortalAdministrator.id)) <= 1) throw new Error('last administrator');
        await new Promise((r) => setTimeout(r, 5)); // widen the window between check and change
        await tx.accounts.delete(id);
      });
      const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => removeIfNotLast(i % 2 ? store : other, guid(100 + i))));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
      assert.equal(await store.assignments.holders(ROLE.PortalAdministrator.id), 1);
    } finally {
      await other.close();
    }
  }));
});
