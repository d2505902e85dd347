// GET /api/ — the unauthenticated entry point (http_authentication.md).
import { EnterpriseManager } from '../wire/session.ts';
import { ok, type RequestContext } from './context.ts';
import { enterpriseManager } from './present.ts';

export const getRoot = async (ctx: RequestContext) => ok(EnterpriseManager, enterpriseManager(ctx.hrefs));
