// GET /emsec/inventory/children: one level of the inventory tree at a time, for people browsing
// it (the console's restore-scope picker). The vendor's lookup service finds objects by reference
// or by name and type but cannot list what lies beneath an object; this answers that, with the
// references the server builds (constructing_hierarchyobjreftype.md), so no client constructs one.
import { Invalid } from '../domain/errors.ts';
import type { EmsecHandler, EmsecQueryParam } from './emsec-context.ts';

export const CHILDREN_PAGE = { default: 100, max: 1000 } as const;

export const CHILDREN_QUERY: readonly EmsecQueryParam[] = [
  { name: 'parent', required: true, description: 'A hierarchy root (urn:veeam:HierarchyRoot:<GUID>, or the GUID): its top objects; or a HierarchyObjRef of the tree: the objects directly beneath it.' },
  { name: 'page', description: 'The page, from 1.', schema: { type: 'integer', minimum: 1 } },
  { name: 'pageSize', description: `Objects per page (1 to ${CHILDREN_PAGE.max}; default ${CHILDREN_PAGE.default}).`, schema: { type: 'integer', minimum: 1, maximum: CHILDREN_PAGE.max } },
];

export interface ChildObject {
  /** The object's HierarchyObjRef, as the lookup service gives it. */
  readonly ref: string;
  readonly type: string;
  readonly name: string;
}

export const inventoryChildren: EmsecHandler = async ({ emsec, query }) => {
  const number = (name: string, fallback: number, max: number): number => {
    const v = query[name];
    if (v === undefined) return fallback;
    if (!/^\d{1,9}$/.test(v) || Number(v) < 1 || Number(v) > max) throw new Invalid(`'${name}' must be a whole number from 1 to ${max}, got '${v.slice(0, 32)}'.`);
    return Number(v);
  };
  const parent = query['parent'];
  if (parent === undefined) throw new Invalid("Query parameter 'parent' is required: a hierarchy root (urn:veeam:HierarchyRoot:<GUID>) or a HierarchyObjRef.");
  const page = number('page', 1, 1e9);
  const pageSize = number('pageSize', CHILDREN_PAGE.default, CHILDREN_PAGE.max);
  // One more than asked tells whether a next page exists without counting the whole level.
  const found = await emsec.lookup.children(parent, (page - 1) * pageSize, pageSize + 1);
  const objects: ChildObject[] = found.slice(0, pageSize).map((o) => ({ ref: o.ref, type: o.type, name: o.name }));
  return { objects, more: found.length > pageSize };
};
