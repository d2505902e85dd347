// POST /api/sessionMngr/?v=latest — logon with Basic credentials (post_sessionmngr.md).
import { Invalid } from '../domain/errors.ts';
import { LogonSession } from '../wire/session.ts';
import { ok, type RequestContext } from './context.ts';
import { param } from './query.ts';
import { SUPPORTED_VERSIONS, logonSession } from './present.ts';

const VERSIONS = new Set<string>(['latest', ...SUPPORTED_VERSIONS]);

export const logon = async (ctx: RequestContext) => {
  // Parameter names and these values match in any case, as the product's (docs/conformance.md).
  const asked = param(ctx.query, 'v');
  if (!VERSIONS.has((asked ?? 'latest').toLowerCase())) throw new Invalid(`API version '${asked}' is not supported; use one of ${[...VERSIONS].join(', ')}.`);
  const { token, session } = await ctx.emsec.sessions.logon(ctx.headers['authorization'], ctx.actor);
  const principal = await ctx.emsec.sessions.authenticate(token);
  const href = ctx.hrefs.logonSession(session.id);
  // Location names the new logon session (em_web_api_specifications.md: "Contained in responses
  // to the POST HTTP requests"); scripts log out by DELETE on it.
  return { ...ok(LogonSession, logonSession(ctx.hrefs, session, session.id, principal.roles)), headers: { location: href }, sessionToken: token };
};
