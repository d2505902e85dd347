// Virtualization hosts to scope restores to (hierarchyroots.md, hierarchyroots_id.md).
import { attr, complex, many, one, opt, representation, str, type Infer } from './dsl.ts';
import { LinkListType } from './common.ts';

export const HierarchyRootType = complex('HierarchyRootType', {
  attrs: { Href: attr(str), Type: attr(str), Name: attr(str), UID: attr(str) },
  children: { Links: opt(LinkListType), HierarchyRootId: one(str), UniqueId: one(str), HostType: one(str) },
});
export type HierarchyRootValue = Infer<typeof HierarchyRootType>;
export const HierarchyRoot = representation('HierarchyRoot', HierarchyRootType);

export const HierarchyRootListType = complex('HierarchyRootListType', {
  children: { HierarchyRoots: many(HierarchyRootType, 'HierarchyRoot') },
});
export const HierarchyRoots = representation('HierarchyRoots', HierarchyRootListType);
