// The decisions of Enterprise Manager's permission matrix: the rows of rights-data.ts compiled by
// rights-matcher.ts. Every request to /api is authorized through these (server/session-hook.ts);
// roles add up: a caller holding several roles may do what any of them allows.
import type { Role } from './model.ts';
import { RESTORE_OPERATIONS, RESTORE_SCOPED_ROLES, RIGHTS } from './rights-data.ts';
import { compileMatrix, type Operation, type RoleDecision } from './rights-matcher.ts';
import { ROLES } from './roles.ts';

export { EMSEC_DECISIONS, MATRIX_PAGE, RESTORE_OPERATIONS, RESTORE_SCOPED_ROLES, RIGHTS, type Effect, type RightsRow } from './rights-data.ts';
export { parsePattern, segmentsOf, type Operation, type RoleDecision } from './rights-matcher.ts';

const MATRIX = compileMatrix(RIGHTS, { restoreOperations: RESTORE_OPERATIONS, scopedRoles: RESTORE_SCOPED_ROLES });

/** Is the operation one of Enterprise Manager's, i.e. does any row of any role speak of it? */
export function inMatrix(op: Operation): boolean {
  return MATRIX.inMatrix(op);
}

/** What the matrix says for one role. */
export function decide(role: Role, op: Operation): RoleDecision {
  return MATRIX.decide(role, op);
}

/** What the matrix says for each of the seven roles. */
export function decideAll(op: Operation): RoleDecision[] {
  return ROLES.map((role) => decide(role, op));
}

/** The ids of the roles that may perform the operation. */
export function allowedRoleIds(op: Operation): Set<string> {
  return new Set(decideAll(op).filter((d) => d.allowed).map((d) => d.role.id));
}

/**
 * An operation from a method and a URL or path: `/api/security/accounts?format=Entity`,
 * `/security/accounts` or `https://host:9398/api/…`. Undefined when the path is outside /api.
 */
export function operationOf(method: string, url: string): Operation | undefined {
  let rest = url.trim();
  const scheme = /^https?:\/\/[^/]+/i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? {} : Object.fromEntries(new URLSearchParams(rest.slice(q + 1)));
  if (!path.startsWith('/')) return undefined;
  const relative = /^\/api(\/|$)/i.test(path) ? path.slice(4) || '/' : path;
  return { method: method.toUpperCase(), path: relative, query };
}
