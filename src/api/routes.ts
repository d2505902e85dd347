// THE route table: every operation emsec serves, with its wire types, auth mode, the roles
// allowed and the reference page it follows. The server registers exactly these rows; the
// session hook authorizes from the row, never from the URL string.
import { ROLE, ROLES } from '../domain/roles.ts';
import type { Representation } from '../wire/dsl.ts';
import { EntityRef, EntityReferences } from '../wire/common.ts';
import {
  EnterpriseAccount, EnterpriseAccountCreateSpec, EnterpriseAccountInRole, EnterpriseAccountInRoleCreateSpec, EnterpriseAccountInRoleList,
} from '../wire/account.ts';
import { EnterpriseRole, EnterpriseSecuritySettings } from '../wire/security.ts';
import { EnterpriseManager, LogonSession, LogonSessions } from '../wire/session.ts';
import type { Handler } from './context.ts';
import { FORMAT_ONLY, type QuerySpec } from './query.ts';
import { ACCOUNTS_QUERY, ACCOUNT_ROLES_QUERY, LOGON_QUERY, ROLES_QUERY, SESSIONS_QUERY } from './collections.ts';
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
import { HierarchyRoot } from '../wire/inventory.ts';

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
  /** Role ids allowed to call it (ignored unless auth is 'session'). */
  readonly roles: readonly string[];
  readonly request?: Representation<unknown>;
  readonly responses: readonly Representation<unknown>[];
  readonly status: number;
  /** The page of ../shared/reference/em_rest this row follows. */
  readonly reference: string;
  readonly handler: Handler;
}

const ANY_ROLE = ROLES.map((r) => r.id);
/** security_roles_concept.md: /security is for Portal Administrators only. */
const ADMIN = [ROLE.PortalAdministrator.id];
/** security_roles_concept.md: /hierarchyRoots is listed for Portal Users, not for restore operators. */
const PORTAL = [ROLE.PortalAdministrator.id, ROLE.PortalUser.id];

const rep = <T>(r: Representation<T>): Representation<unknown> => r as unknown as Representation<unknown>;

export const ROUTES: readonly RouteDef[] = Object.freeze([
  { id: 'root.get', method: 'GET', path: '/api/', auth: 'none', roles: [], responses: [rep(EnterpriseManager)], status: 200, reference: 'http_authentication.md', handler: getRoot },
  { id: 'sessionMngr.logon', method: 'POST', path: '/api/sessionMngr/', query: LOGON_QUERY, auth: 'basic', roles: [], responses: [rep(LogonSession)], status: 201, reference: 'post_sessionmngr.md', handler: logon },
  { id: 'logonSessions.list', method: 'GET', path: '/api/logonSessions', query: SESSIONS_QUERY, auth: 'session', roles: ANY_ROLE, responses: [rep(LogonSessions)], status: 200, reference: 'get_loginsessions.md', handler: listSessions },
  { id: 'logonSessions.get', method: 'GET', path: '/api/logonSessions/:id', auth: 'session', roles: ANY_ROLE, responses: [rep(LogonSession)], status: 200, reference: 'get_loginsessions_id.md', handler: getSession },
  { id: 'logonSessions.delete', method: 'DELETE', path: '/api/logonSessions/:id', auth: 'session', roles: ANY_ROLE, responses: [], status: 204, reference: 'delete_loginsessions_id.md', handler: deleteSession },
  { id: 'security.get', method: 'GET', path: '/api/security', auth: 'session', roles: ADMIN, responses: [rep(EnterpriseSecuritySettings)], status: 200, reference: 'get_security.md', handler: getSecurity },
  { id: 'security.roles.list', method: 'GET', path: '/api/security/roles', query: ROLES_QUERY, auth: 'session', roles: ADMIN, responses: [rep(EntityReferences), rep(EnterpriseRoles)], status: 200, reference: 'get_security_roles.md', handler: listRoles },
  { id: 'security.roles.get', method: 'GET', path: '/api/security/roles/:id', query: FORMAT_ONLY, auth: 'session', roles: ADMIN, responses: [rep(EntityRef), rep(EnterpriseRole)], status: 200, reference: 'get_security_roles_id.md', handler: getRole },
  { id: 'security.accounts.list', method: 'GET', path: '/api/security/accounts', query: ACCOUNTS_QUERY, auth: 'session', roles: ADMIN, responses: [rep(EntityReferences), rep(EnterpriseAccounts)], status: 200, reference: 'get_security_accounts.md', handler: listAccounts },
  { id: 'security.accounts.create', method: 'POST', path: '/api/security/accounts', auth: 'session', roles: ADMIN, request: rep(EnterpriseAccountCreateSpec), responses: [], status: 201, reference: 'post_security_accounts.md', handler: createAccount },
  { id: 'security.accounts.get', method: 'GET', path: '/api/security/accounts/:id', query: FORMAT_ONLY, auth: 'session', roles: ADMIN, responses: [rep(EntityRef), rep(EnterpriseAccount)], status: 200, reference: 'get_security_accounts_id.md', handler: getAccount },
  { id: 'security.accounts.rebuildScope', method: 'POST', path: '/api/security/accounts', action: 'rebuildScope', auth: 'session', roles: ADMIN, request: rep(RebuildScopeJobSpec), responses: [rep(Task)], status: 201, reference: 'post_security_accounts_actionrebuildscope.md', handler: rebuildScope },
  { id: 'security.accounts.toggleRestoreScopes', method: 'POST', path: '/api/security/accounts/:id', auth: 'session', roles: ADMIN, responses: [], status: 204, reference: 'post_security_accounts_id.md', handler: toggleRestoreScopes },
  { id: 'security.accounts.delete', method: 'DELETE', path: '/api/security/accounts/:id', auth: 'session', roles: ADMIN, responses: [], status: 204, reference: 'delete_security_accounts_id.md', handler: deleteAccount },
  { id: 'security.accounts.roles.list', method: 'GET', path: '/api/security/accounts/:id/roles', query: ACCOUNT_ROLES_QUERY, auth: 'session', roles: ADMIN, responses: [rep(EnterpriseAccountInRoleList)], status: 200, reference: 'get_security_accounts_id_roles.md', handler: listAccountRoles },
  { id: 'security.accounts.roles.create', method: 'POST', path: '/api/security/accounts/:id/roles', auth: 'session', roles: ADMIN, request: rep(EnterpriseAccountInRoleCreateSpec), responses: [], status: 201, reference: 'post_security_accounts_id_roles.md', handler: assignRole },
  { id: 'security.accounts.roles.get', method: 'GET', path: '/api/security/accounts/:id/roles/:roleId', auth: 'session', roles: ADMIN, responses: [rep(EnterpriseAccountInRole)], status: 200, reference: 'get_security_accounts_id_roles_id.md', handler: getAccountRole },
  { id: 'security.accounts.roles.delete', method: 'DELETE', path: '/api/security/accounts/:id/roles/:roleId', auth: 'session', roles: ADMIN, responses: [], status: 204, reference: 'delete_security_accounts_id_roles_id.md', handler: unassignRole },
  { id: 'security.accounts.scopes.list', method: 'GET', path: '/api/security/accounts/:id/scopes', auth: 'session', roles: ADMIN, responses: [rep(EnterpriseAccountHierarchyScopes)], status: 200, reference: 'get_security_accounts_id_scopes.md', handler: listAccountScopes },
  { id: 'security.accounts.scopes.create', method: 'POST', path: '/api/security/accounts/:id/scopes', auth: 'session', roles: ADMIN, request: rep(HierarchyScopeCreateSpec), responses: [], status: 201, reference: 'post_security_accounts_id_scopes.md', handler: addAccountScopes },
  { id: 'security.accounts.scopes.get', method: 'GET', path: '/api/security/accounts/:id/scopes/:scopeId', auth: 'session', roles: ADMIN, responses: [rep(EnterpriseAccountHierarchyScope)], status: 200, reference: 'get_security_accounts_id_scopes_id.md', handler: getAccountScope },
  { id: 'security.accounts.scopes.delete', method: 'DELETE', path: '/api/security/accounts/:id/scopes/:scopeId', auth: 'session', roles: ADMIN, responses: [], status: 204, reference: 'delete_security_accounts_id_scopes_id.md', handler: deleteAccountScope },
  { id: 'hierarchyRoots.list', method: 'GET', path: '/api/hierarchyRoots', auth: 'session', roles: PORTAL, responses: [rep(EntityReferences)], status: 200, reference: 'get_hierarchyroots.md', handler: listHierarchyRoots },
  { id: 'hierarchyRoots.get', method: 'GET', path: '/api/hierarchyRoots/:id', auth: 'session', roles: PORTAL, responses: [rep(EntityRef), rep(HierarchyRoot)], status: 200, reference: 'get_hierarchyroots_id.md', handler: getHierarchyRoot },
  { id: 'tasks.list', method: 'GET', path: '/api/tasks', auth: 'session', roles: ANY_ROLE, responses: [rep(Tasks)], status: 200, reference: 'get_tasks.md', handler: listTasks },
  { id: 'tasks.get', method: 'GET', path: '/api/tasks/:id', auth: 'session', roles: ANY_ROLE, responses: [rep(Task)], status: 200, reference: 'get_tasks_id.md', handler: getTask },
  { id: 'tasks.delete', method: 'DELETE', path: '/api/tasks/:id', auth: 'session', roles: ANY_ROLE, responses: [], status: 204, reference: 'delete_task_id.md', handler: deleteTask },
] satisfies RouteDef[]);
