// scenario_restore_scope.md end to end over HTTP, in XML and in JSON, as a client follows it:
// log on, follow the links to the account, find the object to scope with the lookup service (a
// resource pool, and a VM in a nested folder), scope the account to them, list the scopes. Then
// what the account may restore (GET /emsec/accounts/{ID}/restorable, paged), whether the user
// may restore an object (GET /emsec/authz?restore=, emsec can USER restore OBJECT), group
// accounts adding their scopes and AllowRestoreAllVms covering everything. Every expectation comes
// from the tree this test seeds (TREE below), walked here by its parent links.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { can } from '../../src/cli/can.ts';
import { ROLE } from '../../src/domain/roles.ts';
import { testDatabaseFor } from '../helpers/postgres.ts';
import { ADMIN, ADMIN_PASSWORD, NS, basic, call, json, logon, startServer, tempDir, xml, type TestServer } from '../helpers/server.ts';
import { runCommand } from './authz-fixtures.ts';

/** The scenario's root: vcprod.tech.local as scenario_restore_scope.md names it. */
const ROOT = '3e7fea0c-e92d-4459-9842-0304df34c644';
const OTHER = '22222222-3333-4444-8555-666666666666';

interface Node {
  type: string;
  ref: string;
  name: string;
  count?: number;
  children?: Node[];
}

/** The seeded tree: a pool (with a nested pool), nested folders, VMs elsewhere, a second root. */
const TREE: { id: string; name: string; objects: Node[] }[] = [
  {
    id: ROOT, name: 'vcprod.tech.local', objects: [{
      type: 'Vc', ref: ROOT, name: 'vcprod.tech.local', children: [{
        type: 'Datacenter', ref: 'datacenter-2', name: 'Datacenter', children: [
          {
            type: 'Cluster', ref: 'domain-c7', name: 'Production Cluster', children: [
              { type: 'Host', ref: 'host-10', name: 'esx01.tech.local' },
              {
                type: 'ResourcePool', ref: 'resgroup-10734', name: 'Production', children: [
                  { type: 'Vm', ref: 'vm-{n}', name: 'prod-{n:2}', count: 23 },
                  { type: 'ResourcePool', ref: 'resgroup-10735', name: 'Production DB', children: [{ type: 'Vm', ref: 'vm-db-{n}', name: 'db-{n}', count: 6 }] },
                ],
              },
              { type: 'ResourcePool', ref: 'resgroup-20', name: 'Test', children: [{ type: 'Vm', ref: 'vm-t{n}', name: 'test-{n}', count: 9 }] },
            ],
          },
          {
            type: 'Folder', ref: 'group-v4', name: 'Infrastructure', children: [
              { type: 'Vm', ref: 'vm-201', name: 'dc01' },
              {
                type: 'Folder', ref: 'group-v5', name: 'Web', children: [{
                  type: 'Folder', ref: 'group-v6', name: 'Frontend', children: [
                    { type: 'Vm', ref: 'vm-w{n}', name: 'web-{n:3}', count: 11 },
                    { type: 'Vm', ref: 'vm-2999', name: 'web-cms' },
                  ],
                }],
              },
            ],
          },
          { type: 'Template', ref: 'vm-900', name: 'win2022-template' },
        ],
      }],
    }],
  },
  { id: OTHER, name: 'vcother.tech.local', objects: [{ type: 'Vc', ref: OTHER, name: 'vcother', children: [{ type: 'Vm', ref: 'vm-1', name: 'web-cms' }] }] },
];

/** Every object of the seeded tree as the reference would name it, with its parent: the test's own walk. */
function objectsOf(): { ref: string; type: string; name: string; parent: string | null }[] {
  const out: { ref: string; type: string; name: string; parent: string | null }[] = [];
  for (const root of TREE) {
    const walk = (nodes: Node[], parent: string | null): void => {
      for (const n of nodes) {
        for (let i = 1; i <= (n.count ?? 1); i++) {
          const num = (s: string): string => (n.count ? s.replace(/\{n(?::(\d+))?\}/g, (_m, w: string | undefined) => String(i).padStart(Number(w ?? 0), '0')) : s);
          const ref = `urn:VMware:${n.type}:${root.id}.${num(n.ref)}`;
          out.push({ ref, type: n.type, name: num(n.name), parent });
          walk(n.children ?? [], ref);
        }
      }
    };
    walk(root.objects, null);
  }
  return out;
}

const OBJECTS = objectsOf();
const ref = (type: string, id: string, root = ROOT): string => `urn:VMware:${type}:${root}.${id}`;

/** The VMs at or beneath any of `tops`, from the parent links. */
function vmsBeneath(tops: readonly string[]): string[] {
  const inside = new Set(tops);
  for (const o of OBJECTS) if (o.parent && inside.has(o.parent)) inside.add(o.ref);
  return OBJECTS.filter((o) => o.type === 'Vm' && inside.has(o.ref)).map((o) => o.ref).sort();
}

const dataDir = tempDir();
let server: TestServer;
let admin: string;
let cliEnv: Record<string, string> = {};

before(async () => {
  const database = await testDatabaseFor(dataDir);
  if (database) cliEnv = { EMSEC_DATABASE_URL: database.url };
  const seed = join(tempDir(), 'seed.json');
  writeFileSync(seed, JSON.stringify({
    groups: ['TECH\\Web Restorers'],
    users: [
      { name: 'TECH\\mary.xml', password: 'Mary-Passw0rd!1', groups: ['TECH\\Web Restorers'] },
      { name: 'TECH\\mary.json', password: 'Mary-Passw0rd!2' },
    ],
    accounts: [{ name: 'TECH\\Web Restorers', type: 'Group', roles: ['File Restore Operator'], allowRestoreAllVms: false, scopes: [ref('Vm', 'vm-201')] }],
    inventory: { roots: TREE.map((r) => ({ id: r.id, name: r.name, hostType: 'VC', platform: 'VMware', objects: r.objects })) },
  }));
  server = await startServer({ dataDir, seedFile: seed });
  admin = await logon(server);
});
after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Format = 'xml' | 'json';
const accountIds = new Map<Format, string>();

/** A small client for one format: follows links as the scenario says. */
function client(format: Format, token: string) {
  const headers = (extra: Record<string, string> = {}) => (format === 'xml' ? xml(token, extra) : json(token, extra));
  const links = (res: { text: string; json: <T>() => T }): { Rel: string; Type?: string; Href: string }[] =>
    format === 'xml'
      ? [...res.text.matchAll(/<Link ([^>]*)\/>/g)].map((m) => Object.fromEntries([...(m[1] as string).matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], (a[2] as string).replace(/&amp;/g, '&')]))) as { Rel: string; Type?: string; Href: string }[]
      : res.json<{ Links: { Rel: string; Type?: string; Href: string }[] }>().Links;
  return { headers, links, get: (url: string) => call(url, { headers: headers() }) };
}

/** The items of a lookup answer, in either format. */
function items(format: Format, res: { text: string; json: <T>() => T }): { ObjectRef: string; ObjectType: string; ObjectName: string }[] {
  if (format === 'json') return res.json<{ HierarchyItems: { ObjectRef: string; ObjectType: string; ObjectName: string }[] }>().HierarchyItems;
  return [...res.text.matchAll(/<HierarchyItem Type="HierarchyItem"><ObjectRef>([^<]*)<\/ObjectRef><ObjectType>([^<]*)<\/ObjectType><ObjectName>([^<]*)<\/ObjectName><\/HierarchyItem>/g)]
    .map((m) => ({ ObjectRef: m[1] as string, ObjectType: m[2] as string, ObjectName: m[3] as string }));
}

for (const format of ['xml', 'json'] as const) {
  const user = `TECH\\mary.${format}`;

  describe(`scenario_restore_scope.md in ${format.toUpperCase()}`, () => {
    it('scopes a restore operator to a resource pool and a VM in a nested folder, both found with the lookup service', async () => {
      // Logon with v1_7 as the scenario does, then /security from the session's links.
      const logonRes = await call(`${server.url}/api/sessionMngr/?v=v1_7`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD), ...(format === 'json' ? { accept: 'application/json' } : {}) } });
      assert.equal(logonRes.status, 201, logonRes.text);
      const c = client(format, logonRes.headers.get('x-restsvcsessionid') as string);
      const security = c.links(logonRes).find((l) => l.Type === 'EnterpriseSecuritySettings') as { Href: string };
      const securityRes = await c.get(security.Href);
      assert.equal(securityRes.status, 200);
      const accountsLink = c.links(securityRes).find((l) => l.Type === 'EnterpriseAccountReferenceList') as { Href: string };
      // The account to scope: a VM restore operator restricted to its scope.
      const spec = format === 'xml'
        ? `<EnterpriseAccountCreateSpec xmlns="${NS}"><AccountType>User</AccountType><AccountName>${user}</AccountName><Roles><EnterpriseRole><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.VmRestoreOperator.id}</EnterpriseRoleUid></EnterpriseRole></Roles><AllowRestoreAllVms>false</AllowRestoreAllVms><HierarchyScopeObjects><HierarchyScopeItem><HierarchyObjRef>${ref('Vm', 'vm-t1')}</HierarchyObjRef><ObjectName>test-1</ObjectName></HierarchyScopeItem></HierarchyScopeObjects></EnterpriseAccountCreateSpec>`
        : JSON.stringify({ AccountType: 'User', AccountName: user, Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${ROLE.VmRestoreOperator.id}` }] }, AllowRestoreAllVms: false, HierarchyScopeObjects: { HierarchyScopeItems: [{ HierarchyObjRef: ref('Vm', 'vm-t1'), ObjectName: 'test-1' }] } });
      const created = await call(accountsLink.Href, { method: 'POST', headers: c.headers({ 'content-type': `application/${format}` }), body: spec });
      assert.equal(created.status, 201, created.text);
      const accountHref = created.headers.get('location') as string;
      accountIds.set(format, accountHref.split('/').pop() as string);
      const entity = await c.get(`${accountHref}?format=Entity`);
      const createScope = c.links(entity).find((l) => l.Rel === 'Create' && l.Type === 'EnterpriseAccountHierarchyScope') as { Href: string };

      // The lookup service: its link for the scenario's root, then queries by name and type.
      const svc = await c.get(`${server.url}/api/lookupSvc`);
      assert.equal(svc.status, 200, svc.text);
      const vmsLink = c.links(svc).find((l) => l.Rel === 'Down' && l.Href.includes(ROOT) && l.Href.endsWith('type=Vm')) as { Href: string };
      const allVms = items(format, await c.get(vmsLink.Href));
      assert.deepEqual(allVms.map((i) => i.ObjectRef).sort(), OBJECTS.filter((o) => o.type === 'Vm' && o.ref.includes(ROOT)).map((o) => o.ref).sort());
      const host = new URL(vmsLink.Href).searchParams.get('host') as string;
      const pool = items(format, await c.get(`${server.url}/api/lookup?${new URLSearchParams({ host, name: 'Production', type: 'ResourcePool' })}`));
      assert.deepEqual(pool.map((i) => [i.ObjectRef, i.ObjectType, i.ObjectName]), [[ref('ResourcePool', 'resgroup-10734'), 'ResourcePool', 'Production']]);
      const cms = items(format, await c.get(`${server.url}/api/lookup?${new URLSearchParams({ host, name: 'WEB-CMS', type: 'vm' })}`));
      assert.deepEqual(cms.map((i) => i.ObjectRef), [ref('Vm', 'vm-2999')]);
      // The reference of the VM looks it up again (lookup_query.md's first form).
      assert.deepEqual(items(format, await c.get(`${server.url}/api/lookup?hierarchyRef=${encodeURIComponent(cms[0]?.ObjectRef as string)}`)), cms);

      // Scope the account to both (the scenario's request body, with the references found).
      const body = format === 'xml'
        ? `<?xml version="1.0" encoding="utf-8"?> <HierarchyScopeCreateSpec xmlns="${NS}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">   <HierarchyScopeItem>     <HierarchyObjRef>${pool[0]?.ObjectRef}</HierarchyObjRef>     <ObjectName>Production</ObjectName>   </HierarchyScopeItem> <HierarchyScopeItem><HierarchyObjRef>${cms[0]?.ObjectRef}</HierarchyObjRef><ObjectName>web-cms</ObjectName></HierarchyScopeItem> </HierarchyScopeCreateSpec>`
        : JSON.stringify({ HierarchyScopeItems: [{ HierarchyObjRef: pool[0]?.ObjectRef, ObjectName: 'Production' }, { HierarchyObjRef: cms[0]?.ObjectRef, ObjectName: 'web-cms' }] });
      const scoped = await call(createScope.Href, { method: 'POST', headers: c.headers({ 'content-type': `application/${format}` }), body });
      assert.equal(scoped.status, 201, scoped.text);
      assert.equal(scoped.text, '');

      const list = await c.get(createScope.Href);
      assert.equal(list.status, 200);
      const rows = format === 'json'
        ? list.json<{ EnterpriseAccountHierarchyScopes: Record<string, string>[] }>().EnterpriseAccountHierarchyScopes.map((s) => [s['Name'], s['HierarchyRootName'], s['Platform'], s['HierarchyObjectType'], s['State']])
        : [...list.text.matchAll(/<Name>([^<]*)<\/Name><HierarchyRootName>([^<]*)<\/HierarchyRootName><Platform>([^<]*)<\/Platform><HierarchyObjectType>([^<]*)<\/HierarchyObjectType><State>([^<]*)<\/State>/g)].map((m) => m.slice(1));
      assert.deepEqual(rows, [
        ['test-1', 'vcprod.tech.local', 'VMware', 'Vm', 'Unprocessed'],
        ['Production', 'vcprod.tech.local', 'VMware', 'ResourcePool', 'Unprocessed'],
        ['web-cms', 'vcprod.tech.local', 'VMware', 'Vm', 'Unprocessed'],
      ]);
    });

    it('refuses a constructed reference that names no object of the tree, saying which part is wrong', async () => {
      const id = accountIds.get(format) as string;
      const c = client(format, admin);
      const bad = ref('Folder', 'resgroup-10734');
      const body = format === 'xml'
        ? `<HierarchyScopeCreateSpec xmlns="${NS}"><HierarchyScopeItem><HierarchyObjRef>${bad}</HierarchyObjRef><ObjectName>x</ObjectName></HierarchyScopeItem></HierarchyScopeCreateSpec>`
        : JSON.stringify({ HierarchyScopeItems: [{ HierarchyObjRef: bad, ObjectName: 'x' }] });
      const res = await call(`${server.url}/api/security/accounts/${id}/scopes`, { method: 'POST', headers: c.headers({ 'content-type': `application/${format}` }), body });
      assert.equal(res.status, 400);
      assert.match(res.text, /object 'resgroup-10734' of vcprod.tech.local is a ResourcePool, not a Folder/);
      // The account create spec checks its scope objects the same way, and creates nothing.
      const spec = `<EnterpriseAccountCreateSpec xmlns="${NS}"><AccountType>ExternalUser</AccountType><AccountName>bad.${format}@tech.local</AccountName><Roles><EnterpriseRole><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.VmRestoreOperator.id}</EnterpriseRoleUid></EnterpriseRole></Roles><AllowRestoreAllVms>false</AllowRestoreAllVms><HierarchyScopeObjects><HierarchyScopeItem><HierarchyObjRef>${ref('Vm', 'vm-404')}</HierarchyObjRef><ObjectName>x</ObjectName></HierarchyScopeItem></HierarchyScopeObjects></EnterpriseAccountCreateSpec>`;
      const created = await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: spec });
      assert.equal(created.status, 400);
      assert.match(created.text, /hierarchy root vcprod.tech.local \(3e7fea0c-e92d-4459-9842-0304df34c644\) has no object 'vm-404'/);
    });

    it('restores exactly what the tree puts beneath the scope objects, paged; group accounts add their scopes', async () => {
      const id = accountIds.get(format) as string;
      // Own scopes (a VM, the pool, the nested VM) and the group account's VM (TECH\Web Restorers, mary.xml only).
      const tops = [ref('Vm', 'vm-t1'), ref('ResourcePool', 'resgroup-10734'), ref('Vm', 'vm-2999'), ...(format === 'xml' ? [ref('Vm', 'vm-201')] : [])];
      const expected = vmsBeneath(tops);
      assert.equal(expected.length, 1 + 23 + 6 + 1 + (format === 'xml' ? 1 : 0), 'the walk of the seeded tree');
      const seen: string[] = [];
      let total = -1;
      for (let page = 1; page < 20; page++) {
        const res = await call(`${server.url}/emsec/accounts/${id}/restorable?pageSize=7&page=${page}`, { headers: json(admin) });
        assert.equal(res.status, 200, res.text);
        const body = res.json<{ total: number; all: boolean; objects: string[]; grants: { account: string; via: string }[] }>();
        total = body.total;
        assert.equal(body.all, false);
        assert.deepEqual(body.grants.map((g) => g.via), format === 'xml' ? ['own account', 'group account'] : ['own account']);
        seen.push(...body.objects);
        if (body.objects.length < 7) break;
      }
      assert.equal(total, expected.length);
      assert.deepEqual([...seen].sort(), expected);
      assert.equal(new Set(seen).size, seen.length);
    });

    it('says whether the user may restore an object, by reference or by name, and why', async () => {
      const ask = async (object: string) => {
        const res = await call(`${server.url}/emsec/authz?${new URLSearchParams({ user, restore: object })}`, { headers: json(admin) });
        assert.equal(res.status, 200, res.text);
        return res.json<{ allowed: boolean; reason: string; objects: { ref: string; allowed: boolean; reason: string }[] }>();
      };
      const inside = await ask(ref('Vm', 'vm-db-3'));
      assert.equal(inside.allowed, true);
      assert.match(inside.reason, /beneath ResourcePool 'Production' .* in the restore scope of own account/);
      const outside = await ask(ref('Vm', 'vm-t2'));
      assert.equal(outside.allowed, false);
      assert.match(outside.reason, /not at or beneath any object of the restore scopes/);
      // By name: web-cms names a VM in scope and one on the other root.
      const byName = await ask('web-cms');
      assert.deepEqual(byName.objects.map((o) => [o.ref, o.allowed]).sort(), [[ref('Vm', 'vm-2999'), true], [ref('Vm', 'vm-1', OTHER), false]].sort());
      assert.equal(byName.allowed, false);
      const dc01 = await ask('dc01');
      assert.equal(dc01.allowed, format === 'xml', dc01.reason);
      if (format === 'xml') assert.match(dc01.reason, /itself in the restore scope of group account TECH\\Web Restorers/);
      const unknown = await call(`${server.url}/emsec/authz?${new URLSearchParams({ user, restore: 'no-such-vm' })}`, { headers: json(admin) });
      assert.equal(unknown.status, 400);
    });

    it('emsec can USER restore OBJECT answers the same from the store', async () => {
      const flags = { 'data-dir': dataDir, ...(cliEnv['EMSEC_DATABASE_URL'] ? { 'database-url': cliEnv['EMSEC_DATABASE_URL'] } : {}) };
      const no = await runCommand(can, [user, 'restore', ref('Vm', 'vm-w7')], flags);
      assert.equal(no.code, 1, no.stdout);
      assert.match(no.stdout, /^no\n/);
      const pool = await runCommand(can, [user, 'restore', 'db-4'], flags);
      assert.equal(pool.code, 0, pool.stdout);
      assert.match(pool.stdout, /^yes\n {2}yes: Vm 'db-4' on vcprod.tech.local/);
    });
  });
}

describe('AllowRestoreAllVms', () => {
  it('covers every restorable object of every root, and scopes then do not narrow it', async () => {
    const id = accountIds.get('json') as string;
    assert.equal((await call(`${server.url}/api/security/accounts/${id}`, { method: 'POST', headers: xml(admin) })).status, 204);
    const res = await call(`${server.url}/emsec/accounts/${id}/restorable?pageSize=1000`, { headers: json(admin) });
    const body = res.json<{ all: boolean; total: number; objects: string[] }>();
    assert.equal(body.all, true);
    assert.deepEqual([...body.objects].sort(), OBJECTS.filter((o) => o.type === 'Vm').map((o) => o.ref).sort());
    assert.equal(body.total, OBJECTS.filter((o) => o.type === 'Vm').length);
    assert.equal((await call(`${server.url}/emsec/accounts/${id}/restorable?pageSize=0`, { headers: json(admin) })).status, 400);
    assert.equal((await call(`${server.url}/emsec/accounts/00000000-0000-4000-8000-000000000000/restorable`, { headers: json(admin) })).status, 404);
  });
});
