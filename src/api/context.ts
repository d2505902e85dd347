// What a handler receives and returns. Handlers never touch HTTP objects: they get decoded
// input and return a representation + value that the server encodes in the negotiated format.
import type { Emsec } from '../domain/emsec.ts';
import type { Principal } from '../domain/sessions.ts';
import type { Actor } from '../domain/audit.ts';
import type { Representation } from '../wire/dsl.ts';
import type { Hrefs } from './hrefs.ts';

/** What every handler knows of its caller, on /api and on /emsec alike (server/emsec-context.ts). */
export interface CallerContext {
  readonly emsec: Emsec;
  /** Present on every route whose auth mode is 'session'. */
  readonly principal: Principal | undefined;
  /** Who asks (user, public session id) and from where: for the audit trail of a change. */
  readonly actor: Actor;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
}

export interface RequestContext extends CallerContext {
  readonly hrefs: Hrefs;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The decoded request body, for routes that declare one. */
  readonly body: unknown;
}

export interface Reply {
  readonly status: number;
  readonly body?: { readonly rep: Representation<unknown>; readonly value: unknown };
  readonly headers?: Readonly<Record<string, string>>;
  /** A new session token to hand out in the header and the cookie. */
  readonly sessionToken?: string;
}

export type Handler = (ctx: RequestContext) => Promise<Reply>;

/** A reply carrying one representation; keeps the value typed against its declaration. */
export function ok<T>(status: number, rep: Representation<T>, value: T): Reply {
  return { status, body: { rep, value } };
}

export function principalOf(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new Error('route declared without session auth uses the principal');
  return ctx.principal;
}
