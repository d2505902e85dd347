// /api/hierarchyRoots (get_hierarchyroots.md, get_hierarchyroots_id.md).
import { EntityRef, EntityReferences } from '../wire/common.ts';
import { HierarchyRoot } from '../wire/inventory.ts';
import { ok, type Handler } from './context.ts';
import { hierarchyRootEntity, hierarchyRootRef } from './present.ts';
import { wantsEntity } from './query.ts';

export const listHierarchyRoots: Handler = async (ctx) =>
  ok(200, EntityReferences, { Refs: (await ctx.emsec.hierarchyRoots()).map((r) => hierarchyRootRef(ctx.hrefs, r)) });

export const getHierarchyRoot: Handler = async (ctx) => {
  const entity = wantsEntity(ctx.query);
  const root = await ctx.emsec.hierarchyRoot(ctx.params['id'] as string);
  return entity ? ok(200, HierarchyRoot, hierarchyRootEntity(ctx.hrefs, root)) : ok(200, EntityRef, hierarchyRootRef(ctx.hrefs, root));
};
