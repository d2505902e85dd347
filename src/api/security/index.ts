// GET /api/security (get_security.md).
import { EnterpriseSecuritySettings } from '../../wire/security.ts';
import { ok, type RequestContext } from '../context.ts';
import { securitySettings } from '../present.ts';

export const getSecurity = async (ctx: RequestContext) => ok(EnterpriseSecuritySettings, securitySettings(ctx.hrefs));
