// GET /emsec/metrics: the Prometheus text exposition of this instance's metrics (server/metrics.ts).
// Who may read it (docs/operations.md): clients on the loopback interface (a Prometheus agent or
// sidecar on the same host), and, when EMSEC_METRICS_TOKEN is set, any client sending
// `Authorization: Bearer <that token>`. Metrics name routes and counts, never users or sessions,
// but they still tell an outsider how the service is used, so they are not public by default.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Forbidden } from '../domain/errors.ts';
import type { EmsecHandler } from './emsec-context.ts';
import type { ExposedMetrics } from './metrics.ts';

export interface MetricsAccess {
  /** A bearer token that lets non-loopback clients read the metrics; unset: loopback only. */
  readonly token?: string | undefined;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = header && /^Bearer\s+(\S+)\s*$/i.exec(header);
  // Compared as digests: equal length, constant time whatever was sent.
  return Boolean(m) && timingSafeEqual(digest((m as RegExpExecArray)[1] as string), digest(token));
}

export function mayReadMetrics(req: FastifyRequest, access: MetricsAccess): boolean {
  // The socket's address, never X-Forwarded-For: a header is the client's to write.
  if (isLoopback(req.socket.remoteAddress)) return true;
  return access.token !== undefined && bearerMatches(req.headers.authorization, access.token);
}

/** GET /emsec/metrics (a row of emsec-routes.ts). */
export const getMetrics: EmsecHandler = async ({ settings, reply }) => {
  const metrics = settings.metrics as ExposedMetrics;
  const access = { token: settings.metricsToken };
  if (!mayReadMetrics(reply.request, access)) {
    throw new Forbidden(access.token === undefined
      ? 'The metrics are served to loopback clients only; set EMSEC_METRICS_TOKEN to let other clients read them with a bearer token.'
      : 'Reading the metrics from another host needs the header Authorization: Bearer <EMSEC_METRICS_TOKEN>.');
  }
  const text = await metrics.render();
  return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
};
