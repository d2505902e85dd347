// The session cache policies (src/domain/session-cache.ts), against a store that counts its
// lookups: one node trusts its cache, a shared store is asked on every request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionCachePolicy } from '../../src/domain/session-cache.ts';
import type { SessionRecord } from '../../src/domain/model.ts';
import type { Store } from '../../src/store/repos.ts';

const record = (n: number, lastSeenAt = 1_000): SessionRecord => ({ id: `id-${n}`, tokenHash: `hash-${n}`, userName: 'TECH\\mary', createdAt: 0, lastSeenAt });

/** A store holding `sessions`, at authorization version `authzVersion`, that counts lookups. */
function fakeStore(shared: boolean, sessions: SessionRecord[], authzVersion = 7) {
  const counts = { lookups: 0 };
  const store = {
    shared,
    sessions: {
      lookup: async (tokenHash: string) => {
        counts.lookups++;
        const session = sessions.find((s) => s.tokenHash === tokenHash);
        return session && { session, authzVersion };
      },
    },
  };
  // Only what the cache uses; the rest of Store is never touched.
  return { store: store as unknown as Store, counts, sessions };
}

const ROLES = new Set(['role-a']);

describe('session cache: one node', () => {
  it('asks the store only for a session it has not seen, and holds roles to the in-process version', async () => {
    const version = { value: 3 };
    const { store, counts } = fakeStore(false, [record(1), record(2)]);
    const cache = sessionCachePolicy(store, version);
    cache.add(record(1), ROLES, 3);
    const first = await cache.check('hash-1');
    assert.equal(counts.lookups, 0, 'a session this node created is not looked up');
    assert.deepEqual([first?.version, first?.asOf, first?.live.roles], [3, undefined, ROLES]);
    assert.equal(cache.currentRoles(record(1)), ROLES);
    version.value = 4;
    assert.equal(cache.currentRoles(record(1)), undefined, 'roles read before a change are not current');

    const other = await cache.check('hash-2');
    assert.equal(counts.lookups, 1);
    assert.deepEqual([other?.live.version, other?.version], [-1, 4], 'read from the store: its roles are not known yet');
    await cache.check('hash-2');
    assert.equal(counts.lookups, 1, 'then cached');
    assert.equal(await cache.check('hash-9'), undefined);
  });

  it('keeps its sessions at a sweep: only this node ends them', () => {
    const { store } = fakeStore(false, []);
    const cache = sessionCachePolicy(store, { value: 0 });
    cache.add(record(1), ROLES, 0);
    cache.keepOnly([]);
    assert.ok(cache.get('hash-1'));
  });
});

describe('session cache: a shared store', () => {
  it('asks the store on every request and takes its version and last use', async () => {
    const sessions = [record(1, 1_000)];
    const { store, counts } = fakeStore(true, sessions, 7);
    const cache = sessionCachePolicy(store, { value: 3 });
    cache.add(record(1, 1_000), ROLES, 3);
    assert.equal(cache.get('hash-1')?.version, -1, 'the database version is unknown at logon');
    sessions[0] = record(1, 5_000);
    const checked = await cache.check('hash-1');
    assert.equal(counts.lookups, 1);
    assert.deepEqual([checked?.version, checked?.asOf, checked?.live.lastSeenAt, checked?.live.persistedAt], [7, 7, 5_000, 5_000]);
    await cache.check('hash-1');
    assert.equal(counts.lookups, 2, 'asked again');
    assert.equal(cache.currentRoles(record(1)), undefined, 'roles are never answered from the cache');
  });

  it('forgets a session another node ended: at the next request and at a sweep', async () => {
    const sessions = [record(1), record(2)];
    const { store } = fakeStore(true, sessions);
    const cache = sessionCachePolicy(store, { value: 0 });
    cache.add(record(1), ROLES, 0);
    cache.add(record(2), ROLES, 0);
    sessions.splice(0, 1);
    assert.equal(await cache.check('hash-1'), undefined);
    assert.equal(cache.get('hash-1'), undefined);
    cache.add(record(3), ROLES, 0);
    cache.keepOnly(sessions);
    assert.deepEqual([cache.get('hash-2') !== undefined, cache.get('hash-3') !== undefined], [true, false]);
  });
});
