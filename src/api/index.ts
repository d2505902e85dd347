// GET /api/ — the unauthenticated entry point (http_authentication.md).
import { EnterpriseManager } from '../wire/session.ts';
import { ok, type Handler } from './context.ts';
import { enterpriseManager } from './present.ts';

export const getRoot: Handler = async (ctx) => ok(200, EnterpriseManager, enterpriseManager(ctx.hrefs));
