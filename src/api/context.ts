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

/** The `:name` segments of a route path, as a union: '/a/:id/b/:roleId' is 'id' | 'roleId'. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}` ? Name : never;

/** The value a representation declares (its decoded request body, or a body to answer with). */
export type ValueOf<R> = R extends Representation<infer T> ? T : never;

/**
 * What a handler of /api receives: the `:params` of its row's path and the body its row's
 * `request` declares, decoded (undefined for a row without one). routes.ts checks each handler
 * against its row.
 */
export interface RequestContext<Params extends string = never, Body = undefined> extends Omit<CallerContext, 'params'> {
  readonly params: Readonly<Record<Params, string>>;
  readonly hrefs: Hrefs;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The decoded request body, for routes that declare one. */
  readonly body: Body;
}

/**
 * What a handler returns; the status is its row's. `R` is the representation it answers with
 * (a union where it may answer with one of several; never: no body).
 */
export interface Reply<R extends Representation<unknown> = Representation<unknown>> {
  readonly body?: {
    readonly rep: R;
    readonly value: ValueOf<R>;
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

/** A handler of one row (routes.ts): its path's params, its request body, the representations it answers with. */
export type Handler<Params extends string = never, Body = undefined, Out extends Representation<unknown> = never> =
  (ctx: RequestContext<Params, Body>) => Promise<Reply<Out>>;

/** A reply carrying one representation; keeps the value typed against its declaration. */
export function ok<R extends Representation<unknown>>(rep: R, value: ValueOf<R>): Reply<R> {
  return { body: { rep, value } };
}

/**
 * ok() for a value built from `source` alone (with the request's Hrefs): its encoding is reused
 * while `source` (a frozen read-cache result) is the same object, so the value is built only
 * when it is read (when the encoding is not reused).
 */
export function okFrom<S extends object, R extends Representation<unknown>>(rep: R, source: S, build: (source: S) => ValueOf<R>): Reply<R> {
  return {
    body: {
      rep,
      source,
      get value(): ValueOf<R> {
        return build(source);
      },
    },
  };
}

export function principalOf(ctx: Pick<CallerContext, 'principal'>): Principal {
  if (!ctx.principal) throw new Error('route declared without session auth uses the principal');
  return ctx.principal;
}
