// emsec export / import: the whole state moves SQLite -> PostgreSQL -> SQLite without loss, and
// export -> import -> export is byte-identical on the way. A store built by a real server (users,
// groups, accounts, assignments, inventory, scopes, tasks, sessions) is the starting point; the
// imported store then serves the same users with the same passwords.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatState, parseState, readState, TABLE_ORDER, writeState } from '../../src/cli/state.ts';
import { ROLE } from '../../src/domain/roles.ts';
import { BuiltinUsers } from '../../src/identity/builtin.ts';
import { DEFAULTS } from '../../src/options.ts';
import { start, type Running } from '../../src/server/listen.ts';
import type { StoreOptions } from '../../src/store/open.ts';
import { runCli } from '../helpers/process.ts';
import { ADMIN, ADMIN_PASSWORD, NS, TEST_COST, basic, call, createSpecXml } from '../helpers/server.ts';
import { SQLITE, STORE_KINDS, type Place } from './matrix.ts';

async function serveOn(options: StoreOptions): Promise<Running> {
  return start({
    ...DEFAULTS, ...options, host: '127.0.0.1', httpsPort: 0, httpPort: 0, ephemeralPorts: true, adminPassword: ADMIN_PASSWORD,
    tlsCert: undefined, tlsKey: undefined, scryptCost: TEST_COST, logLevel: 'silent',
  });
}

async function logonTo(url: string, user = ADMIN, password = ADMIN_PASSWORD): Promise<string> {
  const res = await call(`${url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(user, password) } });
  assert.equal(res.status, 201, res.text);
  return res.headers.get('x-restsvcsessionid') as string;
}

/** A store with something in every table, made through the server as users make it. */
async function populate(options: StoreOptions): Promise<void> {
  const running = await serveOn(options);
  try {
    const url = running.httpUrl as string;
    const users = new BuiltinUsers(running.emsec.store, TEST_COST);
    await users.add('TECH\\mary', 'Mary-Passw0rd', ['TECH\\Restorers']);
    await users.add('TECH\\otto', 'Otto-Passw0rd');
    const token = await logonTo(url);
    const headers = { 'x-restsvcsessionid': token, 'content-type': 'application/xml' };
    for (const [type, name, roles] of [
      ['User', 'TECH\\mary', [ROLE.VmRestoreOperator.id, ROLE.PortalUser.id]],
      ['Group', 'TECH\\Restorers', [ROLE.FileRestoreOperator.id]],
      ['ExternalUser', 'ext@tech.local', [ROLE.SqlRestoreOperator.id]],
    ] as const) {
      const res = await call(`${url}/api/security/accounts`, { method: 'POST', headers, body: createSpecXml(type, name, [...roles]) });
      assert.equal(res.status, 201, res.text);
    }
    const ext = (await running.emsec.store.accounts.byName('ext@tech.local'))?.id as string;
    const assigned = await call(`${url}/api/security/accounts/${ext}/roles`, {
      method: 'POST', headers, body: `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.OracleRestoreOperator.id}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`,
    });
    assert.equal(assigned.status, 201, assigned.text);
    await running.emsec.store.write(async (tx) => {
      await tx.inventory.replace({
        roots: [{ id: '11111111-2222-4333-8444-555555555555', name: 'vcenter.tech.local', uniqueId: 'uid-1', hostType: 'VC', platform: 'VMware' }],
        objects: [
          { ref: 'urn:VMware:Datacenter:11111111-2222-4333-8444-555555555555.datacenter-1', rootId: '11111111-2222-4333-8444-555555555555', platform: 'VMware', type: 'Datacenter', name: 'DC1', parentRef: null },
          { ref: 'urn:VMware:Vm:11111111-2222-4333-8444-555555555555.vm-7', rootId: '11111111-2222-4333-8444-555555555555', platform: 'VMware', type: 'Vm', name: 'büro-vm ✓', parentRef: 'urn:VMware:Datacenter:11111111-2222-4333-8444-555555555555.datacenter-1' },
        ],
      });
      await tx.scopes.insert({
        id: '99999999-2222-4333-8444-555555555555', accountId: ext, objectRef: 'urn:VMware:Vm:11111111-2222-4333-8444-555555555555.vm-7',
        objectName: 'büro-vm ✓', rootName: 'vcenter.tech.local', platform: 'VMware', objectType: 'Vm', state: 'Unprocessed',
      });
      await tx.tasks.insert({ operation: 'RebuildScopes', state: 'Finished', success: true, message: null, createdAt: 1_800_000_000_123 });
    });
    await logonTo(url, 'TECH\\mary', 'Mary-Passw0rd');
  } finally {
    await running.close();
  }
}

async function exportText(place: Place, sessions = true): Promise<string> {
  const raw = place.raw();
  try {
    return formatState(await readState(raw, { sessions }));
  } finally {
    await raw.close();
  }
}

async function importText(place: Place, text: string): Promise<number> {
  const raw = place.raw();
  try {
    return await writeState(raw, parseState(text));
  } finally {
    await raw.close();
  }
}

describe('state export and import', () => {
  let source: Place;
  let original: string;
  before(async () => {
    source = await SQLITE.place();
    await populate(source.options);
    original = await exportText(source);
  });
  after(() => source?.dispose());

  it('exports every table with rows in it, canonically (sorted keys, one row per line), without volatile meta', () => {
    const state = parseState(original);
    for (const table of ['meta', 'roles', 'directory_users', 'directory_groups', 'directory_members', 'accounts', 'account_roles', 'hierarchy_roots', 'hierarchy_objects', 'account_scopes', 'tasks', 'sessions']) {
      assert.ok((state.tables[table]?.length ?? 0) > 0, `${table} has rows`);
    }
    assert.equal(state.tables['roles']?.length, 7);
    assert.ok(!original.includes('authz_version'));
    assert.equal(formatState(parseState(original)), original, 'formatting is canonical');
    for (const line of original.split('\n').filter((l) => l.startsWith('      {'))) {
      const keys = Object.keys(JSON.parse(line.trim().replace(/,$/, '')) as object);
      assert.deepEqual(keys, [...keys].sort());
    }
  });

  it('leaves sessions out unless asked', async () => {
    const without = parseState(await exportText(source, false));
    assert.equal(without.tables['sessions'], undefined);
    assert.deepEqual(without.tables['accounts'], parseState(original).tables['accounts']);
  });

  it('knows every table of the schema (a new table must be placed in TABLE_ORDER)', async () => {
    const raw = source.raw();
    try {
      const tables = (await raw.db.introspection.getTables()).map((t) => t.name);
      assert.deepEqual(tables.filter((t) => !TABLE_ORDER.includes(t)), []);
    } finally {
      await raw.close();
    }
  });

  for (const kind of STORE_KINDS) {
    it(`moves SQLite -> ${kind.name} -> SQLite without loss: every export byte-identical`, { skip: kind.skip }, async () => {
      const middle = await kind.place();
      const back = await SQLITE.place();
      try {
        await importText(middle, original);
        const fromMiddle = await exportText(middle);
        assert.equal(fromMiddle, original);
        await importText(back, fromMiddle);
        assert.equal(await exportText(back), original);

        // The imported store serves: same users, same passwords, same roles, same sessions.
        const running = await serveOn(middle.options);
        try {
          const url = running.httpUrl as string;
          const mary = await logonTo(url, 'TECH\\mary', 'Mary-Passw0rd');
          const mine = await call(`${url}/api/logonSessions`, { headers: { 'x-restsvcsessionid': mary, accept: 'application/json' } });
          assert.equal(mine.status, 200);
          const admin = await logonTo(url);
          const accounts = await call(`${url}/api/security/accounts`, { headers: { 'x-restsvcsessionid': admin, accept: 'application/json' } });
          assert.deepEqual(accounts.json<{ Refs: { Name: string }[] }>().Refs.map((r) => r.Name),
            ['BUILTIN\\Administrators', 'BUILTIN\\Users', ADMIN, 'TECH\\mary', 'TECH\\Restorers', 'ext@tech.local']);
          // New rows continue after the imported ones (identity sequences were moved on).
          const created = await call(`${url}/api/security/accounts`, {
            method: 'POST', headers: { 'x-restsvcsessionid': admin, 'content-type': 'application/xml' }, body: createSpecXml('ExternalUser', 'new@tech.local', [ROLE.PortalUser.id]),
          });
          assert.equal(created.status, 201, created.text);
          // The imported tree serves lookups and restorable sets (its lookup keys and paths came along).
          const found = await call(`${url}/api/lookup?${new URLSearchParams({ host: 'urn:veeam:HierarchyRoot:11111111-2222-4333-8444-555555555555', name: 'BÜRO-VM ✓', type: 'vm' })}`, { headers: { 'x-restsvcsessionid': admin, accept: 'application/json' } });
          assert.deepEqual(found.json<{ HierarchyItems: { ObjectRef: string }[] }>().HierarchyItems.map((i) => i.ObjectRef), ['urn:VMware:Vm:11111111-2222-4333-8444-555555555555.vm-7']);
          const ext = (await running.emsec.store.accounts.byName('ext@tech.local'))?.id as string;
          const restorable = await call(`${url}/emsec/accounts/${ext}/restorable`, { headers: { 'x-restsvcsessionid': admin, accept: 'application/json' } });
          assert.equal(restorable.status, 200, restorable.text);
          assert.deepEqual(restorable.json<{ objects: string[] }>().objects, ['urn:VMware:Vm:11111111-2222-4333-8444-555555555555.vm-7']);
          const task = await running.emsec.store.write((tx) => tx.tasks.insert({ operation: 'X', state: 'Finished', success: true, message: null, createdAt: 1 }));
          assert.equal(task.id, 'task-2');
        } finally {
          await running.close();
        }
      } finally {
        await middle.dispose();
        await back.dispose();
      }
    });

    it(`refuses to import into a ${kind.name} store that is not empty, changing nothing`, { skip: kind.skip }, async () => {
      const target = await kind.place();
      try {
        await importText(target, original);
        await assert.rejects(importText(target, original), /not empty/);
        assert.equal(await exportText(target), original);
      } finally {
        await target.dispose();
      }
    });

    it(`imports an export of an older schema into ${kind.name}, then migrates it to the latest`, { skip: kind.skip }, async () => {
      const old = await SQLITE.place();
      const target = await kind.place();
      try {
        const raw = old.raw();
        try {
          await raw.migrate('001_initial');
          await raw.db.insertInto('directory_users').values({ name_key: 'tech\\old', name: 'TECH\\old', password_hash: 'scrypt$x' }).execute();
        } finally {
          await raw.close();
        }
        const text = await exportText(old);
        assert.equal(parseState(text).schema, '001_initial');
        await importText(target, text);
        const after = parseState(await exportText(target));
        assert.notEqual(after.schema, '001_initial');
        assert.deepEqual(after.tables['directory_users'], [{ name: 'TECH\\old', name_key: 'tech\\old', password_hash: 'scrypt$x' }]);
      } finally {
        await old.dispose();
        await target.dispose();
      }
    });
  }

  it('emsec export / emsec import on the command line', async () => {
    const target = await SQLITE.place();
    try {
      const file = join(target.options.dataDir, 'state.json');
      const exported = await runCli(['export', '--sessions', '--out', file, '--data-dir', source.options.dataDir]);
      assert.equal(exported.code, 0, exported.stderr);
      const imported = await runCli(['import', file, '--data-dir', join(target.options.dataDir, 'new')]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stderr, /imported \d+ rows/);
      const again = await runCli(['export', 'state', '--sessions', '--data-dir', join(target.options.dataDir, 'new')]);
      assert.equal(again.stdout, original);
      writeFileSync(file, '{"format":"something-else"}');
      const bad = await runCli(['import', file, '--data-dir', join(target.options.dataDir, 'other')]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /not an emsec state export/);
      const migrated = await runCli(['migrate', '--data-dir', join(target.options.dataDir, 'fresh')]);
      assert.equal(migrated.code, 0, migrated.stderr);
      assert.match(migrated.stderr, /applied 001_initial, .*schema is at/);
      assert.match((await runCli(['migrate', '--data-dir', join(target.options.dataDir, 'fresh')])).stderr, /up to date/);
    } finally {
      await target.dispose();
    }
  });
});
