// /api/security/accounts/{ID}/scopes (security_accounts_id_scopes*.md, post_security_accounts_id_scopes.md).
import type { Infer } from '../../wire/dsl.ts';
import { EnterpriseAccountHierarchyScope, EnterpriseAccountHierarchyScopes, type HierarchyScopeCreateSpecType } from '../../wire/scope.ts';
import { ok, type Handler } from '../context.ts';
import { accountScope } from '../present.ts';
import { applyQuery, parseCollectionQuery } from '../query.ts';
import { SCOPES_QUERY } from '../collections.ts';

export const listAccountScopes: Handler = async (ctx) => {
  const q = parseCollectionQuery(SCOPES_QUERY, ctx.query);
  const scopes = applyQuery(SCOPES_QUERY, q, await ctx.emsec.scopes.list(ctx.params['id'] as string));
  return ok(200, EnterpriseAccountHierarchyScopes, { EnterpriseAccountHierarchyScopes: scopes.map((s) => accountScope(ctx.hrefs, s)) });
};

export const getAccountScope: Handler = async (ctx) => {
  const scope = await ctx.emsec.scopes.get(ctx.params['id'] as string, ctx.params['scopeId'] as string);
  return ok(200, EnterpriseAccountHierarchyScope, accountScope(ctx.hrefs, scope));
};

/**
 * 201 Created with no body, as the reference's examples show (docs/decisions.md). Location names
 * the new scope, or the account's scope list when the request added several (RFC 9110 §10.2.2:
 * the primary resource created; the list is where all of them are).
 */
export const addAccountScopes: Handler = async (ctx) => {
  const spec = ctx.body as Infer<typeof HierarchyScopeCreateSpecType>;
  const items = spec.HierarchyScopeItems.map((i) => ({ objectRef: i.HierarchyObjRef ?? '', objectName: i.ObjectName ?? '' }));
  const scopes = await ctx.emsec.scopes.add(ctx.params['id'] as string, items, ctx.actor);
  const [only] = scopes;
  const location = scopes.length === 1 && only ? ctx.hrefs.accountScope(only.accountId, only.id) : ctx.hrefs.accountScopes((ctx.params['id'] as string).toLowerCase());
  return { status: 201, headers: { location } };
};

export const deleteAccountScope: Handler = async (ctx) => {
  await ctx.emsec.scopes.remove(ctx.params['id'] as string, ctx.params['scopeId'] as string, ctx.actor);
  return { status: 204 };
};
