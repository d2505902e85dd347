// /api/security/accounts and /{ID} (get_security_accounts*.md, post_security_accounts.md,
// delete_security_accounts_id.md).
import type { AccountSpec } from '../../domain/accounts.ts';
import { EntityRef, EntityReferences } from '../../wire/common.ts';
import { EnterpriseAccount, type EnterpriseAccountCreateSpecValue } from '../../wire/account.ts';
import { ok, okFrom, type RequestContext } from '../context.ts';
import { accountEntity, accountRef } from '../present.ts';
import { parseCollectionQuery, wantsEntity } from '../query.ts';
import { ACCOUNTS_QUERY, accountPageQuery } from '../collections.ts';
import { EnterpriseAccounts } from '../../wire/collections.ts';

export const listAccounts = async (ctx: RequestContext) => {
  const q = parseCollectionQuery(ACCOUNTS_QUERY, ctx.query);
  const page = accountPageQuery(q);
  if (q.format === 'entity') {
    return ok(EnterpriseAccounts, { EnterpriseAccounts: (await ctx.emsec.accounts.page(page, ctx.principal?.asOf)).map((a) => accountEntity(ctx.hrefs, a)) });
  }
  // A page read again before any change is the same frozen array (the store's reference-page
  // cache): its encoded body is reused (docs/performance.md).
  const refs = await ctx.emsec.accounts.references(page, ctx.principal?.asOf);
  return okFrom(EntityReferences, refs, (r) => ({ Refs: r.map((a) => accountRef(ctx.hrefs, a)) }));
};

export const getAccount = async (ctx: RequestContext<'id'>) => {
  const entity = wantsEntity(ctx.query);
  const account = await ctx.emsec.accounts.get(ctx.params['id']);
  return entity ? ok(EnterpriseAccount, accountEntity(ctx.hrefs, account)) : ok(EntityRef, accountRef(ctx.hrefs, account));
};

function toSpec(body: EnterpriseAccountCreateSpecValue): AccountSpec {
  return {
    type: body.AccountType,
    name: body.AccountName,
    roleUids: body.Roles.EnterpriseRoles.map((r) => r.EnterpriseRoleUid),
    allowRestoreAllVms: body.AllowRestoreAllVms,
    scope: (body.HierarchyScopeObjects?.HierarchyScopeItems ?? []).map((i) => ({ objectRef: i.HierarchyObjRef ?? '', objectName: i.ObjectName ?? '' })),
    flr: body.FlrSettings ? { inplaceOnly: body.FlrSettings.FlrInplaceOnly, extensionRestrictions: body.FlrSettings.FlrExtentionRestrictions ?? '' } : null,
    sql: body.SqlSettings ? { denyInPlaceRestore: body.SqlSettings.DenyInPlaceRestore } : null,
  };
}

/** 201 with no body (post_security_accounts.md); Location names the new account. */
export const createAccount = async (ctx: RequestContext<never, EnterpriseAccountCreateSpecValue>) => {
  const account = await ctx.emsec.accounts.create(toSpec(ctx.body), ctx.actor);
  return { headers: { location: ctx.hrefs.account(account.id) } };
};

export const deleteAccount = async (ctx: RequestContext<'id'>) => {
  await ctx.emsec.accounts.delete(ctx.params['id'], ctx.actor);
  return {};
};

/** POST /security/accounts/{ID}, the ToggleRestoreScopesEnabled link (post_security_accounts_id.md): 204. */
export const toggleRestoreScopes = async (ctx: RequestContext<'id'>) => {
  await ctx.emsec.accounts.toggleRestoreAllVms(ctx.params['id'], ctx.actor);
  return {};
};
