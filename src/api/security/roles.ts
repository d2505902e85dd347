// /api/security/roles (get_security_roles.md, get_security_roles_id.md).
import { EntityRef, EntityReferences } from '../../wire/common.ts';
import { EnterpriseRole } from '../../wire/security.ts';
import { ok, type RequestContext } from '../context.ts';
import { roleEntity, roleRef } from '../present.ts';
import { applyQuery, parseCollectionQuery, wantsEntity } from '../query.ts';
import { ROLES_QUERY } from '../collections.ts';
import { EnterpriseRoles } from '../../wire/collections.ts';

export const listRoles = async (ctx: RequestContext) => {
  const q = parseCollectionQuery(ROLES_QUERY, ctx.query);
  const roles = applyQuery(ROLES_QUERY, q, ctx.emsec.roles());
  return q.format === 'entity'
    ? ok(EnterpriseRoles, { EnterpriseRoles: roles.map((r) => roleEntity(ctx.hrefs, r)) })
    : ok(EntityReferences, { Refs: roles.map((r) => roleRef(ctx.hrefs, r)) });
};

export const getRole = async (ctx: RequestContext<'id'>) => {
  const entity = wantsEntity(ctx.query);
  const role = ctx.emsec.role(ctx.params['id']);
  return entity ? ok(EnterpriseRole, roleEntity(ctx.hrefs, role)) : ok(EntityRef, roleRef(ctx.hrefs, role));
};
