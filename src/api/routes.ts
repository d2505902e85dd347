// THE route table: every operation emsec serves, with its wire types, auth mode, the roles
// allowed (derived from the permission matrix, domain/rights.ts) and the reference page it
// follows. The server registers exactly these rows; the session hook authorizes from the row,
// never from the URL string.
import { ROLES } from '../domain/roles.ts';
import { allowedRoleIds } from '../domain/rights.ts';
import type { Representation } from '../wire/dsl.ts';
import { EntityRef, EntityReferences } from '../wire/common.ts';
import {
  EnterpriseAccount, EnterpriseAccountCreateSpec, EnterpriseAccountInRole, EnterpriseAccountInRoleCreateSpec, EnterpriseAccountInRoleList,
} from '../wire/account.ts';
import { EnterpriseRole, EnterpriseSecuritySettings } from '../wire/security.ts';
import { EnterpriseManager, LogonSession, LogonSessions } from '../wire/session.ts';
import type { Handler, PathParams, Reply, RequestContext } from './context.ts';
import { FORMAT_ONLY, type QuerySpec } from './query.ts';
import { ACCOUNTS_QUERY, ACCOUNT_ROLES_QUERY, HIERARCHY_ROOTS_QUERY, LOGON_QUERY, LOOKUP_QUERY, ROLES_QUERY, SCOPES_QUERY, SESSIONS_QUERY, TASKS_QUERY } from './collections.ts';
import { EnterpriseAccounts, EnterpriseRoles } from '../wire/collections.ts';
import { getRoot } from './index.ts';
import { deleteSession, getSession, listSessions } from './logon-sessions.ts';
import { logon } from './session-mngr.ts';
import { getSecurity } from './security/index.ts';
import { getRole, listRoles } from './security/roles.ts';
import { createAccount, deleteAccount, getAccount, listAccounts, toggleRestoreScopes } from './security/accounts.ts';
import { assignRole, getAccountRole, listAccountRoles, unassignRole } from './security/account-roles.ts';
import { addAccountScopes, deleteAccountScope, getAccountScope, listAccountScopes } from './security/account-scopes.ts';
import { rebuildScope } from './security/rebuild-scope.ts';
import { deleteTask, getTask, listTasks } from './tasks.ts';
import { getHierarchyRoot, listHierarchyRoots } from './hierarchy-roots.ts';
import { EnterpriseAccountHierarchyScope, EnterpriseAccountHierarchyScopes, HierarchyScopeCreateSpec, RebuildScopeJobSpec } from '../wire/scope.ts';
import { Task, Tasks } from '../wire/task.ts';
import { HierarchyRoot, HierarchyRoots } from '../wire/inventory.ts';
import { HierarchyItems, LookupSvc } from '../wire/lookup.ts';
import { getLookupSvc, lookup } from './lookup.ts';

export type AuthMode = 'none' | 'basic' | 'session';

export interface RouteDef {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** fastify path syntax; `:id` segments are the {ID}s of the reference. */
  readonly path: string;
  /** The `?action=` value that selects this operation where several share method and path. */
  readonly action?: string;
  /** The query options it accepts (query.ts): `format`, and a collection's filter/sort/paging. */
  readonly query?: QuerySpec;
  readonly auth: AuthMode;
  /** Role ids allowed to call it (empty unless auth is 'session'): derived from domain/rights.ts, never written by hand. */
  readonly roles: readonly string[];
  readonly request?: Representation<unknown>;
  readonly responses: readonly Representation<unknown>[];
  /** The status of every successful answer: stated here only, the handler returns no status. */
  readonly status: number;
  /** The em_rest page of the vendor reference this row follows (titles: test/fixtures/reference/pages.json). */
  readonly reference: string;
  /** The reference page's title (its first heading): the operation's summary in the OpenAPI document. */
  readonly summary: string;
  /**
   * The row's handler, its types erased: route() checked it against the row, and the server passes
   * it the params of this path and the body decoded by this row's `request`.
   */
  readonly handler: (ctx: RequestContext<string, unknown>) => Promise<Reply>;
}

/** A row as written below: who may call it is not written here but derived from the matrix. */
export type RouteRow = Omit<RouteDef, 'roles'>;

/**
 * A row as written, typed by its path, request and responses: its handler must take the path's
 * params and the request's value, and answer with one of the responses (nothing when there are
 * none). NoInfer: the row decides these types, the handler is checked against them.
 */
export interface TypedRow<P extends string, Req, Res extends readonly Representation<unknown>[]> extends Omit<RouteRow, 'path' | 'request' | 'responses' | 'handler'> {
  readonly path: P;
  readonly request?: Representation<Req>;
  readonly responses: Res;
  readonly handler: Handler<PathParams<NoInfer<P>>, NoInfer<Req>, NoInfer<Res>[number]>;
}

/** A typed row, checked, as the table keeps it (exported for test/api/route-types.test.ts). */
export function route<const P extends string, Req = undefined, const Res extends readonly Representation<unknown>[] = readonly []>(row: TypedRow<P, Req, Res>): RouteRow {
  return { ...row, handler: row.handler as RouteDef['handler'] };
}

/** A concrete id for a route's `:param` segments when asking the matrix about it. */
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The roles the permission matrix (domain/rights.ts, security_roles_concept.md) allows for the
 * row's operation: the one source of truth for who may call a route.
 */
function withRoles(row: RouteRow): RouteDef {
  if (row.auth !== 'session') return { ...row, roles: [] };
  const path = row.path.replace(/^\/api/, '').replace(/:[A-Za-z]+/g, SAMPLE_ID);
  const allowed = allowedRoleIds({ method: row.method, path, query: row.action ? { action: row.action } : {} });
  return { ...row, roles: ROLES.filter((r) => allowed.has(r.id)).map((r) => r.id) };
}

export const ROUTES: readonly RouteDef[] = Object.freeze([
  route({ id: 'root.get', method: 'GET', path: '/api/', auth: 'none', responses: [EnterpriseManager], status: 200, reference: 'http_authentication.md', summary: 'HTTP Authentication', handler: getRoot }),
  route({ id: 'sessionMngr.logon', method: 'POST', path: '/api/sessionMngr/', query: LOGON_QUERY, auth: 'basic', responses: [LogonSession], status: 201, reference: 'post_sessionmngr.md', summary: 'POST /sessionMngr/', handler: logon }),
  route({ id: 'logonSessions.list', method: 'GET', path: '/api/logonSessions', query: SESSIONS_QUERY, auth: 'session', responses: [LogonSessions], status: 200, reference: 'get_loginsessions.md', summary: 'GET /logonSessions', handler: listSessions }),
  route({ id: 'logonSessions.get', method: 'GET', path: '/api/logonSessions/:id', auth: 'session', responses: [LogonSession], status: 200, reference: 'get_loginsessions_id.md', summary: 'GET /logonSessions/{ID}', handler: getSession }),
  route({ id: 'logonSessions.delete', method: 'DELETE', path: '/api/logonSessions/:id', auth: 'session', responses: [], status: 204, reference: 'delete_loginsessions_id.md', summary: 'DELETE /logonSessions/{ID}', handler: deleteSession }),
  route({ id: 'security.get', method: 'GET', path: '/api/security', auth: 'session', responses: [EnterpriseSecuritySettings], status: 200, reference: 'get_security.md', summary: 'GET /security', handler: getSecurity }),
  route({ id: 'security.roles.list', method: 'GET', path: '/api/security/roles', query: ROLES_QUERY, auth: 'session', responses: [EntityReferences, EnterpriseRoles], status: 200, reference: 'get_security_roles.md', summary: 'GET /security/roles', handler: listRoles }),
  route({ id: 'security.roles.get', method: 'GET', path: '/api/security/roles/:id', query: FORMAT_ONLY, auth: 'session', responses: [EntityRef, EnterpriseRole], status: 200, reference: 'get_security_roles_id.md', summary: 'GET /security/roles/{ID}', handler: getRole }),
  route({ id: 'security.accounts.list', method: 'GET', path: '/api/security/accounts', query: ACCOUNTS_QUERY, auth: 'session', responses: [EntityReferences, EnterpriseAccounts], status: 200, reference: 'get_security_accounts.md', summary: 'GET /security/accounts', handler: listAccounts }),
  route({ id: 'security.accounts.create', method: 'POST', path: '/api/security/accounts', auth: 'session', request: EnterpriseAccountCreateSpec, responses: [], status: 201, reference: 'post_security_accounts.md', summary: 'POST /security/accounts', handler: createAccount }),
  route({ id: 'security.accounts.get', method: 'GET', path: '/api/security/accounts/:id', query: FORMAT_ONLY, auth: 'session', responses: [EntityRef, EnterpriseAccount], status: 200, reference: 'get_security_accounts_id.md', summary: 'GET /security/accounts/{ID}', handler: getAccount }),
  route({ id: 'security.accounts.rebuildScope', method: 'POST', path: '/api/security/accounts', action: 'rebuildScope', auth: 'session', request: RebuildScopeJobSpec, responses: [Task], status: 201, reference: 'post_security_accounts_actionrebuildscope.md', summary: 'POST /security/accounts?action=rebuildScope', handler: rebuildScope }),
  route({ id: 'security.accounts.toggleRestoreScopes', method: 'POST', path: '/api/security/accounts/:id', auth: 'session', responses: [], status: 204, reference: 'post_security_accounts_id.md', summary: 'POST /security/accounts/{ID}', handler: toggleRestoreScopes }),
  route({ id: 'security.accounts.delete', method: 'DELETE', path: '/api/security/accounts/:id', auth: 'session', responses: [], status: 204, reference: 'delete_security_accounts_id.md', summary: 'DELETE /security/accounts/{ID}', handler: deleteAccount }),
  route({ id: 'security.accounts.roles.list', method: 'GET', path: '/api/security/accounts/:id/roles', query: ACCOUNT_ROLES_QUERY, auth: 'session', responses: [EnterpriseAccountInRoleList], status: 200, reference: 'get_security_accounts_id_roles.md', summary: 'GET /security/accounts/{ID}/roles', handler: listAccountRoles }),
  route({ id: 'security.accounts.roles.create', method: 'POST', path: '/api/security/accounts/:id/roles', auth: 'session', request: EnterpriseAccountInRoleCreateSpec, responses: [], status: 201, reference: 'post_security_accounts_id_roles.md', summary: 'POST /security/accounts/{ID}/roles', handler: assignRole }),
  route({ id: 'security.accounts.roles.get', method: 'GET', path: '/api/security/accounts/:id/roles/:roleId', auth: 'session', responses: [EnterpriseAccountInRole], status: 200, reference: 'get_security_accounts_id_roles_id.md', summary: 'GET /security/accounts/{ID}/roles/{ID}', handler: getAccountRole }),
  route({ id: 'security.accounts.roles.delete', method: 'DELETE', path: '/api/security/accounts/:id/roles/:roleId', auth: 'session', responses: [], status: 204, reference: 'delete_security_accounts_id_roles_id.md', summary: 'DELETE /security/accounts/{ID}/roles/{ID}', handler: unassignRole }),
  route({ id: 'security.accounts.scopes.list', method: 'GET', path: '/api/security/accounts/:id/scopes', query: SCOPES_QUERY, auth: 'session', responses: [EnterpriseAccountHierarchyScopes], status: 200, reference: 'get_security_accounts_id_scopes.md', summary: 'GET /security/accounts/{ID}/scopes', handler: listAccountScopes }),
  route({ id: 'security.accounts.scopes.create', method: 'POST', path: '/api/security/accounts/:id/scopes', auth: 'session', request: HierarchyScopeCreateSpec, responses: [], status: 201, reference: 'post_security_accounts_id_scopes.md', summary: 'POST /security/accounts/{ID}/scopes', handler: addAccountScopes }),
  route({ id: 'security.accounts.scopes.get', method: 'GET', path: '/api/security/accounts/:id/scopes/:scopeId', auth: 'session', responses: [EnterpriseAccountHierarchyScope], status: 200, reference: 'get_security_accounts_id_scopes_id.md', summary: 'GET /security/accounts/{ID}/scopes/{ID}', handler: getAccountScope }),
  route({ id: 'security.accounts.scopes.delete', method: 'DELETE', path: '/api/security/accounts/:id/scopes/:scopeId', auth: 'session', responses: [], status: 204, reference: 'delete_security_accounts_id_scopes_id.md', summary: 'DELETE /security/accounts /{ID}/scopes/{ID}', handler: deleteAccountScope }),
  route({ id: 'hierarchyRoots.list', method: 'GET', path: '/api/hierarchyRoots', query: HIERARCHY_ROOTS_QUERY, auth: 'session', responses: [EntityReferences, HierarchyRoots], status: 200, reference: 'get_hierarchyroots.md', summary: 'GET /hierarchyRoots', handler: listHierarchyRoots }),
  route({ id: 'hierarchyRoots.get', method: 'GET', path: '/api/hierarchyRoots/:id', query: FORMAT_ONLY, auth: 'session', responses: [EntityRef, HierarchyRoot], status: 200, reference: 'get_hierarchyroots_id.md', summary: 'GET /hierarchyRoots/{ID}', handler: getHierarchyRoot }),
  route({ id: 'lookupSvc.get', method: 'GET', path: '/api/lookupSvc', auth: 'session', responses: [LookupSvc], status: 200, reference: 'get_lookupsvc.md', summary: 'GET /lookupSvc', handler: getLookupSvc }),
  route({ id: 'lookup.get', method: 'GET', path: '/api/lookup', query: LOOKUP_QUERY, auth: 'session', responses: [HierarchyItems], status: 200, reference: 'get_lookup.md', summary: 'GET /lookup?host={hostUID}&hierarchyRef={hierarchyRef}&name={objName}&type={objType}', handler: lookup }),
  route({ id: 'tasks.list', method: 'GET', path: '/api/tasks', query: TASKS_QUERY, auth: 'session', responses: [Tasks], status: 200, reference: 'get_tasks.md', summary: 'GET /tasks', handler: listTasks }),
  route({ id: 'tasks.get', method: 'GET', path: '/api/tasks/:id', auth: 'session', responses: [Task], status: 200, reference: 'get_tasks_id.md', summary: 'GET /tasks/{ID}', handler: getTask }),
  route({ id: 'tasks.delete', method: 'DELETE', path: '/api/tasks/:id', auth: 'session', responses: [], status: 204, reference: 'delete_task_id.md', summary: 'DELETE /task/{ID}', handler: deleteTask }),
].map(withRoles));

/**
 * A regular expression matching the concrete paths of a route path (`:id` segments, a final `*`
 * for any rest, optional trailing slash).
 */
export function routePathPattern(path: string, flags = ''): RegExp {
  return new RegExp(`^${path.replace(/\/$/, '').replace(/:[A-Za-z]+/g, '[^/]+').replace(/\*$/, '.*')}/?$`, flags);
}
