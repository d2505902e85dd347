// /api/logonSessions — list, read and end sessions (get_loginsessions*.md, delete_loginsessions_id.md).
import { isAdministrator } from '../domain/sessions.ts';
import { LogonSession, LogonSessions } from '../wire/session.ts';
import { ok, principalOf, type Handler } from './context.ts';
import { logonSession } from './present.ts';
import { applyQuery, parseCollectionQuery } from './query.ts';
import { SESSIONS_QUERY } from './collections.ts';

export const listSessions: Handler = async (ctx) => {
  const caller = principalOf(ctx);
  const q = parseCollectionQuery(SESSIONS_QUERY, ctx.query);
  const sessions = applyQuery(SESSIONS_QUERY, q, await ctx.emsec.sessions.list(caller));
  return ok(200, LogonSessions, { LogonSessions: sessions.map((s) => logonSession(ctx.hrefs, s, isAdministrator(caller))) });
};

export const getSession: Handler = async (ctx) => {
  const caller = principalOf(ctx);
  const session = await ctx.emsec.sessions.get(caller, ctx.params['id'] as string);
  return ok(200, LogonSession, logonSession(ctx.hrefs, session, isAdministrator(caller)));
};

export const deleteSession: Handler = async (ctx) => {
  await ctx.emsec.sessions.logout(principalOf(ctx), ctx.params['id'] as string, ctx.actor);
  return { status: 204 };
};
