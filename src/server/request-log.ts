// The one log line per answered request, written straight into the logger's destination.
//
// The line is exactly what pino would write for
//   log.info({ reqId, req, res, responseTime }, 'request completed')
// (pino's level, time, pid and hostname first, then the fields, then msg), but built as one
// template string: pino's generic path (serializers, key walk, escaping each value) took about
// 5 µs a line in a loop on this machine under load, the template about 0.5 µs, where a GET costs
// some 30 µs of CPU (docs/performance.md). Every other line still goes through pino. Values that come from the client (URL, Host) are escaped by
// JSON.stringify, so a line is always valid JSON.
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { replaceGuids } from '../domain/ids.ts';
import { sessionRef } from '../domain/session-ref.ts';

const SESSIONS_URL = /\/(logonSessions|emsec\/sessions)(\/|\?|$)/i;

/**
 * The URL as logged: the GUIDs of a /logonSessions or /emsec/sessions URL (the {ID} in the path, a
 * SessionId in a filter) replaced by their references — a SessionId is as good as the token
 * (docs/security.md).
 */
function redactSessionIds(url: string): string {
  return SESSIONS_URL.test(url) ? replaceGuids(url, (id) => `ref:${sessionRef(id)}`) : url;
}

/** A request as every log line shows it (pino's `req` serializer, and the request line). */
export function loggedRequest(req: FastifyRequest): { method: string; url: string; host: string; remoteAddress: string; remotePort: number | undefined } {
  return { method: req.method, url: redactSessionIds(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

interface Destination { write(line: string): unknown }

/**
 * A writer of request lines for `log`, or undefined when it does not write info lines. Falls back
 * to pino itself when its destination cannot be reached.
 */
export function requestLineWriter(log: FastifyBaseLogger): ((req: FastifyRequest, reply: FastifyReply, responseTimeMs: number) => void) | undefined {
  const logger = log as pino.Logger;
  if (typeof logger.isLevelEnabled !== 'function' || !logger.isLevelEnabled('info')) return undefined;
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as Destination | undefined;
  if (!stream || typeof stream.write !== 'function') {
    return (req, reply, responseTime) => logger.info({ reqId: req.id, req, res: reply, responseTime }, 'request completed');
  }
  // pino's bindings as it writes them after the time (`,"pid":…,"hostname":…`, or '' without a base).
  const chindings = (logger as unknown as Record<symbol, unknown>)[pino.symbols.chindingsSym];
  const bindings = typeof chindings === 'string' ? chindings : '';
  const level = logger.levels.values['info'] ?? 30;
  return (req, reply, responseTime) => {
    const r = loggedRequest(req);
    stream.write(`{"level":${level},"time":${Date.now()}${bindings},"reqId":${JSON.stringify(req.id)},"req":{"method":${JSON.stringify(r.method)},"url":${JSON.stringify(r.url)},"host":${JSON.stringify(r.host)},"remoteAddress":${JSON.stringify(r.remoteAddress)}${r.remotePort === undefined ? '' : `,"remotePort":${r.remotePort}`}},"res":{"statusCode":${reply.statusCode}},"responseTime":${responseTime},"msg":"request completed"}\n`);
  };
}
