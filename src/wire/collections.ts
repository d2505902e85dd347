// Entity collections: what a collection answers with `?format=Entity` (representation_collections.md).
// The element names are those of mapping_link_types_to_xml_schema.md (EnterpriseRoleList ->
// <EnterpriseRoles>, EnterpriseAccountList -> <EnterpriseAccounts>); in JSON the list is the
// plural key, `{"EnterpriseAccounts": [ … ]}`, as `{"CloudTenants": [ … ]}` in the reference.
import { complex, many, representation } from './dsl.ts';
import { EnterpriseAccountType } from './account.ts';
import { EnterpriseRoleType } from './security.ts';

export const EnterpriseRoleEntityListType = complex('EnterpriseRoleEntityListType', {
  children: { EnterpriseRoles: many(EnterpriseRoleType, 'EnterpriseRole') },
});
export const EnterpriseRoles = representation('EnterpriseRoles', EnterpriseRoleEntityListType);

export const EnterpriseAccountEntityListType = complex('EnterpriseAccountEntityListType', {
  children: { EnterpriseAccounts: many(EnterpriseAccountType, 'EnterpriseAccount') },
});
export const EnterpriseAccounts = representation('EnterpriseAccounts', EnterpriseAccountEntityListType);
