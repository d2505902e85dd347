// /api/security/accounts/{ID}/roles — the seed endpoint and its siblings
// (post_security_accounts_id_roles.md, security_accounts_id_roles*.md).
import { EnterpriseAccountInRole, EnterpriseAccountInRoleList } from '../../wire/account.ts';
import type { Infer } from '../../wire/dsl.ts';
import type { EnterpriseAccountInRoleCreateSpecType } from '../../wire/account.ts';
import { ok, type Handler } from '../context.ts';
import { accountInRole } from '../present.ts';
import { applyQuery, parseCollectionQuery } from '../query.ts';
import { ACCOUNT_ROLES_QUERY } from '../collections.ts';

export const listAccountRoles: Handler = async (ctx) => {
  const id = ctx.params['id'] as string;
  const q = parseCollectionQuery(ACCOUNT_ROLES_QUERY, ctx.query);
  const roles = applyQuery(ACCOUNT_ROLES_QUERY, q, await ctx.emsec.accounts.roles(id, ctx.principal?.asOf));
  return ok(200, EnterpriseAccountInRoleList, { EnterpriseAccountInRoles: roles.map((r) => accountInRole(ctx.hrefs, id.toLowerCase(), r)) });
};

export const getAccountRole: Handler = async (ctx) => {
  const id = ctx.params['id'] as string;
  const role = await ctx.emsec.accounts.role(id, ctx.params['roleId'] as string, ctx.principal?.asOf);
  return ok(200, EnterpriseAccountInRole, accountInRole(ctx.hrefs, id.toLowerCase(), role));
};

/** 201 Created with no body (post_security_accounts_id_roles.md); Location names the assignment. */
export const assignRole: Handler = async (ctx) => {
  const id = ctx.params['id'] as string;
  const spec = ctx.body as Infer<typeof EnterpriseAccountInRoleCreateSpecType>;
  const role = await ctx.emsec.accounts.assign(id, spec.EnterpriseRoleUid, ctx.actor);
  return { status: 201, headers: { location: ctx.hrefs.accountRole(id.toLowerCase(), role.id) } };
};

export const unassignRole: Handler = async (ctx) => {
  await ctx.emsec.accounts.unassign(ctx.params['id'] as string, ctx.params['roleId'] as string, ctx.actor);
  return { status: 204 };
};
