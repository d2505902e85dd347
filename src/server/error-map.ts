// Where failures become answers: each error class -> status + Error body. The domain's errors and
// the wire's get their status here, as do Node's refusals before a request exists; the HTTP
// layer's own (http-errors.ts: 405, 413, 415, 501), fastify's and injected faults carry theirs.
// The readiness probe's 503 (admin.ts) is an answer, not an error.
import { Conflict, DomainError, Forbidden, Invalid, NotFound, StoreUnavailableError, Unauthenticated, Unavailable } from '../domain/errors.ts';
import { WireError } from '../wire/errors.ts';
import type { ErrorValue } from '../wire/common.ts';
import { HttpError, InjectedFault } from './http-errors.ts';

export interface MappedError {
  readonly status: number;
  readonly body: ErrorValue;
  /** True when the cause is ours, not the client's: worth logging with its stack. */
  readonly internal: boolean;
}

const DOMAIN_STATUS = new Map<new (...args: never[]) => DomainError, number>([
  [Invalid, 400],
  // The product's documented codes have no 409; a duplicate is a bad request (docs/decisions.md).
  [Conflict, 400],
  [Unauthenticated, 401],
  [Forbidden, 403],
  [NotFound, 404],
  [Unavailable, 503],
]);

/** Longest Message sent: one quoting a huge input value is shortened in the middle (docs/reliability.md). */
const MAX_MESSAGE = 1_024;

function body(status: number, message: string): ErrorValue {
  return { Message: message.length > MAX_MESSAGE ? `${message.slice(0, 768)}…${message.slice(-240)}` : message, StatusCode: status };
}

/** fastify's own errors carry a code and a 4xx status (body too large, bad media type…). */
function isFastifyClientError(err: unknown): err is Error & { statusCode: number; code: string } {
  const e = err as { statusCode?: unknown; code?: unknown };
  return typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 && typeof e.code === 'string';
}

/** Methods that change nothing: a store failure during one means the store could not be read. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `method` is the request's: a store outage on a read says the store cannot be read, on a change that nothing was changed. */
export function mapError(err: unknown, method?: string): MappedError {
  if (err instanceof WireError) return { status: 400, body: body(400, err.message), internal: false };
  // Any 4xx/5xx a fault rule names (docs/errors.md: injected faults).
  if (err instanceof InjectedFault) return { status: err.status, body: body(err.status, err.message), internal: false };
  if (err instanceof HttpError) return { status: err.status, body: body(err.status, err.message), internal: false };
  // Before the other Unavailable: the store's own failure is ours, and its message stays in the log.
  if (err instanceof StoreUnavailableError) {
    if (method !== undefined && READS.has(method.toUpperCase())) {
      return { status: 503, body: body(503, 'The store cannot be read right now. Try again later.'), internal: true };
    }
    return { status: 503, body: body(503, 'The store cannot accept changes right now; nothing was changed. Try again later.'), internal: true };
  }
  if (err instanceof DomainError) {
    for (const [cls, status] of DOMAIN_STATUS) if (err instanceof cls) return { status, body: body(status, err.message), internal: false };
  }
  if (isFastifyClientError(err)) {
    const status = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 413 : err.statusCode;
    return { status, body: body(status, err.message), internal: false };
  }
  return { status: 500, body: body(500, 'Internal server error.'), internal: true };
}

/**
 * What Node's HTTP parser refuses before a request exists (src/server/timeouts.ts): a request
 * not received within the timeouts, headers too large, or bytes that are not HTTP (a CR or LF
 * inside a header value, a malformed request line). The reason phrase goes on the status line.
 */
export function mapClientError(err: Error & { code?: string }): MappedError & { readonly reason: string } {
  const [status, reason, message]: [number, string, string] = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    ? [408, 'Request Timeout', 'The request was not received in time (--headers-timeout, --request-timeout).']
    : err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
      : [400, 'Bad Request', 'The request is not valid HTTP: a malformed request line or header.'];
  return { status, reason, body: body(status, message), internal: false };
}

/** Every status this map can produce, for docs/errors.md and its test. */
export const MAPPED_STATUSES = [400, 401, 403, 404, 405, 408, 413, 415, 431, 500, 501, 503] as const;
