// /api/security/roles (get_security_roles.md, get_security_roles_id.md).
import { EntityRef, EntityReferences } from '../../wire/common.ts';
import { EnterpriseRole } from '../../wire/security.ts';
import { ok, type Handler } from '../context.ts';
import { roleEntity, roleRef } from '../present.ts';
import { wantsEntity } from '../query.ts';

export const listRoles: Handler = async (ctx) =>
  ok(200, EntityReferences, { Refs: ctx.emsec.roles().map((r) => roleRef(ctx.hrefs, r)) });

export const getRole: Handler = async (ctx) => {
  const entity = wantsEntity(ctx.query);
  const role = ctx.emsec.role(ctx.params['id'] as string);
  return entity ? ok(200, EnterpriseRole, roleEntity(ctx.hrefs, role)) : ok(200, EntityRef, roleRef(ctx.hrefs, role));
};
