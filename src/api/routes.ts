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
import { getRoot } from './index.ts';
import { deleteSession, getSession, listSessions } from './logon-sessions.ts';
import { logon } from './session-mngr.ts';
import { getSecurity } from './security/index.ts';
import { getRole, listRoles } from './security/roles.ts';
import { createAccount, deleteAccount, getAccount, listAccounts } from './security/accounts.ts';
import { assignRole, getAccountRole, listAccountRoles, unassignRole } from './security/account-roles.ts';

export type AuthMode = 'none' | 'basic' | 'session';

export interface RouteDef {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** fastify path syntax; `:id` segments are the {ID}s of the reference. */
  readonly path: string;
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

const rep = <T>(r: Representation<T>): Representation<unknown> => r as unknown as Representation<unknown>;

export const ROUTES: readonly RouteDef[] = Object.freeze([
  { id: 'root.get', method: 'GET', path: '/api/', auth: 'none', roles: [], responses: [rep(EnterpriseManager)], status: 200, reference: 'http_authentication.md', handler: getRoot },
  { id: 'sessionMngr.logon', method: 'POST', path: '/api/sessionMngr/', auth: 'basic', roles: [], responses: [rep(LogonSession)], status: 201, reference: 'post_sessionmngr.md', handler: logon },
  { id: 'logonSessions.list', method: 'GET', path: '/api/logonSessions', auth: 'session', roles: ANY_ROLE, responses: [rep(LogonSessions)], status: 200, reference: 'get_loginsessions.md', handler: listSessions },
  { id: 'logonSessions.get', method: 'GET', path: '/api/logonSessions/:id', auth: 'session', roles: ANY_ROLE, responses: [rep(LogonSession)], status: 200, reference: 'get_loginsessions_id.md', handler: getSession },
  { id: 'logonSessions.delete', method: 'DELETE', path: '/api/logonSessions/:id', auth: 'session', roles: ANY_ROLE, responses: [], status: 204, reference: 'delete_loginsessions_id.md', handler: deleteSession },
  { id: 'security.get', method: 'GET', path: '/api/security', auth: 'session', roles: ADMIN, responses: [rep(EnterpriseSecuritySettings)], status: 200, reference: 'get_security.md', handler: getSecurity },
  { id: 'security.roles.list', method: 'GET', path: '/api/security/roles', auth: 'session', roles: ADMIN, responses: [rep(EntityReferences)], status: 200, reference: 'get_security_roles.md', handler: listRoles },
  { id: 'security.roles.get', method: 'GET', path: '/api/security/roles/:id', auth: 'session', roles: ADMIN, responses: [rep(EntityRef), rep(EnterpriseRole)], status: 200, reference: 'get_security_roles_id.md', handler: getRole },
  { id: 'security.accounts.list', method: 'GET', path: '/api/security/accounts', auth: 'session', roles: ADMIN, responses: [rep(EntityReferences)], status: 200, reference: 'get_security_accounts.md', handler: listAccounts },
  { id: 'security.accounts.create', method: 'POST', path: '/api/security/accounts', auth: 'session', roles: ADMIN, request: rep(EnterpriseAccountCreateSpec), responses: [], status: 201, reference: 'post_security_accounts.md', handler: createAccount },
  { id: 'security.accounts.get', method: 'GET', path: '/api/security/accounts/:id', auth: 'session', roles: ADMIN, responses: [rep(EntityRef), rep(EnterpriseAccount)], status: 200, reference: 'get_security_accounts_id.md', handler: getAccount },
  { id: 'security.accounts.delete', method: 'DELETE', path: '/api/security/accounts/:id', auth: 'session', roles: ADMIN, responses: [], status: 204, reference: 'delete_security_accounts_id.md', handler: deleteAccount },
  { id: 'security.accounts.roles.list', method: 'GET', path: '/api/security/accounts/:id/roles', auth: 'session', roles: ADMIN, responses: [rep(EnterpriseAccountInRoleList)], status: 200, reference: 'get_security_accounts_id_roles.md', handler: listAccountRoles },
  { id: 'security.accounts.roles.create', method: 'POST', path: '/api/security/accounts/:id/roles', auth: 'session', roles: ADMIN, request: rep(EnterpriseAccountInRoleCreateSpec), responses: [], status: 201, reference: 'post_security_accounts_id_roles.md', handler: assignRole },
  { id: 'security.accounts.roles.get', method: 'GET', path: '/api/security/accounts/:id/roles/:roleId', auth: 'session', roles: ADMIN, responses: [rep(EnterpriseAccountInRole)], status: 200, reference: 'get_security_accounts_id_roles_id.md', handler: getAccountRole },
  { id: 'security.accounts.roles.delete', method: 'DELETE', path: '/api/security/accounts/:id/roles/:roleId', auth: 'session', roles: ADMIN, responses: [], status: 204, reference: 'delete_security_accounts_id_roles_id.md', handler: unassignRole },
] satisfies RouteDef[]);
