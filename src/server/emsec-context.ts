// What an /emsec/* handler receives (emsec-routes.ts). Unlike the vendor's operations these
// answer JSON (or the docs page's files) without wire declarations, so a handler may use the
// reply for headers or a status of its own.
import type { FastifyReply } from 'fastify';
import type { CallerContext } from '../api/context.ts';
import type { ExposedMetrics } from './metrics.ts';

/** Server settings an /emsec/* route may depend on. */
export interface EmsecSettings {
  /** POST /emsec/reset is served (--enable-reset). */
  readonly enableReset: boolean;
  /** The emulator's controls are served (--emulator; reset too). */
  readonly emulator: boolean;
  /** This instance's metrics (GET /emsec/metrics); absent with --metrics false. */
  readonly metrics?: ExposedMetrics | undefined;
  /** Lets non-loopback clients read the metrics with `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
}

export interface EmsecContext extends CallerContext {
  readonly settings: EmsecSettings;
  /** The OpenAPI document as JSON text (built once per process). */
  readonly openApiText: () => string;
  /** The request's scheme, host and port (as Hrefs are built): for the links a control answers with. */
  readonly origin: string;
  /** The reply, and through it the request (`reply.request`): its URL, its raw body. */
  readonly reply: FastifyReply;
}

/**
 * A JSON-serialisable value, sent with the row's status (nothing for undefined), or the reply
 * itself when the handler has sent it (another status, another media type).
 */
export type EmsecHandler = (ctx: EmsecContext) => Promise<unknown>;

/** A query parameter of an /emsec route (its OpenAPI declaration). */
export interface EmsecQueryParam {
  readonly name: string;
  readonly required?: boolean;
  readonly description: string;
  /** JSON Schema of the value; a string when absent. */
  readonly schema?: Readonly<Record<string, unknown>>;
}
