// /api/hierarchyRoots (get_hierarchyroots.md, get_hierarchyroots_id.md).
import { EntityRef, EntityReferences } from '../wire/common.ts';
import { HierarchyRoot, HierarchyRoots } from '../wire/inventory.ts';
import { HIERARCHY_ROOTS_QUERY } from './collections.ts';
import { ok, type RequestContext } from './context.ts';
import { hierarchyRootEntity, hierarchyRootRef } from './present.ts';
import { applyQuery, parseCollectionQuery, wantsEntity } from './query.ts';

export const listHierarchyRoots = async (ctx: RequestContext) => {
  const q = parseCollectionQuery(HIERARCHY_ROOTS_QUERY, ctx.query);
  const roots = applyQuery(HIERARCHY_ROOTS_QUERY, q, await ctx.emsec.hierarchyRoots());
  return q.format === 'entity'
    ? ok(HierarchyRoots, { HierarchyRoots: roots.map((r) => hierarchyRootEntity(ctx.hrefs, r)) })
    : ok(EntityReferences, { Refs: roots.map((r) => hierarchyRootRef(ctx.hrefs, r)) });
};

export const getHierarchyRoot = async (ctx: RequestContext<'id'>) => {
  const entity = wantsEntity(ctx.query);
  const root = await ctx.emsec.hierarchyRoot(ctx.params['id']);
  return entity ? ok(HierarchyRoot, hierarchyRootEntity(ctx.hrefs, root)) : ok(EntityRef, hierarchyRootRef(ctx.hrefs, root));
};
