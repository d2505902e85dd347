// /api/logonSessions — list, read and end sessions (get_loginsessions*.md, delete_loginsessions_id.md).
import type { SessionRecord } from '../domain/model.ts';
import { shownSessionId, type Principal } from '../domain/sessions.ts';
import { LogonSession, LogonSessions } from '../wire/session.ts';
import { ok, principalOf, type RequestContext } from './context.ts';
import { logonSession } from './present.ts';
import { applyQuery, parseCollectionQuery } from './query.ts';
import { SESSIONS_QUERY } from './collections.ts';

/**
 * Sessions as the caller may see them: its own user's by SessionId, others' (an administrator's
 * view) by reference, since a SessionId is as good as the token (docs/security.md). Each carries
 * the links of its own user's roles, read once per user.
 */
async function present(ctx: RequestContext, caller: Principal, sessions: readonly (readonly [SessionRecord, string])[]) {
  const rolesByUser = new Map<string, Promise<ReadonlySet<string>>>([[caller.session.userName, Promise.resolve(caller.roles)]]);
  return Promise.all(sessions.map(async ([s, shownId]) => {
    let roles = rolesByUser.get(s.userName);
    if (!roles) rolesByUser.set(s.userName, roles = ctx.emsec.sessions.rolesOf(s));
    return logonSession(ctx.hrefs, s, shownId, await roles);
  }));
}

export const listSessions = async (ctx: RequestContext) => {
  const caller = principalOf(ctx);
  const q = parseCollectionQuery(SESSIONS_QUERY, ctx.query);
  // Filtering by SessionId sees what the caller is shown, so another user's SessionId cannot be probed.
  const visible = (await ctx.emsec.sessions.list(caller)).map((s) => ({ ...s, id: shownSessionId(caller, s) }));
  const sessions = applyQuery(SESSIONS_QUERY, q, visible);
  const shown = await present(ctx, caller, sessions.map((s) => [s, s.id] as const));
  return ok(LogonSessions, { LogonSessions: shown });
};

export const getSession = async (ctx: RequestContext<'id'>) => {
  const caller = principalOf(ctx);
  const session = await ctx.emsec.sessions.get(caller, ctx.params['id']);
  const [shown] = await present(ctx, caller, [[session, shownSessionId(caller, session)]]);
  return ok(LogonSession, shown as NonNullable<typeof shown>);
};

export const deleteSession = async (ctx: RequestContext<'id'>) => {
  await ctx.emsec.sessions.logout(principalOf(ctx), ctx.params['id'], ctx.actor);
  return {};
};
