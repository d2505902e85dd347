// /api/security/accounts/{ID}/roles — the seed endpoint and its siblings
// (post_security_accounts_id_roles.md, security_accounts_id_roles*.md).
import { EnterpriseAccountInRole, EnterpriseAccountInRoleList } from '../../wire/account.ts';
import type { EnterpriseAccountInRoleCreateSpec } from '../../wire/account.ts';
import { ok, type RequestContext, type ValueOf } from '../context.ts';
import { accountInRole } from '../present.ts';
import { applyQuery, parseCollectionQuery } from '../query.ts';
import { ACCOUNT_ROLES_QUERY } from '../collections.ts';

export const listAccountRoles = async (ctx: RequestContext<'id'>) => {
  const id = ctx.params['id'];
  const q = parseCollectionQuery(ACCOUNT_ROLES_QUERY, ctx.query);
  const roles = applyQuery(ACCOUNT_ROLES_QUERY, q, await ctx.emsec.accounts.roles(id, ctx.principal?.asOf));
  return ok(EnterpriseAccountInRoleList, { EnterpriseAccountInRoles: roles.map((r) => accountInRole(ctx.hrefs, id.toLowerCase(), r)) });
};

export const getAccountRole = async (ctx: RequestContext<'id' | 'roleId'>) => {
  const id = ctx.params['id'];
  const role = await ctx.emsec.accounts.role(id, ctx.params['roleId'], ctx.principal?.asOf);
  return ok(EnterpriseAccountInRole, accountInRole(ctx.hrefs, id.toLowerCase(), role));
};

/** 201 Created with no body (post_security_accounts_id_roles.md); Location names the assignment. */
export const assignRole = async (ctx: RequestContext<'id', ValueOf<typeof EnterpriseAccountInRoleCreateSpec>>) => {
  const id = ctx.params['id'];
  const role = await ctx.emsec.accounts.assign(id, ctx.body.EnterpriseRoleUid, ctx.actor);
  return { headers: { location: ctx.hrefs.accountRole(id.toLowerCase(), role.id) } };
};

export const unassignRole = async (ctx: RequestContext<'id' | 'roleId'>) => {
  await ctx.emsec.accounts.unassign(ctx.params['id'], ctx.params['roleId'], ctx.actor);
  return {};
};
