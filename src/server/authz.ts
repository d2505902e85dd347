// Authorization beyond the route table, and the administrator's security controls:
// - an Enterprise Manager operation emsec does not serve is authorized by the matrix like any
//   other (401 without a session, 403 when the roles do not allow it) and only then answered
//   501 "not emulated", so a client can tell "forbidden" from "not emulated";
// - GET /emsec/authz?user=&method=&path= explains a decision (domain/explain.ts), and
//   GET /emsec/authz?user=&restore=OBJECT whether the user may restore an object (domain/restorable.ts);
// - GET /emsec/audit pages through the audit trail (domain/audit.ts).
// Both controls are JSON, rows of emsec-routes.ts (for Portal Administrators only).
import type { FastifyRequest } from 'fastify';
import { ROUTES, routePathPattern, type RouteDef } from '../api/routes.ts';
import { AUDIT_ACTIONS, auditJson, isAuditAction, type AuditQuery } from '../domain/audit.ts';
import type { Emsec } from '../domain/emsec.ts';
import { Invalid } from '../domain/errors.ts';
import { decideAll, inMatrix, operationOf, segmentsOf, type Operation } from '../domain/rights.ts';
import { HttpError } from './http-errors.ts';
import type { EmsecHandler } from './emsec-context.ts';
import { authenticate, requireRole } from './session-hook.ts';

/** First path segments of the areas emsec serves whole: a path there that no route serves does not exist. */
const SERVED_AREAS: ReadonlySet<string> = new Set(ROUTES.flatMap((r) => segmentsOf(r.path.replace(/^\/api/, ''))?.slice(0, 1) ?? []));

const routePatterns = new Map<RouteDef, RegExp>(ROUTES.map((r) => [r, routePathPattern(r.path.replace(/^\/api/, ''), 'i')]));

/** Does the route table serve this operation? */
export function emulated(op: Operation): boolean {
  const action = Object.entries(op.query ?? {}).find(([k]) => k.toLowerCase() === 'action')?.[1];
  const candidates = ROUTES.filter((r) => r.method === op.method && (routePatterns.get(r) as RegExp).test(op.path || '/'));
  return candidates.some((r) => (r.action === undefined ? !candidates.some((o) => o.action !== undefined && o.action.toLowerCase() === action?.toLowerCase()) : r.action.toLowerCase() === action?.toLowerCase()));
}

/**
 * For a request no route serves: when it is an Enterprise Manager operation, authorize it
 * (throws 401/403), then throw 501 unless the path lies in an area emsec serves whole (the caller
 * then answers 405 or 404 as for any path).
 */
export async function refuseUnserved(req: FastifyRequest, emsec: Emsec, pathServed: boolean): Promise<void> {
  if (!/^\/api\//i.test(req.url)) return;
  const op = operationOf(req.method, req.url);
  if (!op || !inMatrix(op)) return;
  const principal = await authenticate(req, emsec);
  requireRole(principal, decideAll(op).filter((d) => d.allowed).map((d) => d.role.id));
  if (pathServed || SERVED_AREAS.has(segmentsOf(op.path)?.[0] ?? '')) return;
  throw new HttpError(501, `${op.method} /api${op.path} is an Enterprise Manager operation that emsec does not emulate.`);
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);
/** GET /emsec/audit's page sizes. */
export const AUDIT_LIMIT = { default: 100, max: 1000 } as const;
const MAX_PAGE = AUDIT_LIMIT.max;
const DEFAULT_PAGE = AUDIT_LIMIT.default;

type Query = Readonly<Record<string, string | undefined>>;

function required(q: Query, name: string): string {
  const v = q[name]?.trim();
  if (!v) throw new Invalid(`The query parameter '${name}' is required.`);
  return v;
}

function time(q: Query, name: string): number | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  const t = /^\d{1,15}$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(t)) throw new Invalid(`'${name}' must be an ISO 8601 time or milliseconds since the epoch, got '${v.slice(0, 64)}'.`);
  return t;
}

/** GET /emsec/audit's parameters as a query of the trail (exported for the CLI's validation tests). */
export function auditQueryOf(q: Query): AuditQuery & { limit: number } {
  const limitText = q['limit'] ?? String(DEFAULT_PAGE);
  if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_PAGE) {
    throw new Invalid(`'limit' must be a whole number from 1 to ${MAX_PAGE}, got '${limitText.slice(0, 64)}'.`);
  }
  const cursor = q['cursor'];
  if (cursor !== undefined && !/^\d{1,15}$/.test(cursor)) throw new Invalid(`'cursor' must be the 'next' value of a previous page, got '${cursor.slice(0, 64)}'.`);
  const action = q['action'];
  if (action !== undefined && !isAuditAction(action)) throw new Invalid(`'action' must be one of ${AUDIT_ACTIONS.join(', ')}; got '${action.slice(0, 64)}'.`);
  // Newest first unless asked otherwise, as `emsec audit` (docs/decisions.md, issue 15).
  const order = q['order'] ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new Invalid(`'order' must be asc or desc, got '${order.slice(0, 64)}'.`);
  return {
    since: time(q, 'since'), until: time(q, 'until'), user: q['user'] || undefined, action,
    afterSeq: cursor === undefined ? undefined : Number(cursor), newestFirst: order === 'desc', limit: Number(limitText),
  };
}

/** GET /emsec/authz (a row of emsec-routes.ts). */
export const explainDecision: EmsecHandler = async ({ emsec, query, reply }) => {
  const user = required(query, 'user');
  reply.header('cache-control', 'no-store');
  // ?user=&restore=OBJECT: may the user restore the object (a HierarchyObjRef or a name)?
  if (query['restore'] !== undefined) return emsec.restores.explain(user, required(query, 'restore'));
  const method = required(query, 'method').toUpperCase();
  if (!METHODS.has(method)) throw new Invalid(`'method' must be one of GET, POST, PUT, DELETE; got '${method.slice(0, 16)}'.`);
  const op = operationOf(method, required(query, 'path'));
  if (!op) throw new Invalid("'path' must be an /api path such as /api/security/accounts (or a URL).");
  return emsec.explain(user, op, emulated);
};

/** GET /emsec/audit (a row of emsec-routes.ts). */
export const auditTrail: EmsecHandler = async ({ emsec, query: q, reply }) => {
  const query = auditQueryOf(q);
  const rows = await emsec.audit.page({ ...query, limit: query.limit + 1 });
  const events = rows.slice(0, query.limit);
  const next = rows.length > query.limit ? String(events[events.length - 1]?.seq) : null;
  reply.header('cache-control', 'no-store');
  return { events: events.map(auditJson), next };
};
