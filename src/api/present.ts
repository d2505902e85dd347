// Domain values -> wire values: the attributes and Links the reference shows for each type.
// Pure data mapping; the codecs in src/wire render the result as XML or JSON.
import type { Account, Role, SessionRecord } from '../domain/model.ts';
import { uidOf } from '../domain/ids.ts';
import type { EntityReference, Link } from '../wire/common.ts';
import type { EnterpriseAccountInRoleValue, EnterpriseAccountValue } from '../wire/account.ts';
import type { LogonSessionValue } from '../wire/session.ts';
import type { Hrefs } from './hrefs.ts';

export const SUPPORTED_VERSIONS = ['v1_5', 'v1_6', 'v1_7'] as const;

const link = (Rel: string, Href: string, Type?: string): Link => (Type ? { Href, Type, Rel } : { Href, Rel });

export function roleRef(h: Hrefs, role: Role): EntityReference {
  const href = h.role(role.id);
  return {
    UID: uidOf('EnterpriseRole', role.id), Name: role.name, Href: href, Type: 'EnterpriseRoleReference',
    Links: [link('Alternate', `${href}?format=Entity`, 'EnterpriseRole')],
  };
}

export function roleEntity(h: Hrefs, role: Role) {
  const href = h.role(role.id);
  return {
    Href: `${href}?format=Entity`, Type: 'EnterpriseRole', Name: role.name, UID: uidOf('EnterpriseRole', role.id),
    Links: [link('Alternate', href, 'EnterpriseRoleReference')],
  };
}

export function accountRef(h: Hrefs, account: Account): EntityReference {
  const href = h.account(account.id);
  return {
    UID: uidOf('EnterpriseAccount', account.id), Name: account.name, Href: href, Type: 'EnterpriseAccountReference',
    Links: [link('Alternate', `${href}?format=Entity`, 'EnterpriseAccount')],
  };
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
    FlrSettings: {
      FlrInplaceOnly: account.flr?.inplaceOnly ?? false,
      FlrExtentionRestrictions: account.flr?.extensionRestrictions ?? '',
    },
    SqlSettings: { DenyInPlaceRestore: account.sql?.denyInPlaceRestore ?? false },
  };
}

export function accountInRole(h: Hrefs, accountId: string, role: Role): EnterpriseAccountInRoleValue {
  const href = h.accountRole(accountId, role.id);
  return { Href: href, Links: [link('Delete', href)], RoleName: role.name };
}

export function logonSession(h: Hrefs, session: SessionRecord, isAdministrator: boolean): LogonSessionValue {
  const links = [link('Up', h.root(), 'EnterpriseManager')];
  if (isAdministrator) links.push(link('Down', h.security(), 'EnterpriseSecuritySettings'));
  links.push(link('Delete', h.logonSession(session.id), 'LogonSession'));
  return { Href: h.logonSession(session.id), Type: 'LogonSession', Links: links, UserName: session.userName, SessionId: session.id };
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
