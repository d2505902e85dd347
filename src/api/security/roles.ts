// /api/security/roles (get_security_roles.md, get_security_roles_id.md).
import { EntityRef, EntityReferences } from '../../wire/common.ts';
import { EnterpriseRole } from '../../wire/security.ts';
import { ok, type Handler } from '../context.ts';
import { roleEntity, roleRef } from '../present.ts';
import { applyQuery, parseCollectionQuery, wantsEntity } from '../query.ts';
import { ROLES_QUERY } from '../collections.ts';
import { EnterpriseRoles } from '../../wire/collections.ts';

export const listRoles: Handler = async (ctx) => {
  const q = parseCollectionQuery(ROLES_QUERY, ctx.query);
  const roles = applyQuery(ROLES_QUERY, q, ctx.emsec.roles());
  return q.format === 'entity'
    ? ok(200, EnterpriseRoles, { EnterpriseRoles: roles.map((r) => roleEntity(ctx.hrefs, r)) })
    : ok(200, EntityReferences, { Refs: roles.map((r) => roleRef(ctx.hrefs, r)) });
};

export const getRole: Handler = async (ctx) => {
  const entity = wantsEntity(ctx.query);
  const role = ctx.emsec.role(ctx.params['id'] as string);
  return entity ? ok(200, EnterpriseRole, roleEntity(ctx.hrefs, role)) : ok(200, EntityRef, roleRef(ctx.hrefs, role));
};
