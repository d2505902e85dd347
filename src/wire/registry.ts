// Every representation (document root element + type) the API sends or accepts. The OpenAPI
// and XSD generators, the contract tests and the property tests iterate over this list, so a
// new declaration is published everywhere by appending one line here.
//
// To add a family: import its representations and append them to REPRESENTATIONS (any order;
// duplicates by element name are refused by a test).
import type { Representation } from './dsl.ts';
import { EntityRef, EntityReferences, ErrorBody } from './common.ts';
import {
  EnterpriseAccount, EnterpriseAccountCreateSpec, EnterpriseAccountInRole, EnterpriseAccountInRoleCreateSpec, EnterpriseAccountInRoleList,
} from './account.ts';
import { EnterpriseRole, EnterpriseSecuritySettings } from './security.ts';
import { EnterpriseManager, LogonSession, LogonSessions } from './session.ts';
import { EnterpriseAccounts, EnterpriseRoles } from './collections.ts';
import { EnterpriseAccountHierarchyScope, EnterpriseAccountHierarchyScopes, HierarchyScopeCreateSpec, RebuildScopeJobSpec } from './scope.ts';
import { Task, Tasks } from './task.ts';
import { HierarchyRoot, HierarchyRoots } from './inventory.ts';
import { HierarchyItems, LookupSvc } from './lookup.ts';

/** Erases a representation's value type so representations of different types share a list. */
export const registered = <T>(r: Representation<T>): Representation<unknown> => r;

export const REPRESENTATIONS: Representation<unknown>[] = [
  // common.ts
  registered(ErrorBody),
  registered(EntityReferences),
  registered(EntityRef),
  // session.ts
  registered(EnterpriseManager),
  registered(LogonSession),
  registered(LogonSessions),
  // security.ts
  registered(EnterpriseSecuritySettings),
  registered(EnterpriseRole),
  // account.ts
  registered(EnterpriseAccount),
  registered(EnterpriseAccountCreateSpec),
  registered(EnterpriseAccountInRole),
  registered(EnterpriseAccountInRoleCreateSpec),
  registered(EnterpriseAccountInRoleList),
  // collections.ts (format=Entity on collections)
  registered(EnterpriseRoles),
  registered(EnterpriseAccounts),
  // scope.ts
  registered(HierarchyScopeCreateSpec),
  registered(EnterpriseAccountHierarchyScope),
  registered(EnterpriseAccountHierarchyScopes),
  registered(RebuildScopeJobSpec),
  // task.ts
  registered(Task),
  registered(Tasks),
  // inventory.ts
  registered(HierarchyRoot),
  registered(HierarchyRoots),
  // lookup.ts
  registered(LookupSvc),
  registered(HierarchyItems),
];

/** The registered representation whose root element is `element`, if any. */
export function representationOf(element: string): Representation<unknown> | undefined {
  return REPRESENTATIONS.find((r) => r.element === element);
}
