// Header names on the wire spelled as the product spells them (`X-RestSvcSessionId`,
// `Content-Type`, `WWW-Authenticate`), whatever case the code used. HTTP header names are
// case-insensitive, but some clients look them up case-sensitively: a map keyed
// `X-RestSvcSessionId`, a `grep '^Location:'` over `curl -D -`. fastify keeps reply headers under
// lower-case keys and hands them to `res.writeHead` in one object; Node writes a header line with
// the name exactly as `setHeader`/`writeHead` received it. So the names are respelled there, in a
// ServerResponse subclass given to Node's server (no work per request beyond the rename).
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';

/** Names whose spelling is not plain Title-Case of their dash-separated words. */
const SPECIAL: Readonly<Record<string, string>> = {
  'x-restsvcsessionid': 'X-RestSvcSessionId',
  'www-authenticate': 'WWW-Authenticate',
  etag: 'ETag',
};

const cache = new Map<string, string>();

/** `content-type` -> `Content-Type`, `x-restsvcsessionid` -> `X-RestSvcSessionId`. */
export function wireName(name: string): string {
  let spelled = cache.get(name);
  if (spelled === undefined) {
    const lower = name.toLowerCase();
    spelled = SPECIAL[lower] ?? lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
    // Header names come from code, not from clients: the cache stays as small as the set in use.
    if (cache.size < 256) cache.set(name, spelled);
  }
  return spelled;
}

type Headers = OutgoingHttpHeaders | OutgoingHttpHeader[];

function respell(headers: Headers | undefined): Headers | undefined {
  if (!headers || Array.isArray(headers)) return headers;
  const out: OutgoingHttpHeaders = {};
  for (const name of Object.keys(headers)) out[wireName(name)] = headers[name];
  return out;
}

export class WireCaseResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override setHeader(name: string, value: number | string | readonly string[]): this {
    return super.setHeader(wireName(name), value);
  }

  override writeHead(statusCode: number, reasonOrHeaders?: string | Headers, headers?: Headers): this {
    if (typeof reasonOrHeaders === 'string') return super.writeHead(statusCode, reasonOrHeaders, respell(headers));
    return super.writeHead(statusCode, respell(reasonOrHeaders));
  }
}
