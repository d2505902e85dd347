// The lookup service (lookupsvc.md, lookup_service.md) and what a lookup returns (lookup_query.md,
// get_lookup.md): `<LookupSvc Type="LookupService" Href=…><Links>…</Links></LookupSvc>` and
// `<HierarchyItems><HierarchyItem Type="HierarchyItem"><ObjectRef/><ObjectType/><ObjectName/>…`.
import { attr, complex, many, one, opt, representation, str, type Infer } from './dsl.ts';
import { LinkListType } from './common.ts';

export const LookupSvcType = complex('LookupSvcType', {
  attrs: { Href: attr(str), Type: attr(str) },
  children: { Links: opt(LinkListType) },
});
export type LookupSvcValue = Infer<typeof LookupSvcType>;
export const LookupSvc = representation('LookupSvc', LookupSvcType);

export const HierarchyItemType = complex('HierarchyItemType', {
  attrs: { Type: attr(str) },
  children: { ObjectRef: one(str), ObjectType: one(str), ObjectName: one(str) },
});
export type HierarchyItemValue = Infer<typeof HierarchyItemType>;

export const HierarchyItemListType = complex('HierarchyItemListType', {
  children: { HierarchyItems: many(HierarchyItemType, 'HierarchyItem') },
});
export const HierarchyItems = representation('HierarchyItems', HierarchyItemListType);
