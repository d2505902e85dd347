// Who is calling and may they: reads the route's row, never the URL.
import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../api/routes.ts';
import type { Emsec } from '../domain/emsec.ts';
import { Forbidden, Unauthenticated } from '../domain/errors.ts';
import type { Principal } from '../domain/sessions.ts';

export const SESSION_HEADER = 'x-restsvcsessionid';
export const SESSION_COOKIE = 'X-RestSvcSessionId';

/** A malformed %-escape is no token of ours (then a 401), never a URIError (a 500). */
function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The cookie wins over the header when both are sent (http_authentication.md). */
export function sessionTokenOf(req: FastifyRequest): string | undefined {
  const cookie = req.headers.cookie;
  if (cookie) {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
        const value = part.slice(eq + 1).trim();
        if (value) return decodeCookie(value);
      }
    }
  }
  const header = req.headers[SESSION_HEADER];
  return typeof header === 'string' && header.trim() ? header.trim() : undefined;
}

/** The session behind the request; 401 without one. */
export async function authenticate(req: FastifyRequest, emsec: Emsec): Promise<Principal> {
  const token = sessionTokenOf(req);
  if (!token) throw new Unauthenticated(`The request requires the ${SESSION_COOKIE} header from a logon session.`);
  return emsec.sessions.authenticate(token, req.ip);
}

/** 403 unless the principal holds one of the roles (route.roles comes from the permission matrix). */
export function requireRole(principal: Principal, roles: readonly string[] | ReadonlySet<string>): void {
  for (const role of roles) if (principal.roles.has(role)) return;
  throw new Forbidden('Access denied: your roles do not allow this operation.');
}

export async function authorize(route: Pick<RouteDef, 'auth' | 'roles'>, req: FastifyRequest, emsec: Emsec): Promise<Principal | undefined> {
  if (route.auth !== 'session') return undefined;
  const principal = await authenticate(req, emsec);
  requireRole(principal, route.roles);
  return principal;
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/api; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
