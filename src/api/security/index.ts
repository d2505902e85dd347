// GET /api/security (get_security.md).
import { EnterpriseSecuritySettings } from '../../wire/security.ts';
import { ok, type Handler } from '../context.ts';
import { securitySettings } from '../present.ts';

export const getSecurity: Handler = async (ctx) => ok(200, EnterpriseSecuritySettings, securitySettings(ctx.hrefs));
