// /api/security/accounts/{ID}/scopes (security_accounts_id_scopes*.md, post_security_accounts_id_scopes.md).
import { EnterpriseAccountHierarchyScope, EnterpriseAccountHierarchyScopes, type HierarchyScopeCreateSpec } from '../../wire/scope.ts';
import { ok, type RequestContext, type ValueOf } from '../context.ts';
import { accountScope } from '../present.ts';
import { applyQuery, parseCollectionQuery } from '../query.ts';
import { SCOPES_QUERY } from '../collections.ts';

export const listAccountScopes = async (ctx: RequestContext<'id'>) => {
  const q = parseCollectionQuery(SCOPES_QUERY, ctx.query);
  const scopes = applyQuery(SCOPES_QUERY, q, await ctx.emsec.scopes.list(ctx.params['id']));
  return ok(EnterpriseAccountHierarchyScopes, { EnterpriseAccountHierarchyScopes: scopes.map((s) => accountScope(ctx.hrefs, s)) });
};

export const getAccountScope = async (ctx: RequestContext<'id' | 'scopeId'>) => {
  const scope = await ctx.emsec.scopes.get(ctx.params['id'], ctx.params['scopeId']);
  return ok(EnterpriseAccountHierarchyScope, accountScope(ctx.hrefs, scope));
};

/**
 * 201 Created with no body, as the reference's examples show (docs/decisions.md). Location names
 * the new scope, or the account's scope list when the request added several (RFC 9110 §10.2.2:
 * the primary resource created; the list is where all of them are).
 */
export const addAccountScopes = async (ctx: RequestContext<'id', ValueOf<typeof HierarchyScopeCreateSpec>>) => {
  const items = ctx.body.HierarchyScopeItems.map((i) => ({ objectRef: i.HierarchyObjRef ?? '', objectName: i.ObjectName ?? '' }));
  const scopes = await ctx.emsec.scopes.add(ctx.params['id'], items, ctx.actor);
  const [only] = scopes;
  const location = scopes.length === 1 && only ? ctx.hrefs.accountScope(only.accountId, only.id) : ctx.hrefs.accountScopes((ctx.params['id']).toLowerCase());
  return { headers: { location } };
};

export const deleteAccountScope = async (ctx: RequestContext<'id' | 'scopeId'>) => {
  await ctx.emsec.scopes.remove(ctx.params['id'], ctx.params['scopeId'], ctx.actor);
  return {};
};
