// Connection limits: how long a client may take to send its headers and its whole request, how
// long an idle keep-alive connection stays open, and the Error body for what Node's HTTP parser
// refuses before fastify sees a request (malformed headers, CR/LF in a value, timeouts).
// Defaults and reasons: docs/reliability.md.
import type { Duplex } from 'node:stream';
import { ErrorBody } from '../wire/common.ts';
import type { Representation } from '../wire/dsl.ts';
import { encodeXml } from '../wire/xml.ts';
import { mapClientError } from './error-map.ts';

export interface ConnectionTimeouts {
  /** All request headers must arrive within this (slowloris). */
  readonly headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
}

/** Options for http.createServer / https.createServer (fastify passes them through). */
export interface NodeServerTimeouts {
  readonly headersTimeout: number;
  readonly requestTimeout: number;
  readonly keepAliveTimeout: number;
  readonly connectionsCheckingInterval: number;
}

export function nodeServerTimeouts(t: ConnectionTimeouts): NodeServerTimeouts {
  const headersTimeout = Math.min(t.headersTimeoutMs, t.requestTimeoutMs);
  return {
    headersTimeout,
    requestTimeout: t.requestTimeoutMs,
    keepAliveTimeout: t.keepAliveTimeoutMs,
    // Node enforces both timeouts from a timer on this interval; its default (30 s) would let a
    // slow client keep its connection up to 30 s past the limit.
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
  };
}

/**
 * fastify's clientErrorHandler: the documented Error body (XML: no Accept header has been read)
 * instead of fastify's own JSON, then the connection is closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const mapped = mapClientError(err);
    const body = encodeXml(ErrorBody as Representation<unknown>, mapped.body);
    socket.write(`HTTP/1.1 ${mapped.status} ${mapped.reason}\r\nConnection: close\r\nContent-Type: application/xml; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy();
}
