// POST /api/sessionMngr/?v=latest — logon with Basic credentials (post_sessionmngr.md).
import { Invalid } from '../domain/errors.ts';
import { isAdministrator } from '../domain/sessions.ts';
import { LogonSession } from '../wire/session.ts';
import { ok, type Handler } from './context.ts';
import { SUPPORTED_VERSIONS, logonSession } from './present.ts';

const VERSIONS = new Set<string>(['latest', ...SUPPORTED_VERSIONS]);

export const logon: Handler = async (ctx) => {
  const v = ctx.query['v'] ?? 'latest';
  if (!VERSIONS.has(v)) throw new Invalid(`API version '${v}' is not supported; use one of ${[...VERSIONS].join(', ')}.`);
  const { token, session } = await ctx.emsec.sessions.logon(ctx.headers['authorization'], ctx.actor);
  const principal = await ctx.emsec.sessions.authenticate(token);
  return { ...ok(201, LogonSession, logonSession(ctx.hrefs, session, isAdministrator(principal))), sessionToken: token };
};
