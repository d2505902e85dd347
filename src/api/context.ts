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
  readonly body?: {
    readonly rep: Representation<unknown>;
    readonly value: unknown;
    /**
     * A frozen object the value was built from alone (with the request's Hrefs): while the same
     * object comes back, so does the same body, and its encoding is reused (server/encoded-bodies.ts).
     * The store's read caches return the same frozen result until the data changes.
     */
    readonly source?: object;
  };
  readonly headers?: Readonly<Record<string, string>>;
  /** A new session token to hand out in the header and the cookie. */
  readonly sessionToken?: string;
}

export type Handler = (ctx: RequestContext) => Promise<Reply>;

/** A reply carrying one representation; keeps the value typed against its declaration. */
export function ok<T>(status: number, rep: Representation<T>, value: T): Reply {
  return { status, body: { rep, value } };
}

/**
 * ok() for a value built from `source` alone (with the request's Hrefs): its encoding is reused
 * while `source` (a frozen read-cache result) is the same object, so the value is built only
 * when it is read (when the encoding is not reused).
 */
export function okFrom<S extends object, T>(status: number, rep: Representation<T>, source: S, build: (source: S) => T): Reply {
  return {
    status,
    body: {
      rep,
      source,
      get value(): unknown {
        return build(source);
      },
    },
  };
}

export function principalOf(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new Error('route declared without session auth uses the principal');
  return ctx.principal;
}
