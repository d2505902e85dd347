// Typed errors. A server refusal carries the product's Error body (status and Message); the
// other classes say what went wrong before or around a request, so callers (and emctl's exit
// codes) can tell a refusal from a lost session from an unreachable server.
import type { ErrorBody } from './types.js';

/** The base of every error this package throws. */
export class EmClientError extends Error {
  override name = 'EmClientError';
}

/** The server answered with a 4xx or 5xx status; `body` is its Error body. */
export class ApiError extends EmClientError {
  override name = 'ApiError';
  readonly status: number;
  readonly body: ErrorBody;
  readonly method: string;
  readonly url: string;
  /** A 503's Retry-After, in milliseconds, when the server sent one. */
  retryAfterMs: number | undefined;

  constructor(status: number, body: ErrorBody, method: string, url: string) {
    super(body.Message || `${method} ${url}: HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.method = method;
    this.url = url;
  }

  /** The server's Message, as the product wrote it. */
  get serverMessage(): string {
    return this.body.Message;
  }
}

/** 401: wrong credentials, or the session is gone and could not be (or was not to be) renewed. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}

/** 403: the session's roles do not allow the operation. */
export class ForbiddenError extends ApiError {
  override name = 'ForbiddenError';
}

/** 404: the resource does not exist. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** 503: the service (or its directory) is unavailable; retried when `retries` allows. */
export class ServiceUnavailableError extends ApiError {
  override name = 'ServiceUnavailableError';
}

/** The server could not be reached, or the TLS handshake failed (untrusted certificate...). */
export class ConnectionError extends EmClientError {
  override name = 'ConnectionError';
}

/** The request took longer than the `timeout` it was given. */
export class TimeoutError extends EmClientError {
  override name = 'TimeoutError';
}

/** A name given for a role or an account matched none (resolved on the client side). */
export class NameNotFoundError extends EmClientError {
  override name = 'NameNotFoundError';
}

/** Chooses the class for a status. */
export function apiError(status: number, body: ErrorBody, method: string, url: string): ApiError {
  switch (status) {
    case 401:
      return new AuthenticationError(status, body, method, url);
    case 403:
      return new ForbiddenError(status, body, method, url);
    case 404:
      return new NotFoundError(status, body, method, url);
    case 503:
      return new ServiceUnavailableError(status, body, method, url);
    default:
      return new ApiError(status, body, method, url);
  }
}

/**
 * Reads an Error body whatever the server sent: JSON (asked for), XML (a product or a proxy
 * that ignores Accept) or nothing at all.
 */
export function parseErrorBody(status: number, contentType: string, text: string): ErrorBody {
  if (/json/i.test(contentType) || /^\s*\{/.test(text)) {
    try {
      const v = JSON.parse(text) as Partial<ErrorBody>;
      if (v && typeof v === 'object' && typeof v.Message === 'string') {
        return { ...v, Message: v.Message, StatusCode: typeof v.StatusCode === 'number' ? v.StatusCode : status };
      }
    } catch {
      // not JSON after all: fall through
    }
  }
  const m = /<Error\b[^>]*\bMessage="([^"]*)"/.exec(text);
  if (m?.[1] !== undefined) return { Message: decodeXmlText(m[1]), StatusCode: status };
  const plain = text.trim().slice(0, 500);
  return { Message: plain || `HTTP ${status}`, StatusCode: status };
}

function decodeXmlText(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
