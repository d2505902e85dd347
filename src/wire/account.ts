// Enterprise accounts and their role assignments (post_security_accounts.md,
// security_accounts_id.md, post_security_accounts_id_roles.md, security_accounts_id_roles.md).
import { attr, bool, complex, enumeration, many, one, opt, optAttr, representation, str, type Infer } from './dsl.ts';
import { LinkListType } from './common.ts';

export const AccountTypeEnumeration = enumeration('AccountTypeEnumeration', ['User', 'Group', 'ExternalUser', 'ExternalGroup']);

export const FlrSettingsType = complex('FlrSettingsType', {
  // "Extention" is the vendor's spelling.
  children: { FlrInplaceOnly: one(bool), FlrExtentionRestrictions: opt(str) },
});

export const SqlSettingsType = complex('SqlSettingsType', {
  children: { DenyInPlaceRestore: one(bool) },
});

export const EnterpriseAccountType = complex('EnterpriseAccountType', {
  attrs: { Href: attr(str), Type: attr(str), Name: attr(str), UID: attr(str) },
  children: {
    Links: opt(LinkListType),
    AccountType: one(AccountTypeEnumeration),
    AllowRestoreAllVms: one(bool),
    FlrSettings: opt(FlrSettingsType),
    SqlSettings: opt(SqlSettingsType),
  },
});
export type EnterpriseAccountValue = Infer<typeof EnterpriseAccountType>;
export const EnterpriseAccount = representation('EnterpriseAccount', EnterpriseAccountType);

export const EnterpriseAccountInRoleCreateSpecType = complex('EnterpriseAccountInRoleCreateSpecType', {
  children: { EnterpriseRoleUid: one(str) },
});
export const EnterpriseAccountInRoleCreateSpec = representation('EnterpriseAccountInRoleCreateSpec', EnterpriseAccountInRoleCreateSpecType);

export const EnterpriseAccountInRoleCreateSpecListType = complex('EnterpriseAccountInRoleCreateSpecListType', {
  children: { EnterpriseRoles: many(EnterpriseAccountInRoleCreateSpecType, 'EnterpriseRole') },
});

export const HierarchyScopeItemType = complex('HierarchyScopeItemType', {
  children: { HierarchyObjRef: opt(str), ObjectName: opt(str) },
});

export const HierarchyScopeItemListType = complex('HierarchyScopeItemListType', {
  children: { HierarchyScopeItems: many(HierarchyScopeItemType, 'HierarchyScopeItem') },
});

export const EnterpriseAccountCreateSpecType = complex('EnterpriseAccountCreateSpecType', {
  children: {
    AccountType: one(AccountTypeEnumeration),
    AccountName: one(str),
    Roles: one(EnterpriseAccountInRoleCreateSpecListType),
    AllowRestoreAllVms: one(bool),
    HierarchyScopeObjects: opt(HierarchyScopeItemListType),
    FlrSettings: opt(FlrSettingsType),
    SqlSettings: opt(SqlSettingsType),
  },
});
export type EnterpriseAccountCreateSpecValue = Infer<typeof EnterpriseAccountCreateSpecType>;
export const EnterpriseAccountCreateSpec = representation('EnterpriseAccountCreateSpec', EnterpriseAccountCreateSpecType);

export const EnterpriseAccountInRoleType = complex('EnterpriseAccountInRoleType', {
  attrs: { Href: attr(str), Type: optAttr(str) },
  children: { Links: opt(LinkListType), RoleName: one(str) },
});
export type EnterpriseAccountInRoleValue = Infer<typeof EnterpriseAccountInRoleType>;
export const EnterpriseAccountInRole = representation('EnterpriseAccountInRole', EnterpriseAccountInRoleType);

export const EnterpriseAccountInRoleListType = complex('EnterpriseAccountInRoleListType', {
  children: { EnterpriseAccountInRoles: many(EnterpriseAccountInRoleType, 'EnterpriseAccountInRole') },
});
export const EnterpriseAccountInRoleList = representation('EnterpriseAccountInRoleList', EnterpriseAccountInRoleListType);
