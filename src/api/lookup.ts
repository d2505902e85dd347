// /api/lookupSvc and /api/lookup (get_lookupsvc.md, get_lookup.md, lookup_query.md).
import { Invalid } from '../domain/errors.ts';
import { HierarchyItems, LookupSvc } from '../wire/lookup.ts';
import { ok, principalOf, type RequestContext } from './context.ts';
import { hierarchyItem, lookupSvc } from './present.ts';
import { LOOKUP_QUERY } from './collections.ts';
import { applyQuery, param, parseCollectionQuery } from './query.ts';

export const getLookupSvc = async (ctx: RequestContext) =>
  ok(LookupSvc, lookupSvc(ctx.hrefs, principalOf(ctx).session.id, await ctx.emsec.lookup.links()));

/** Either `hierarchyRef`, or `host`, `name` and `type` (parameter names in any case). */
export const lookup = async (ctx: RequestContext) => {
  const q = parseCollectionQuery(LOOKUP_QUERY, ctx.query);
  const ref = param(ctx.query, 'hierarchyRef');
  const host = param(ctx.query, 'host');
  const name = param(ctx.query, 'name');
  const type = param(ctx.query, 'type');
  if (ref !== undefined) {
    if (host !== undefined || name !== undefined || type !== undefined) {
      throw new Invalid("Give either hierarchyRef, or host, name and type (lookup_query.md), not both.");
    }
    return ok(HierarchyItems, { HierarchyItems: applyQuery(LOOKUP_QUERY, q, [await ctx.emsec.lookup.byRef(ref)]).map(hierarchyItem) });
  }
  const missing = (['host', 'name', 'type'] as const).filter((k) => ({ host, name, type })[k] === undefined);
  if (missing.length > 0) {
    throw new Invalid(`The lookup needs hierarchyRef, or host, name and type (lookup_query.md); missing: ${missing.join(', ')}.`);
  }
  const found = await ctx.emsec.lookup.byName(host as string, name as string, type as string);
  return ok(HierarchyItems, { HierarchyItems: applyQuery(LOOKUP_QUERY, q, found).map(hierarchyItem) });
};
