// Restore scopes of an account (security_accounts_id_scopes*.md, post_security_accounts_id_scopes.md,
// post_security_accounts_actionrebuildscope.md).
import { attr, complex, many, one, opt, optAttr, representation, str, type Infer } from './dsl.ts';
import { LinkListType } from './common.ts';
import { HierarchyScopeItemType } from './account.ts';

export const HierarchyScopeCreateSpecType = complex('HierarchyScopeCreateSpecType', {
  children: { HierarchyScopeItems: many(HierarchyScopeItemType, 'HierarchyScopeItem') },
});
export const HierarchyScopeCreateSpec = representation('HierarchyScopeCreateSpec', HierarchyScopeCreateSpecType);

export const EnterpriseAccountHierarchyScopeType = complex('EnterpriseAccountHierarchyScopeType', {
  attrs: { Href: attr(str), Type: optAttr(str) },
  children: {
    Links: opt(LinkListType),
    Name: one(str),
    HierarchyRootName: one(str),
    Platform: one(str),
    HierarchyObjectType: one(str),
    State: one(str),
  },
});
export type EnterpriseAccountHierarchyScopeValue = Infer<typeof EnterpriseAccountHierarchyScopeType>;
export const EnterpriseAccountHierarchyScope = representation('EnterpriseAccountHierarchyScope', EnterpriseAccountHierarchyScopeType);

export const EnterpriseAccountHierarchyScopeListType = complex('EnterpriseAccountHierarchyScopeListType', {
  children: { EnterpriseAccountHierarchyScopes: many(EnterpriseAccountHierarchyScopeType, 'EnterpriseAccountHierarchyScope') },
});
export const EnterpriseAccountHierarchyScopes = representation('EnterpriseAccountHierarchyScopes', EnterpriseAccountHierarchyScopeListType);

/** An element with no content, used as a flag (`<RebuildUnprocessed/>`, JSON `{}`). */
export const EmptyType = complex('EmptyType', {});

/** Exactly one of the three flags (checked by the domain; the schema is an xsd:choice). */
export const RebuildScopeJobSpecType = complex('RebuildScopeJobSpecType', {
  children: { RebuildAll: opt(EmptyType), RebuildUnprocessed: opt(EmptyType), RebuildForCurrentUser: opt(EmptyType) },
});
export type RebuildScopeJobSpecValue = Infer<typeof RebuildScopeJobSpecType>;
export const RebuildScopeJobSpec = representation('RebuildScopeJobSpec', RebuildScopeJobSpecType);
