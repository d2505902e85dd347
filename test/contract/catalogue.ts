// Every documented example in ../shared/reference/examples/, what replaying it takes, and what
// emsec must answer. An example whose routes are not in the route table yet is "pending"; one the
// reference cut short is replayed as far as it goes; a documented difference is listed with the
// exact differences it is allowed to show. examples.test.ts runs them and writes the table of
// docs/conformance.md; a test there fails when a block of an examples page is claimed by no entry.
import { ROLE } from '../../src/domain/roles.ts';
import { block, inline } from './reference.ts';
import { ADMIN_PASSWORD } from '../helpers/server.ts';
import { ADMIN_USER, type Replay } from './harness.ts';

export interface Example {
  /** Unique; names the page and the block. */
  readonly id: string;
  readonly file: string;
  /** The operation, as the table shows it. */
  readonly what: string;
  /** Route ids the replay needs; while one is missing from the route table the example is pending. */
  readonly routes: readonly string[];
  /** The page's blocks this entry accounts for (language and index). */
  readonly covers: readonly (readonly [lang: string, index: number])[];
  /** Replays the example on a fresh server and returns every difference found; absent when it cannot be replayed (see note). */
  readonly replay?: (r: Replay) => Promise<string[]>;
  /** Differences the example is documented to show (each line exactly). */
  readonly known?: readonly string[];
  /** Why, when `known` is set; or what is partial about the example. */
  readonly note?: string;
}

const ROLES_PATH = '/api/security/roles';
const ACCOUNTS = '/api/security/accounts';
const FILE = ROLE.FileRestoreOperator.id;
const VM = ROLE.VmRestoreOperator.id;
const EXCHANGE = ROLE.ExchangeRestoreOperator.id;
const PORTAL_USER = ROLE.PortalUser.id;

/** The opening tag of a root element the reference shows alone, closed so it parses. */
const rootOnly = (openTag: string, element: string): string => `${openTag.replace(/\s*\/?>\s*$/, '>')}</${element}>`;

const BASIC = `Basic ${Buffer.from(`${ADMIN_USER}:${ADMIN_PASSWORD}`).toString('base64')}`;

/** Our session id, from the logon list (the only session of a fresh server). */
async function ownSessionId(r: Replay): Promise<string> {
  const res = await r.call('GET', '/api/logonSessions', { accept: 'json' });
  const s = res.json<{ LogonSessions: { SessionId: string }[] }>().LogonSessions[0];
  if (!s) throw new Error('no session');
  return s.SessionId;
}

/** A second session of the administrator, for examples that end one. */
async function secondSession(r: Replay): Promise<{ id: string; token: string }> {
  const logon = await r.call('POST', '/api/sessionMngr/?v=latest', { token: null, headers: { authorization: BASIC } });
  const token = logon.headers.get('x-restsvcsessionid') as string;
  const id = /<SessionId>([^<]+)</.exec(logon.text)?.[1] as string;
  return { id, token };
}

function xmlBody(file: string, i: number): string {
  return block(file, 'xml', i);
}

export const EXAMPLES: readonly Example[] = [
  // ---- GET /api/ ------------------------------------------------------------------------------
  {
    id: 'get_api_root.md xml#0', file: 'get_api_root.md', what: 'GET /api/ → 200 EnterpriseManager', routes: ['root.get'], covers: [['xml', 0]],
    replay: (r) => r.get('/api/', xmlBody('get_api_root.md', 0)),
  },
  // ---- logon sessions -----------------------------------------------------------------------------
  {
    id: 'get_logonsessions.md xml#0', file: 'get_logonsessions.md', what: 'GET /logonSessions/{ID} → 200 LogonSession', routes: ['logonSessions.get'], covers: [['xml', 0]],
    note: 'partial: the reference cuts the body after the first links (and lists links to resources emsec does not serve); the root element and its attributes are compared',
    replay: async (r) => r.get(`/api/logonSessions/${await ownSessionId(r)}`, rootOnly(/<LogonSession[^>]*>/.exec(xmlBody('get_logonsessions.md', 0))?.[0] as string, 'LogonSession'), { prefixOnly: ['/LogonSession'] }),
  },
  {
    id: 'get_logonsessions.md plain#0', file: 'get_logonsessions.md', what: 'DELETE /logonSessions/{ID} → 204', routes: ['logonSessions.delete'], covers: [['', 0]],
    replay: async (r) => {
      const other = await secondSession(r);
      const out = r.noBody(await r.call('DELETE', `/api/logonSessions/${other.id}`), 204);
      const after = await r.call('GET', '/api/security', { token: other.token });
      if (after.status !== 401) out.push(`the ended session still works: ${after.status}`);
      return out;
    },
  },
  {
    id: 'post_sessionmngr.md plain#0-1', file: 'post_sessionmngr.md', what: 'POST /sessionMngr/?v=v1_7 (Basic) → 201, X-RestSvcSessionId, Set-Cookie', routes: ['sessionMngr.logon'], covers: [['', 0], ['', 1]],
    replay: async (r) => {
      const res = await r.call('POST', '/api/sessionMngr/?v=v1_7', { token: null, headers: { authorization: BASIC } });
      const out: string[] = [];
      if (res.status !== 201) return [`status: expected 201, found ${res.status} ${res.text}`];
      const token = res.headers.get('x-restsvcsessionid');
      if (!token || !/^[A-Za-z0-9+/=]+$/.test(token)) out.push(`X-RestSvcSessionId: ${token}`);
      if (!(res.headers.get('set-cookie') ?? '').startsWith(`X-RestSvcSessionId=${token}; Path=/api`)) out.push(`Set-Cookie: ${res.headers.get('set-cookie')}`);
      return out;
    },
  },
  {
    id: 'post_sessionmngr.md xml#0', file: 'post_sessionmngr.md', what: 'POST /sessionMngr/ → LogonSession body', routes: ['sessionMngr.logon'], covers: [['xml', 0]],
    note: 'partial: the reference shows the root element only; it and its attributes are compared',
    replay: async (r) => {
      const res = await r.call('POST', '/api/sessionMngr/?v=latest', { token: null, headers: { authorization: BASIC } });
      return r.expectXml(res, rootOnly(xmlBody('post_sessionmngr.md', 0), 'LogonSession'), { prefixOnly: ['/LogonSession'] }, undefined, 201);
    },
  },
  // ---- /security ------------------------------------------------------------------------------------
  ...[0, 1].map((i): Example => ({
    id: `get_security.md xml#${i}`, file: 'get_security.md', what: 'GET /security → 200 EnterpriseSecuritySettings', routes: ['security.get'],
    covers: i === 0 ? [['xml', 0], ['', 0]] : [['xml', 1]],
    replay: (r) => r.get('/api/security', xmlBody('get_security.md', i)),
  })),
  // ---- roles ----------------------------------------------------------------------------------------
  {
    id: 'get_security_roles.md xml#0', file: 'get_security_roles.md', what: 'GET /security/roles → 200 EntityReferences (the seven roles, in order)', routes: ['security.roles.list'], covers: [['xml', 0], ['', 0]],
    replay: (r) => r.get(ROLES_PATH, xmlBody('get_security_roles.md', 0)),
  },
  {
    id: 'get_security_roles.md xml#1', file: 'get_security_roles.md', what: 'GET /security/roles/{ID} → 200 EntityRef', routes: ['security.roles.get'], covers: [['xml', 1]],
    replay: (r) => r.get(`${ROLES_PATH}/${EXCHANGE}`, xmlBody('get_security_roles.md', 1)),
  },
  {
    id: 'get_security_roles.md xml#2', file: 'get_security_roles.md', what: 'GET /security/roles/{ID}?format=Entity → 200 EnterpriseRole', routes: ['security.roles.get'], covers: [['xml', 2]],
    replay: (r) => r.get(`${ROLES_PATH}/${EXCHANGE}?format=Entity`, xmlBody('get_security_roles.md', 2)),
  },
  {
    id: 'get_security_roles.md inline root', file: 'get_security_roles.md', what: 'GET /security/roles/{ID} (Portal User) → 200 EntityRef', routes: ['security.roles.get'], covers: [],
    note: 'partial: the reference shows the root element only',
    replay: (r) => r.get(`${ROLES_PATH}/${PORTAL_USER}`, rootOnly(inline('get_security_roles.md', '<EntityRef'), 'EntityRef'), { prefixOnly: ['/EntityRef'] }),
  },
  // ---- accounts ---------------------------------------------------------------------------------------
  {
    id: 'security_accounts.md xml#0', file: 'security_accounts.md', what: 'GET /security/accounts → 200 EntityReferences', routes: ['security.accounts.list'], covers: [['xml', 0]],
    note: 'the server is started with the administrator SRV02\\Administrator, as in the example',
    replay: (r) => r.get(ACCOUNTS, xmlBody('security_accounts.md', 0)),
  },
  {
    id: 'security_accounts.md xml#1', file: 'security_accounts.md', what: 'POST /security/accounts (EnterpriseAccountCreateSpec, Example 1) → 201', routes: ['security.accounts.create'], covers: [['xml', 1], ['', 0]],
    replay: async (r) => {
      await r.user('VEEAM\\User');
      return r.noBody(await r.call('POST', ACCOUNTS, { body: xmlBody('security_accounts.md', 1), type: 'xml' }), 201);
    },
  },
  {
    id: 'security_accounts.md xml#2', file: 'security_accounts.md', what: 'POST /security/accounts (Example 2, restore scope on a file share) → 201', routes: ['security.accounts.create'], covers: [['xml', 2]],
    replay: async (r) => {
      await r.user('TECH\\mary.smith');
      const out = r.noBody(await r.call('POST', ACCOUNTS, { body: xmlBody('security_accounts.md', 2), type: 'xml' }), 201);
      const entity = await r.call('GET', `${ACCOUNTS}/${await r.accountId('TECH\\mary.smith')}?format=Entity`, { accept: 'json' });
      if (entity.json<{ AllowRestoreAllVms: boolean }>().AllowRestoreAllVms !== false) out.push('AllowRestoreAllVms was not kept');
      return out;
    },
  },
  {
    id: 'security_accounts.md fragments', file: 'security_accounts.md', what: 'POST /security/accounts with the FlrSettings and SqlSettings fragments (DenyInPlaceRestore "True") → 201', routes: ['security.accounts.create', 'security.accounts.get'], covers: [],
    note: 'the fragments are inserted into Example 1 in schema order',
    replay: async (r) => {
      await r.user('VEEAM\\User');
      const flr = inline('security_accounts.md', '<FlrSettings>');
      const sql = inline('security_accounts.md', '<SqlSettings>');
      const body = xmlBody('security_accounts.md', 1).replace('</EnterpriseAccountCreateSpec>', `${flr}${sql}</EnterpriseAccountCreateSpec>`);
      const out = r.noBody(await r.call('POST', ACCOUNTS, { body, type: 'xml' }), 201);
      const e = (await r.call('GET', `${ACCOUNTS}/${await r.accountId('VEEAM\\User')}?format=Entity`, { accept: 'json' }))
        .json<{ FlrSettings: unknown; SqlSettings: unknown }>();
      if (JSON.stringify(e.FlrSettings) !== '{"FlrInplaceOnly":true,"FlrExtentionRestrictions":"doc,pptx"}') out.push(`FlrSettings: ${JSON.stringify(e.FlrSettings)}`);
      if (JSON.stringify(e.SqlSettings) !== '{"DenyInPlaceRestore":true}') out.push(`SqlSettings: ${JSON.stringify(e.SqlSettings)}`);
      return out;
    },
  },
  {
    id: 'security_accounts.md json#0', file: 'security_accounts.md', what: 'POST /security/accounts (JSON, with the FlrSettings/SqlSettings JSON fragments, booleans as strings) → 201', routes: ['security.accounts.create'], covers: [['json', 0]],
    known: ['status: expected 201, found 400'],
    note: 'documented difference: the example scopes the account to HierarchyObjRef "" (a placeholder); emsec refuses an object that is not in its inventory (docs/decisions.md). The same body with a real object is accepted: see the next row',
    replay: async (r) => {
      await r.user('TECH\\william.fox');
      return r.noBody(await r.call('POST', ACCOUNTS, { body: block('security_accounts.md', 'json', 0), type: 'json' }), 201);
    },
  },
  {
    id: 'security_accounts.md json#0 (object filled in)', file: 'security_accounts.md', what: 'the same JSON with the placeholder replaced by an inventory object and the JSON fragments added → 201', routes: ['security.accounts.create', 'security.accounts.get'], covers: [],
    replay: async (r) => {
      await r.user('TECH\\william.fox');
      const flr = inline('security_accounts.md', '"FlrSettings"').trim();
      const sql = inline('security_accounts.md', '"SqlSettings"').trim();
      const body = block('security_accounts.md', 'json', 0)
        .replace('"HierarchyObjRef": ""', '"HierarchyObjRef": "urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-7870"')
        .replace('"ObjectName": ""', '"ObjectName": "VM01"')
        .replace(/\}\s*$/, `, ${flr}, ${sql} }`);
      const out = r.noBody(await r.call('POST', ACCOUNTS, { body, type: 'json' }), 201);
      const e = (await r.call('GET', `${ACCOUNTS}/${await r.accountId('TECH\\william.fox')}?format=Entity`, { accept: 'json' }))
        .json<{ FlrSettings: unknown; SqlSettings: unknown }>();
      if (JSON.stringify(e.FlrSettings) !== '{"FlrInplaceOnly":true,"FlrExtentionRestrictions":"doc,pptx"}') out.push(`FlrSettings: ${JSON.stringify(e.FlrSettings)}`);
      if (JSON.stringify(e.SqlSettings) !== '{"DenyInPlaceRestore":true}') out.push(`SqlSettings: ${JSON.stringify(e.SqlSettings)}`);
      return out;
    },
  },
  {
    id: 'security_accounts_id.md xml#0', file: 'security_accounts_id.md', what: 'GET /security/accounts/{ID}?format=Entity → 200 EnterpriseAccount', routes: ['security.accounts.get'], covers: [['xml', 0]],
    replay: async (r) => {
      const id = await r.account('TECH\\william.fox', 'User', [FILE]);
      return r.get(`${ACCOUNTS}/${id}?format=Entity`, xmlBody('security_accounts_id.md', 0));
    },
  },
  {
    id: 'security_accounts_id.md xml#1', file: 'security_accounts_id.md', what: 'GET /security/accounts/{ID} → 200 EntityRef', routes: ['security.accounts.get'], covers: [['xml', 1]],
    replay: async (r) => r.get(`${ACCOUNTS}/${await r.accountId('BUILTIN\\Users')}`, xmlBody('security_accounts_id.md', 1)),
  },
  {
    id: 'security_accounts_id.md inline Group', file: 'security_accounts_id.md', what: 'GET /security/accounts/{ID}?format=Entity of a Group (tail only)', routes: ['security.accounts.get', 'security.accounts.toggleRestoreScopes'], covers: [],
    note: 'fragment (the tail of the body): a Group entity ends with AllowRestoreAllVms; emsec writes FlrSettings and SqlSettings only for user accounts or when they were set (docs/decisions.md)',
    replay: async (r) => {
      const id = await r.accountId('BUILTIN\\Users');
      await r.call('POST', `${ACCOUNTS}/${id}`);
      const e = (await r.call('GET', `${ACCOUNTS}/${id}?format=Entity`, { accept: 'json' })).json<Record<string, unknown>>();
      const out: string[] = [];
      if (e['AccountType'] !== 'Group' || e['AllowRestoreAllVms'] !== false) out.push(`values: ${e['AccountType']} ${e['AllowRestoreAllVms']}`);
      const xml = (await r.call('GET', `${ACCOUNTS}/${id}?format=Entity`)).text;
      const names = [...xml.matchAll(/<\/?(AccountType|AllowRestoreAllVms|FlrSettings|SqlSettings)\b/g)].filter((m) => !m[0].startsWith('</')).map((m) => m[1]);
      if (names.join() !== 'AccountType,AllowRestoreAllVms') out.push(`tail: expected AccountType, AllowRestoreAllVms last; found ${names.join(', ')}`);
      return out;
    },
  },
  {
    id: 'security_accounts_id.md toggle', file: 'security_accounts_id.md', what: 'POST /security/accounts/{ID} (ToggleRestoreScopesEnabled) → 204', routes: ['security.accounts.toggleRestoreScopes'], covers: [],
    replay: async (r) => {
      const id = await r.account('TECH\\william.fox', 'User', [FILE]);
      const out = r.noBody(await r.call('POST', `${ACCOUNTS}/${id}`), 204);
      const e = (await r.call('GET', `${ACCOUNTS}/${id}?format=Entity`, { accept: 'json' })).json<{ AllowRestoreAllVms: boolean }>();
      if (e.AllowRestoreAllVms !== false) out.push('AllowRestoreAllVms was not toggled');
      return out;
    },
  },
  {
    id: 'security_accounts_id.md delete', file: 'security_accounts_id.md', what: 'DELETE /security/accounts/{ID} → 204', routes: ['security.accounts.delete'], covers: [],
    replay: async (r) => {
      const id = await r.account('TECH\\william.fox', 'User', [FILE]);
      const out = r.noBody(await r.call('DELETE', `${ACCOUNTS}/${id}`), 204);
      if ((await r.call('GET', `${ACCOUNTS}/${id}`)).status !== 404) out.push('the account is still there');
      return out;
    },
  },
  // ---- account roles -----------------------------------------------------------------------------------
  {
    id: 'security_accounts_id_roles.md xml#0', file: 'security_accounts_id_roles.md', what: 'GET /security/accounts/{ID}/roles → 200 EnterpriseAccountInRoleList (v13)', routes: ['security.accounts.roles.list'], covers: [['xml', 0]],
    note: 'partial: the reference cuts the list after two items; those are compared',
    replay: async (r) => {
      const id = await r.account('TECH\\william.fox', 'User', [FILE, VM, EXCHANGE]);
      return r.get(`${ACCOUNTS}/${id}/roles`, xmlBody('security_accounts_id_roles.md', 0), { prefixOnly: ['/EnterpriseAccountInRoleList'] });
    },
  },
  {
    id: 'security_accounts_id_roles.md xml#1', file: 'security_accounts_id_roles.md', what: 'GET /security/accounts/{ID}/roles → 200 (v10 page)', routes: ['security.accounts.roles.list'], covers: [['xml', 1]],
    known: [
      "/EnterpriseAccountInRoleList/EnterpriseAccountInRole[1]/Links[1]/Link[1]/@Type: missing attribute (expected EnterpriseAccountInRole)",
      "JSON: /EnterpriseAccountInRoleList/EnterpriseAccountInRole[1]/Links[1]/Link[1]/@Type: missing attribute (expected EnterpriseAccountInRole)",
    ],
    note: 'documented difference: the v10 page puts Type on the Delete link, the v13 page (previous row) does not; emsec follows v13',
    replay: async (r) => {
      const id = await r.account('TECH\\william.fox', 'User', [FILE]);
      return r.get(`${ACCOUNTS}/${id}/roles`, xmlBody('security_accounts_id_roles.md', 1));
    },
  },
  {
    id: 'security_accounts_id_roles.md xml#2', file: 'security_accounts_id_roles.md', what: 'POST /security/accounts/{ID}/roles (EnterpriseAccountInRoleCreateSpec) → 201', routes: ['security.accounts.roles.create'], covers: [['xml', 2], ['', 0]],
    replay: async (r) => {
      const id = await r.account('TECH\\william.fox', 'User', [FILE]);
      const out = r.noBody(await r.call('POST', `${ACCOUNTS}/${id}/roles`, { body: xmlBody('security_accounts_id_roles.md', 2), type: 'xml' }), 201);
      const roles = (await r.call('GET', `${ACCOUNTS}/${id}/roles`, { accept: 'json' })).json<{ EnterpriseAccountInRoles: { RoleName: string }[] }>();
      if (!roles.EnterpriseAccountInRoles.some((x) => x.RoleName === 'VM Restore Operator')) out.push('the role was not assigned');
      return out;
    },
  },
  {
    id: 'security_accounts_id_roles.md inline JSON', file: 'security_accounts_id_roles.md', what: 'POST /security/accounts/{ID}/roles (JSON) → 201', routes: ['security.accounts.roles.create'], covers: [],
    replay: async (r) => {
      const id = await r.account('TECH\\william.fox', 'User', [FILE]);
      return r.noBody(await r.call('POST', `${ACCOUNTS}/${id}/roles`, { body: inline('security_accounts_id_roles.md', '{'), type: 'json' }), 201);
    },
  },
  {
    id: 'security_accounts_id_roles.md xml#3', file: 'security_accounts_id_roles.md', what: 'GET /security/accounts/{ID}/roles/{ID} → 200 EnterpriseAccountInRole', routes: ['security.accounts.roles.get'], covers: [['xml', 3]],
    known: [
      "/EnterpriseAccountInRole/Links[1]/Link[1]/@Type: missing attribute (expected EnterpriseAccountInRole)",
      "JSON: /EnterpriseAccountInRole/Links[1]/Link[1]/@Type: missing attribute (expected EnterpriseAccountInRole)",
    ],
    note: 'documented difference: this (pre-v13) page puts Type on the Delete link; the v13 list page does not, and emsec follows v13',
    replay: async (r) => {
      const id = await r.account('TECH\\william.fox', 'User', [FILE]);
      return r.get(`${ACCOUNTS}/${id}/roles/${FILE}`, xmlBody('security_accounts_id_roles.md', 3));
    },
  },
  {
    id: 'security_accounts_id_roles.md delete', file: 'security_accounts_id_roles.md', what: 'DELETE /security/accounts/{ID}/roles/{ID} → 204', routes: ['security.accounts.roles.delete'], covers: [],
    replay: async (r) => {
      const id = await r.account('TECH\\william.fox', 'User', [FILE, VM]);
      return r.noBody(await r.call('DELETE', `${ACCOUNTS}/${id}/roles/${FILE}`), 204);
    },
  },
  // ---- restore scopes (the lead's endpoints) ---------------------------------------------------------
  ...scopeExamples(),
  // ---- rebuildScope and Task --------------------------------------------------------------------------
  {
    id: 'security_accounts_rebuildscope_and_task.md xml#0-1', file: 'security_accounts_rebuildscope_and_task.md', what: 'POST /security/accounts?action=rebuildScope (RebuildScopeJobSpec) → 201 Task',
    routes: ['security.accounts.rebuildScope'], covers: [['xml', 0], ['xml', 1], ['', 0]],
    replay: async (r) => {
      const res = await r.call('POST', `${ACCOUNTS}?action=rebuildScope`, { body: xmlBody('security_accounts_rebuildscope_and_task.md', 0), type: 'xml' });
      return r.expectXml(res, xmlBody('security_accounts_rebuildscope_and_task.md', 1), { json: false }, undefined, 201);
    },
  },
  {
    id: 'security_accounts_rebuildscope_and_task.md inline JSON', file: 'security_accounts_rebuildscope_and_task.md', what: 'POST /security/accounts?action=rebuildScope (JSON) → 201 Task', routes: ['security.accounts.rebuildScope'], covers: [],
    replay: async (r) => {
      const res = await r.call('POST', `${ACCOUNTS}?action=rebuildScope`, { body: inline('security_accounts_rebuildscope_and_task.md', '{'), type: 'json', accept: 'json' });
      return res.status === 201 && res.json<{ Operation: string }>().Operation === 'StartRebuildScope' ? [] : [`${res.status} ${res.text.slice(0, 200)}`];
    },
  },
  // ---- hierarchy roots -----------------------------------------------------------------------------------
  {
    id: 'hierarchyroots_and_errors.md inline root', file: 'hierarchyroots_and_errors.md', what: 'GET /hierarchyRoots → 200 EntityReferences', routes: ['hierarchyRoots.list'], covers: [],
    note: 'partial: the reference shows the root element only',
    replay: (r) => r.get('/api/hierarchyRoots', rootOnly(inline('hierarchyroots_and_errors.md', '<EntityReferences'), 'EntityReferences'), { prefixOnly: ['/EntityReferences'] }),
  },
];

function scopeExamples(): Example[] {
  const F = 'security_accounts_id_scopes.md';
  const DATACENTERS = 'urn:VMware:Folder:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.group-d1';
  const scopeTo = async (r: Replay, accountId: string, ref: string, name: string): Promise<string> => {
    const res = await r.call('POST', `${ACCOUNTS}/${accountId}/scopes`, {
      body: `<HierarchyScopeCreateSpec xmlns="http://www.veeam.com/ent/v1.0"><HierarchyScopeItem><HierarchyObjRef>${ref}</HierarchyObjRef><ObjectName>${name}</ObjectName></HierarchyScopeItem></HierarchyScopeCreateSpec>`,
      type: 'xml',
    });
    if (res.status !== 201) throw new Error(`seeding a scope: ${res.status} ${res.text}`);
    return (res.headers.get('location') ?? '').split('/').pop() as string;
  };
  /** The v10 pages put Type on the Delete link and the root's GUID in HierarchyRootName. */
  const v10 = (path: string): string[] => [
    `${path}/Links[1]/Link[1]/@Type: missing attribute (expected EnterpriseAccountHierarchyScope)`,
    `${path}/HierarchyRootName[1]: expected text 'F36CBAE2-F23D-46C7-865C-3E3CCC89B197', found 'vcprod.tech.local'`,
  ].flatMap((d) => [d, `JSON: ${d}`]);
  const v10Note = 'documented difference: this v10 page puts Type on the Delete link (the v13 page does not) and the root\'s unique id in HierarchyRootName, where scenario_restore_scope.md shows the root\'s name; emsec follows v13 and the scenario';
  return [
    {
      id: `${F} xml#0`, file: F, what: 'GET /security/accounts/{ID}/scopes → 200 EnterpriseAccountHierarchyScopes (v10 page)', routes: ['security.accounts.scopes.list', 'security.accounts.scopes.create'], covers: [['xml', 0]],
      known: v10('/EnterpriseAccountHierarchyScopes/EnterpriseAccountHierarchyScope[1]'),
      note: v10Note,
      replay: async (r) => {
        const id = await r.accountId('BUILTIN\\Users');
        await scopeTo(r, id, DATACENTERS, 'Datacenters');
        return r.get(`${ACCOUNTS}/${id}/scopes`, xmlBody(F, 0));
      },
    },
    {
      id: `${F} xml#1`, file: F, what: 'GET /security/accounts/{ID}/scopes → 200 (v13 item, vCloud)', routes: ['security.accounts.scopes.list'], covers: [['xml', 1]],
      note: 'fragment: one item of a list, cut out without its namespace; its object (a vCloud Director system) is not in the default inventory',
    },
    {
      id: `${F} xml#2`, file: F, what: 'POST /security/accounts/{ID}/scopes (HierarchyScopeCreateSpec) → 201', routes: ['security.accounts.scopes.create'], covers: [['xml', 2]],
      replay: async (r) => {
        const id = await r.account('TECH\\william.fox', 'User', [FILE]);
        return r.noBody(await r.call('POST', `${ACCOUNTS}/${id}/scopes`, { body: xmlBody(F, 2), type: 'xml' }), 201);
      },
    },
    {
      id: `${F} inline JSON`, file: F, what: 'POST /security/accounts/{ID}/scopes (JSON) → 201', routes: ['security.accounts.scopes.create'], covers: [],
      replay: async (r) => {
        const id = await r.account('TECH\\william.fox', 'User', [FILE]);
        return r.noBody(await r.call('POST', `${ACCOUNTS}/${id}/scopes`, { body: inline(F, '{'), type: 'json' }), 201);
      },
    },
    {
      id: `${F} xml#3`, file: F, what: 'GET /security/accounts/{ID}/scopes/{ID} → 200 EnterpriseAccountHierarchyScope', routes: ['security.accounts.scopes.get', 'security.accounts.scopes.create'], covers: [['xml', 3]],
      known: v10('/EnterpriseAccountHierarchyScope'),
      note: v10Note,
      replay: async (r) => {
        const id = await r.accountId('BUILTIN\\Users');
        const scope = await scopeTo(r, id, DATACENTERS, 'Datacenters');
        return r.get(`${ACCOUNTS}/${id}/scopes/${scope}`, xmlBody(F, 3));
      },
    },
    {
      id: `${F} delete`, file: F, what: 'DELETE /security/accounts/{ID}/scopes/{ID} → 204', routes: ['security.accounts.scopes.delete', 'security.accounts.scopes.create'], covers: [],
      replay: async (r) => {
        const id = await r.accountId('BUILTIN\\Users');
        const scope = await scopeTo(r, id, DATACENTERS, 'Datacenters');
        return r.noBody(await r.call('DELETE', `${ACCOUNTS}/${id}/scopes/${scope}`), 204);
      },
    },
  ];
}
