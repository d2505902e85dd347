// Domain values -> wire values: the attributes and Links the reference shows for each type.
// Pure data mapping; the codecs in src/wire render the result as XML or JSON.
import type { Account, HierarchyObject, HierarchyRootRecord, Role, Scope, SessionRecord, TaskRecord } from '../domain/model.ts';
import { uidOf } from '../domain/ids.ts';
import type { EntityReference, Link } from '../wire/common.ts';
import type { EnterpriseAccountInRoleValue, EnterpriseAccountValue } from '../wire/account.ts';
import type { LogonSessionValue } from '../wire/session.ts';
import type { EnterpriseAccountHierarchyScopeValue } from '../wire/scope.ts';
import type { TaskValue } from '../wire/task.ts';
import type { HierarchyRootValue } from '../wire/inventory.ts';
import type { HierarchyItemValue, LookupSvcValue } from '../wire/lookup.ts';
import type { LookupLink } from '../domain/lookup.ts';
import type { Hrefs } from './hrefs.ts';
import { sessionLinks } from './session-links.ts';

export const SUPPORTED_VERSIONS = ['v1_5', 'v1_6', 'v1_7'] as const;

const link = (Rel: string, Href: string, Type?: string): Link => (Type ? { Href, Type, Rel } : { Href, Rel });

/** The reference to an entity of `type` at `href`: its UID and name, and the link to its entity form. */
function reference(type: string, href: string, id: string, name: string): EntityReference {
  return { UID: uidOf(type, id), Name: name, Href: href, Type: `${type}Reference`, Links: [link('Alternate', `${href}?format=Entity`, type)] };
}

export function roleRef(h: Hrefs, role: Role): EntityReference {
  return reference('EnterpriseRole', h.role(role.id), role.id, role.name);
}

export function roleEntity(h: Hrefs, role: Role) {
  const href = h.role(role.id);
  return {
    Href: `${href}?format=Entity`, Type: 'EnterpriseRole', Name: role.name, UID: uidOf('EnterpriseRole', role.id),
    Links: [link('Alternate', href, 'EnterpriseRoleReference')],
  };
}

export function accountRef(h: Hrefs, account: Pick<Account, 'id' | 'name'>): EntityReference {
  return reference('EnterpriseAccount', h.account(account.id), account.id, account.name);
}

export function accountEntity(h: Hrefs, account: Account): EnterpriseAccountValue {
  const href = h.account(account.id);
  return {
    Href: `${href}?format=Entity`, Type: 'EnterpriseAccount', Name: account.name, UID: uidOf('EnterpriseAccount', account.id),
    Links: [
      link('Alternate', href, 'EnterpriseAccountReference'),
      link('Down', h.accountRoles(account.id), 'EnterpriseAccountInRoleList'),
      link('Create', h.accountRoles(account.id), 'EnterpriseAccountInRole'),
      link('Down', h.accountScopes(account.id), 'EnterpriseAccountHierarchyScopeList'),
      link('Create', h.accountScopes(account.id), 'EnterpriseAccountHierarchyScope'),
      link('Delete', href),
      link('ToggleRestoreScopesEnabled', href),
    ],
    AccountType: account.type,
    AllowRestoreAllVms: account.allowRestoreAllVms,
    ...restoreSettings(account),
  };
}

/**
 * User accounts show their file-level and SQL restore settings, defaults included
 * (get_security_accounts_id.md); group accounts only when they were given
 * (security_accounts_id.md's Group example ends at AllowRestoreAllVms).
 */
function restoreSettings(account: Account): Pick<EnterpriseAccountValue, 'FlrSettings' | 'SqlSettings'> {
  const user = account.type === 'User' || account.type === 'ExternalUser';
  return {
    FlrSettings: account.flr || user
      ? { FlrInplaceOnly: account.flr?.inplaceOnly ?? false, FlrExtentionRestrictions: account.flr?.extensionRestrictions ?? '' }
      : null,
    SqlSettings: account.sql || user ? { DenyInPlaceRestore: account.sql?.denyInPlaceRestore ?? false } : null,
  };
}

export function accountInRole(h: Hrefs, accountId: string, role: Role): EnterpriseAccountInRoleValue {
  const href = h.accountRole(accountId, role.id);
  return { Href: href, Links: [link('Delete', href)], RoleName: role.name };
}

/**
 * A LogonSession as `shownId` names it (its SessionId to its owner, its reference to others:
 * domain/sessions.ts shownSessionId), with the links its roles may follow (session-links.ts).
 * The Delete link keeps Type="LogonSession" as http_authentication.md and
 * cloud_connect_tenant_credentials.md write it (logging_on.md alone leaves it out).
 */
export function logonSession(h: Hrefs, session: SessionRecord, shownId: string, roles: ReadonlySet<string>): LogonSessionValue {
  const href = h.logonSession(shownId);
  const links = [link('Up', h.root(), 'EnterpriseManager'), ...sessionLinks(h, roles), link('Delete', href, 'LogonSession')];
  return { Href: href, Type: 'LogonSession', Links: links, UserName: session.userName, SessionId: shownId };
}

export function enterpriseManager(h: Hrefs) {
  return {
    Links: [link('Down', h.logonSessions(), 'LogonSessionList'), link('Create', h.sessionMngr('latest'), 'LogonSession')],
    SupportedVersions: {
      SupportedVersions: SUPPORTED_VERSIONS.map((Name) => ({ Name, Links: [link('Create', h.sessionMngr(Name), 'LogonSession')] })),
    },
  };
}

export function securitySettings(h: Hrefs) {
  return {
    Href: h.security(),
    Links: [
      link('Down', h.accounts(), 'EnterpriseAccountReferenceList'),
      link('Down', h.roles(), 'EnterpriseRoleReferenceList'),
      link('Create', h.accounts()),
      link('Start', `${h.accounts()}?action=rebuildScope`),
    ],
  };
}

export function accountScope(h: Hrefs, scope: Scope): EnterpriseAccountHierarchyScopeValue {
  const href = h.accountScope(scope.accountId, scope.id);
  return {
    Href: href, Links: [link('Delete', href)], Name: scope.objectName, HierarchyRootName: scope.rootName,
    Platform: scope.platform, HierarchyObjectType: scope.objectType, State: scope.state,
  };
}

export function task(h: Hrefs, t: TaskRecord): TaskValue {
  const href = h.task(t.id);
  return {
    Href: href, Type: 'Task', Links: [link('Delete', href, 'Task')], TaskId: t.id, State: t.state, Operation: t.operation,
    Result: t.message === null ? { Success: t.success } : { Success: t.success, Message: t.message },
  };
}

export function hierarchyRootRef(h: Hrefs, root: HierarchyRootRecord): EntityReference {
  return reference('HierarchyRoot', h.hierarchyRoot(root.id), root.id, root.name);
}

export function hierarchyRootEntity(h: Hrefs, root: HierarchyRootRecord): HierarchyRootValue {
  const href = h.hierarchyRoot(root.id);
  return {
    Href: `${href}?format=Entity`, Type: 'HierarchyRoot', Name: root.name, UID: uidOf('HierarchyRoot', root.id),
    Links: [{ Href: href, Name: root.name, Type: 'HierarchyRootReference', Rel: 'Alternate' }],
    HierarchyRootId: root.id, UniqueId: root.uniqueId, HostType: root.hostType,
  };
}

/** lookup_service.md: Up to the caller's logon session, then one Down link per lookup query. */
export function lookupSvc(h: Hrefs, sessionId: string, links: readonly LookupLink[]): LookupSvcValue {
  return {
    Href: h.lookupSvc(), Type: 'LookupService',
    Links: [link('Up', h.logonSession(sessionId), 'LogonSession'), ...links.map((l) => link('Down', h.lookupAll(l.rootId, l.type), 'HierarchyItemList'))],
  };
}

export function hierarchyItem(o: HierarchyObject): HierarchyItemValue {
  return { Type: 'HierarchyItem', ObjectRef: o.ref, ObjectType: o.type, ObjectName: o.name };
}
