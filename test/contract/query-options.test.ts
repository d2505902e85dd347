// format, pageSize/page, sortAsc/sortDesc and filter over HTTP on every collection in scope
// (format.md, pagesize_and_page.md, sortasc_sortdesc.md, filter.md, query_*.md), compared with
// the test's own model of the collection; bad values are 400 with the Error body, never 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ROLE, ROLES } from '../../src/domain/roles.ts';
import { ROUTES } from '../../src/api/routes.ts';
import { NS, call, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let token: string;
const ACCOUNTS = '/api/security/accounts';

interface Ref { UID: string; Name: string; Href: string; Type: string }
interface Model { name: string; type: string; all: boolean; id: string }
/** Every account, in creation order, as the test believes they are. */
const model: Model[] = [];

const get = (path: string, headers: Record<string, string> = json(token)) => call(`${server.url}${path}`, { headers });
const names = async (path: string): Promise<string[]> => {
  const res = await get(path);
  assert.equal(res.status, 200, `${path}: ${res.text}`);
  return res.json<{ Refs: Ref[] }>().Refs.map((r) => r.Name);
};
const q = (s: string): string => encodeURIComponent(s);

async function create(type: string, name: string, all = true): Promise<void> {
  const scope = all ? '' : '<HierarchyScopeObjects><HierarchyScopeItem><HierarchyObjRef>urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-7870</HierarchyObjRef><ObjectName>VM01</ObjectName></HierarchyScopeItem></HierarchyScopeObjects>';
  const body = `<EnterpriseAccountCreateSpec xmlns="${NS}"><AccountType>${type}</AccountType><AccountName>${name.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</AccountName>`
    + `<Roles><EnterpriseRole><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.FileRestoreOperator.id}</EnterpriseRoleUid></EnterpriseRole></Roles>`
    + `<AllowRestoreAllVms>${all}</AllowRestoreAllVms>${scope}</EnterpriseAccountCreateSpec>`;
  const res = await call(`${server.url}${ACCOUNTS}`, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body });
  assert.equal(res.status, 201, res.text);
  model.push({ name, type, all, id: (res.headers.get('location') as string).split('/').pop() as string });
}

const TYPES = ['User', 'Group', 'ExternalUser', 'ExternalGroup'];

describe('query options', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    token = await logon(server);
    const initial = await get(ACCOUNTS);
    for (const r of initial.json<{ Refs: Ref[] }>().Refs) {
      const e = (await get(`${ACCOUNTS}/${r.UID.split(':').pop()}?format=Entity`)).json<{ AccountType: string; AllowRestoreAllVms: boolean }>();
      model.push({ name: r.Name, type: e.AccountType, all: e.AllowRestoreAllVms, id: r.UID.split(':').pop() as string });
    }
    await server.addUser('TECH\\zoe', 'Passw0rd!z');
    await create('User', 'TECH\\zoe');
    const groups = ['Team Alpha', 'team beta', 'Ops "Night"', 'ops day', 'Zeta, Inc', 'alpha;beta', 'Émile (FR)', 'team Alpha 2'];
    for (const [i, g] of groups.entries()) await create('ExternalGroup', g, i % 3 !== 0);
    for (const u of ['ann@corp.local', 'Bob@corp.local', 'carl@corp.local']) await create('ExternalUser', u, u !== 'Bob@corp.local');
  });
  after(() => server.close());

  describe('pageSize and page (pagesize_and_page.md)', () => {
    it('pages of every size concatenate to the whole collection, in the same order, without repeats', async () => {
      const all = await names(ACCOUNTS);
      assert.deepEqual(all, model.map((m) => m.name));
      for (const size of [1, 2, 3, 5, 14, 15, 100]) {
        const seen: string[] = [];
        for (let page = 1; page <= Math.ceil(all.length / size) + 1; page++) seen.push(...(await names(`${ACCOUNTS}?pageSize=${size}&page=${page}`)));
        assert.deepEqual(seen, all, `pageSize=${size}`);
      }
    });

    it('pageSize alone is the first page; page alone is everything (page 1) or nothing; past the end is empty', async () => {
      const all = await names(ACCOUNTS);
      assert.deepEqual(await names(`${ACCOUNTS}?pageSize=4`), all.slice(0, 4));
      assert.deepEqual(await names(`${ACCOUNTS}?page=1`), all);
      assert.deepEqual(await names(`${ACCOUNTS}?page=2`), []);
      assert.deepEqual(await names(`${ACCOUNTS}?pageSize=4&page=999999`), []);
      const empty = await get(`${ACCOUNTS}?pageSize=4&page=999`, xml(token));
      assert.equal(empty.status, 200);
      assert.match(empty.text, /<EntityReferences [^>]*\/>$/);
    });

    it('takes the parameter names in any case', async () => {
      const all = await names(ACCOUNTS);
      assert.deepEqual(await names(`${ACCOUNTS}?PAGESIZE=2&Page=2`), all.slice(2, 4));
      const desc = [...all].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? 1 : -1));
      assert.deepEqual(await names(`${ACCOUNTS}?sortdesc=NAME&pagesize=1`), desc.slice(0, 1));
    });
  });

  describe('sortAsc and sortDesc (sortasc_sortdesc.md)', () => {
    const byName = (a: Model, b: Model): number => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0);

    it('sorts by name ignoring case, ascending and descending', async () => {
      assert.deepEqual(await names(`${ACCOUNTS}?sortAsc=Name`), [...model].sort(byName).map((m) => m.name));
      assert.deepEqual(await names(`${ACCOUNTS}?sortDesc=name`), [...model].sort((a, b) => byName(b, a)).map((m) => m.name));
    });

    it('sorts enumerations by their index and keeps creation order among equals (stable, so pages never overlap)', async () => {
      const stable = (desc: boolean) => model.map((m, i) => ({ m, i }))
        .sort((a, b) => (desc ? -1 : 1) * (TYPES.indexOf(a.m.type) - TYPES.indexOf(b.m.type)) || a.i - b.i).map((x) => x.m.name);
      assert.deepEqual(await names(`${ACCOUNTS}?sortAsc=AccountType`), stable(false));
      assert.deepEqual(await names(`${ACCOUNTS}?sortDesc=AccountType`), stable(true));
      const seen: string[] = [];
      for (let page = 1; page <= 6; page++) seen.push(...(await names(`${ACCOUNTS}?sortDesc=AccountType&pageSize=3&page=${page}`)));
      assert.deepEqual(seen, stable(true));
    });

    it('sorts roles in memory the same way, and the role list keeps the reference order by default', async () => {
      assert.deepEqual(await names('/api/security/roles'), ROLES.map((r) => r.name));
      assert.deepEqual(await names('/api/security/roles?sortAsc=Name'), ROLES.map((r) => r.name).sort());
      assert.deepEqual(await names('/api/security/roles?sortDesc=Name&pageSize=2&page=2'), ROLES.map((r) => r.name).sort().reverse().slice(2, 4));
    });
  });

  describe('filter (filter.md, query_comparison.md, query_and_or.md, query_grouping.md)', () => {
    const cases: [string, (m: Model) => boolean][] = [
      ['Name=="team beta"', (m) => m.name === 'team beta'],
      ['name=="TEAM BETA"', (m) => m.name === 'team beta'],
      // Unquoted, the spaces are ignored (optional_query_parameters.md): this looks for "teambeta".
      ['Name==team beta', () => false],
      ['Name!="team beta"', (m) => m.name !== 'team beta'],
      ['Name=="Ops ""Night"""', (m) => m.name === 'Ops "Night"'],
      ['Name=="Zeta, Inc"', (m) => m.name === 'Zeta, Inc'],
      ['Name=="alpha;beta"', (m) => m.name === 'alpha;beta'],
      ['Name>="team"', (m) => m.name.toLowerCase() >= 'team'],
      ['Name<b', (m) => m.name.toLowerCase() < 'b'],
      ['AccountType==ExternalGroup', (m) => m.type === 'ExternalGroup'],
      ['accounttype==externaluser', (m) => m.type === 'ExternalUser'],
      ['AccountType>Group', (m) => TYPES.indexOf(m.type) > 1],
      ['AccountType<=Group', (m) => TYPES.indexOf(m.type) <= 1],
      ['AllowRestoreAllVms==false', (m) => !m.all],
      ['AllowRestoreAllVms==True;AccountType==ExternalGroup', (m) => m.all && m.type === 'ExternalGroup'],
      ['AccountType==User,AccountType==Group', (m) => m.type === 'User' || m.type === 'Group'],
      ['AccountType==User,AccountType==ExternalGroup;AllowRestoreAllVms==false', (m) => m.type === 'User' || (m.type === 'ExternalGroup' && !m.all)],
      ['(AccountType==User,AccountType==ExternalGroup);AllowRestoreAllVms==false', (m) => (m.type === 'User' || m.type === 'ExternalGroup') && !m.all],
      [' ( AccountType == ExternalUser ) , ( Name == "team beta" ) ', (m) => m.type === 'ExternalUser' || m.name === 'team beta'],
    ];
    for (const [filter, pred] of cases) {
      it(`filter=${filter}`, async () => {
        assert.deepEqual(await names(`${ACCOUNTS}?filter=${q(filter)}`), model.filter(pred).map((m) => m.name));
      });
    }

    it('filter=UID==urn:veeam:EnterpriseAccount:<id> (and the bare GUID) finds one account', async () => {
      const target = model[4] as Model;
      assert.deepEqual(await names(`${ACCOUNTS}?filter=${q(`UID==urn:veeam:EnterpriseAccount:${target.id.toUpperCase()}`)}`), [target.name]);
      assert.deepEqual(await names(`${ACCOUNTS}?filter=${q(`uid==${target.id}`)}`), [target.name]);
    });

    it('combines with sorting, paging and format=Entity', async () => {
      const expected = model.filter((m) => m.type === 'ExternalGroup').map((m) => m.name).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      const res = await get(`${ACCOUNTS}?filter=AccountType==ExternalGroup&sortAsc=Name&pageSize=3&page=2&format=Entity`);
      const body = res.json<{ EnterpriseAccounts: { Name: string; AccountType: string; AllowRestoreAllVms: boolean }[] }>();
      assert.deepEqual(body.EnterpriseAccounts.map((a) => a.Name), expected.slice(3, 6));
      assert.ok(body.EnterpriseAccounts.every((a) => a.AccountType === 'ExternalGroup' && typeof a.AllowRestoreAllVms === 'boolean'));
    });

    it('filters roles, sessions and an account\'s roles in memory', async () => {
      assert.deepEqual(await names(`/api/security/roles?filter=${q('Name=="Portal User",Name=="VM Restore Operator"')}`), ['Portal User', 'VM Restore Operator']);
      assert.deepEqual(await names(`/api/security/roles?filter=${q(`UID==urn:veeam:EnterpriseRole:${ROLE.PortalAdministrator.id}`)}`), ['Portal Administrator']);
      const sessions = await get(`/api/logonSessions?filter=${q('UserName=="EMSEC\\Administrator"')}&format=Ref`);
      assert.equal(sessions.json<{ LogonSessions: unknown[] }>().LogonSessions.length, 1);
      const none = await get(`/api/logonSessions?filter=${q('UserName==nobody')}`);
      assert.deepEqual(none.json<{ LogonSessions: unknown[] }>().LogonSessions, []);
      const zoe = model.find((m) => m.name === 'TECH\\zoe') as Model;
      for (const role of [ROLE.VmRestoreOperator, ROLE.SqlRestoreOperator]) {
        const r = await call(`${server.url}${ACCOUNTS}/${zoe.id}/roles`, { method: 'POST', headers: json(token, { 'content-type': 'application/json' }), body: JSON.stringify({ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${role.id}` }) });
        assert.equal(r.status, 201);
      }
      const roles = await get(`${ACCOUNTS}/${zoe.id}/roles?sortDesc=RoleName&pageSize=2`);
      assert.deepEqual(roles.json<{ EnterpriseAccountInRoles: { RoleName: string }[] }>().EnterpriseAccountInRoles.map((r) => r.RoleName), ['VM Restore Operator', 'SQL Restore Operator']);
      const filtered = await get(`${ACCOUNTS}/${zoe.id}/roles?filter=${q('RoleName=="file restore operator"')}`);
      assert.deepEqual(filtered.json<{ EnterpriseAccountInRoles: { RoleName: string }[] }>().EnterpriseAccountInRoles.map((r) => r.RoleName), ['File Restore Operator']);
    });
  });

  it("an account's restore scopes: sort, filter and page", async () => {
    const users = model.find((m) => m.name === 'BUILTIN\\Users') as Model;
    const items = [['Vm', 'vm-7870', 'VM01'], ['Vm', 'vm-15309', 'SQLSRV'], ['ResourcePool', 'resgroup-20', 'Test']]
      .map(([t, m, n]) => `<HierarchyScopeItem><HierarchyObjRef>urn:VMware:${t}:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.${m}</HierarchyObjRef><ObjectName>${n}</ObjectName></HierarchyScopeItem>`).join('');
    const res = await call(`${server.url}${ACCOUNTS}/${users.id}/scopes`, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: `<HierarchyScopeCreateSpec xmlns="${NS}">${items}</HierarchyScopeCreateSpec>` });
    assert.equal(res.status, 201, res.text);
    const scopeNames = async (query: string): Promise<string[]> =>
      (await get(`${ACCOUNTS}/${users.id}/scopes?${query}`)).json<{ EnterpriseAccountHierarchyScopes: { Name: string }[] }>().EnterpriseAccountHierarchyScopes.map((x) => x.Name);
    assert.deepEqual(await scopeNames('sortAsc=Name'), ['SQLSRV', 'Test', 'VM01']);
    assert.deepEqual(await scopeNames(`filter=${q('HierarchyObjectType==Vm')}&sortDesc=Name&pageSize=1&page=2`), ['SQLSRV']);
    assert.deepEqual(await scopeNames(`filter=${q('State==Unprocessed,State==Processed')}&pageSize=2`), ['VM01', 'SQLSRV']);
    assert.equal((await get(`${ACCOUNTS}/${users.id}/scopes?filter=${q('State==Gone')}`)).status, 400);
  });

  describe('format (format.md)', () => {
    it('format=Entity lists entities: <EnterpriseRoles>/<EnterpriseAccounts>, {"EnterpriseAccounts": […]} in JSON', async () => {
      const x = await get('/api/security/roles?format=Entity', xml(token));
      assert.match(x.text, /^<\?xml[^>]*>\n<EnterpriseRoles [^>]*xmlns="http:\/\/www\.veeam\.com\/ent\/v1\.0"><EnterpriseRole Href="[^"]+\?format=Entity" Type="EnterpriseRole" /);
      const j = (await get('/api/security/roles?format=entities')).json<Record<string, unknown>>();
      assert.deepEqual(Object.keys(j), ['EnterpriseRoles']);
      const a = (await get(`${ACCOUNTS}?format=Entity`)).json<{ EnterpriseAccounts: Record<string, unknown>[] }>();
      assert.deepEqual(a.EnterpriseAccounts.map((e) => e['Name']), model.map((m) => m.name));
      for (const e of a.EnterpriseAccounts) {
        assert.equal(e['Type'], 'EnterpriseAccount');
        assert.ok(Array.isArray(e['Links']));
        assert.equal(typeof e['AllowRestoreAllVms'], 'boolean');
      }
      assert.deepEqual(await names(`${ACCOUNTS}?format=Ref`), model.map((m) => m.name));
    });

    it('single resources: Ref by default, Entity on request, in any case', async () => {
      const id = (model[0] as Model).id;
      assert.equal((await get(`${ACCOUNTS}/${id}`)).json<{ Type: string }>().Type, 'EnterpriseAccountReference');
      assert.equal((await get(`${ACCOUNTS}/${id}?format=ref`)).json<{ Type: string }>().Type, 'EnterpriseAccountReference');
      assert.equal((await get(`${ACCOUNTS}/${id}?FORMAT=ENTITY`)).json<{ Type: string }>().Type, 'EnterpriseAccount');
      assert.equal((await get(`/api/security/roles/${ROLE.PortalUser.id}?format=Entity`)).json<{ Type: string }>().Type, 'EnterpriseRole');
    });
  });

  describe('bad values are 400 with an Error body that names the parameter', () => {
    const bad: [string, RegExp][] = [
      [`${ACCOUNTS}?pageSize=0`, /'pageSize'.*'0'/],
      [`${ACCOUNTS}?pageSize=-1`, /'pageSize'/],
      [`${ACCOUNTS}?pageSize=abc`, /'pageSize'/],
      [`${ACCOUNTS}?pageSize=1.5`, /'pageSize'/],
      [`${ACCOUNTS}?pageSize=99999999999`, /'pageSize'/],
      [`${ACCOUNTS}?pageSize=`, /'pageSize'/],
      [`${ACCOUNTS}?page=0`, /'page'/],
      [`${ACCOUNTS}?sortAsc=Name&sortDesc=Name`, /'sortAsc' and 'sortDesc'/],
      [`${ACCOUNTS}?sortAsc=Password`, /'Password' is not a parameter.*UID, Name, AccountType, AllowRestoreAllVms/],
      [`${ACCOUNTS}?sortAsc=`, /'sortAsc' is empty/],
      [`${ACCOUNTS}?format=Full`, /'format'.*Entity or Ref/],
      [`${ACCOUNTS}?filter=${q('Name=')}`, /comparison operator/],
      [`${ACCOUNTS}?filter=${q('Name==')}`, /expected a value/],
      [`${ACCOUNTS}?filter=${q('Name=="open')}`, /unterminated/],
      [`${ACCOUNTS}?filter=${q('(Name==a')}`, /expected '\)'/],
      [`${ACCOUNTS}?filter=${q('Name==a)')}`, /unbalanced/],
      [`${ACCOUNTS}?filter=${q('Name=="a"b')}`, /unexpected 'b'/],
      [`${ACCOUNTS}?filter=${q('Color==red')}`, /'Color' is not a parameter/],
      [`${ACCOUNTS}?filter=${q('AccountType==Robot')}`, /one of User, Group, ExternalUser, ExternalGroup/],
      [`${ACCOUNTS}?filter=${q('AllowRestoreAllVms==maybe')}`, /True or False/],
      [`${ACCOUNTS}?filter=${q('UID==42')}`, /urn:veeam:EnterpriseAccount:<GUID>/],
      [`${ACCOUNTS}?filter=${q(`${'('.repeat(40)}Name==a${')'.repeat(40)}`)}`, /nest deeper/],
      [`${ACCOUNTS}?filter=${q(`Name==${'a'.repeat(5000)}`)}`, /longer than/],
      ['/api/security/roles?pageSize=x', /'pageSize'/],
      ['/api/security/roles?format=x', /'format'/],
      ['/api/logonSessions?format=x', /'format'/],
      ['/api/logonSessions?sortAsc=Href', /'Href' is not a parameter/],
      [`/api/security/roles/${ROLE.PortalUser.id}?format=x`, /'format'/],
    ];
    for (const [path, message] of bad) {
      it(`${decodeURIComponent(path).slice(0, 100)} → 400`, async () => {
        for (const headers of [xml(token), json(token)] as Record<string, string>[]) {
          const res = await get(path, headers);
          assert.equal(res.status, 400, res.text);
          if (headers['accept']) assert.match(res.json<{ Message: string }>().Message, message);
          else assert.match(res.text, /^<\?xml[^>]*>\n<Error [^>]*Message="[^"]+" StatusCode="400" \/>$/);
        }
      });
    }

    it('no filter string, however strange, gets anything but 200 or 400', async () => {
      const alphabet = fc.constantFrom('Name', 'AccountType', 'UID', 'AllowRestoreAllVms', '==', '!=', '<', '>=', ';', ',', '(', ')', '"', '""', ' ', 'a', 'User', 'true', '\\', '%', '&', '\u0000', 'é');
      await fc.assert(
        fc.asyncProperty(fc.array(alphabet, { maxLength: 12 }).map((parts) => parts.join('')), async (filter) => {
          const res = await get(`${ACCOUNTS}?filter=${q(filter)}`);
          assert.ok(res.status === 200 || res.status === 400, `${JSON.stringify(filter)} -> ${res.status} ${res.text}`);
          if (res.status === 400) assert.equal(res.json<{ StatusCode: number }>().StatusCode, 400);
        }),
        { numRuns: 150 },
      );
    });
  });

  it('every GET route with a reference and an entity form declares format', () => {
    for (const route of ROUTES.filter((r) => r.method === 'GET' && r.responses.length > 1)) assert.equal(route.query?.format, true, route.id);
  });

  it('every GET route that answers a list declares its collection query options', () => {
    for (const route of ROUTES.filter((r) => r.method === 'GET')) {
      const list = route.responses.some((rep) => {
        const children = Object.values(rep.type.children);
        return children.length === 1 && (children[0] as { repeated: boolean }).repeated;
      });
      if (list) assert.equal(route.query?.collection, true, `${route.id} lists items but declares no query options`);
    }
  });
});
