// "May USER do METHOD PATH, and why?" — `emsec can` and GET /emsec/authz, like `kubectl auth
// can-i`. Reads the store and the directory as a logon would: the user's own account and the
// accounts of their groups, the roles those hold, and for each role the matrix row
// (rights.ts) that decides the operation.
import type { Directory } from '../identity/directory.ts';
import type { Repos } from '../store/repos.ts';
import type { AccountType } from './model.ts';
import { decide, inMatrix, type Operation, type RightsRow } from './rights.ts';
import { ROLES } from './roles.ts';

/** How a role reaches the user: through which account, their own or a group's. */
export interface Grant {
  readonly account: string;
  readonly accountType: AccountType;
  readonly via: 'own account' | 'group account';
}

export interface RoleExplanation {
  readonly role: string;
  readonly allowed: boolean;
  /** `allow GET /tasks (all)` style: the deciding row, or null when no row of the role covers it. */
  readonly row: string | null;
  /** The page or document the row comes from. */
  readonly source: string | null;
  /** Allowed only on the objects of the account's restore scope. */
  readonly restoreScope: boolean;
  readonly grantedBy: readonly Grant[];
}

export interface Explanation {
  readonly user: string;
  readonly method: string;
  /** The path as asked, under /api. */
  readonly path: string;
  readonly allowed: boolean;
  /** Is it an Enterprise Manager operation at all (a row of the matrix speaks of it)? */
  readonly known: boolean;
  /** Does emsec serve it (else it answers 501 after authorization)? */
  readonly emulated: boolean;
  /** One sentence saying why. */
  readonly reason: string;
  /** Every role the user holds, with what the matrix says for it and how the user holds it. */
  readonly roles: readonly RoleExplanation[];
}

const rowText = (row: RightsRow | undefined): string | null => (row ? `${row.effect} ${row.pattern}` : null);

/**
 * `emulated` says whether emsec serves the operation (the route table, which the domain does
 * not know). GET / needs no session and POST /sessionMngr only credentials and some role
 * (http_authentication.md); every other operation is decided by the matrix.
 */
export async function explain(repos: Repos, directory: Directory, userName: string, op: Operation, emulated: (op: Operation) => boolean): Promise<Explanation> {
  const path = `/api${op.path}`;
  const base = { method: op.method, path, emulated: emulated(op) };
  const user = await directory.user(userName);
  if (!user) {
    return { ...base, user: userName, allowed: false, known: inMatrix(op), reason: `'${userName}' is not a user of the directory.`, roles: [] };
  }
  const accounts = await repos.accounts.byNames([user.name, ...user.groups]);
  const grants = new Map<string, Grant[]>();
  for (const account of accounts) {
    const own = account.name.toLowerCase() === user.name.toLowerCase();
    for (const roleId of await repos.assignments.rolesOf(account.id)) {
      const grant: Grant = { account: account.name, accountType: account.type, via: own ? 'own account' : 'group account' };
      grants.set(roleId, [...(grants.get(roleId) ?? []), grant]);
    }
  }
  const held = ROLES.filter((r) => grants.has(r.id));
  const who = { user: user.name };
  const trimmed = op.path.replace(/\/+$/, '') || '/';
  if (trimmed === '/' && op.method === 'GET') {
    return { ...base, ...who, allowed: true, known: false, reason: 'GET /api/ needs no session (http_authentication.md).', roles: [] };
  }
  if (trimmed.toLowerCase() === '/sessionmngr' && op.method === 'POST') {
    const roles = held.map((r) => ({ role: r.name, allowed: true, row: null, source: 'http_authentication.md', restoreScope: false, grantedBy: grants.get(r.id) ?? [] }));
    return held.length > 0
      ? { ...base, ...who, allowed: true, known: false, reason: 'Any user holding a role may log on (http_authentication.md).', roles }
      : { ...base, ...who, allowed: false, known: false, reason: 'A logon needs a role, own or through a group, and the user holds none.', roles };
  }
  const known = inMatrix(op);
  const roles: RoleExplanation[] = held.map((role) => {
    const d = decide(role, op);
    return { role: role.name, allowed: d.allowed, row: rowText(d.row), source: d.row?.source ?? null, restoreScope: d.restoreScope, grantedBy: grants.get(role.id) ?? [] };
  });
  const allowing = roles.filter((r) => r.allowed);
  const reason = !known
    ? `${op.method} ${path} is not an Enterprise Manager operation (404).`
    : held.length === 0
      ? 'The user holds no role, own or through a group.'
      : allowing.length > 0
        ? `Allowed by ${allowing.map((r) => `${r.role} (${r.row})`).join(', ')}${allowing.every((r) => r.restoreScope) ? ', within the account\'s restore scope' : ''}.`
        : `None of the user's roles allows it: ${roles.map((r) => `${r.role} (${r.row ?? 'no row: denied by default'})`).join(', ')}.`;
  return { ...base, ...who, allowed: known && allowing.length > 0, known, reason, roles };
}

/** The lines `emsec can` prints after yes/no. */
export function explanationLines(e: Explanation): string[] {
  const lines = [e.reason];
  if (e.known) lines.push(`${e.method} ${e.path} is an Enterprise Manager operation${e.emulated ? ' that emsec serves' : ' that emsec does not emulate (501 once authorized)'}.`);
  for (const r of e.roles) {
    const via = r.grantedBy.map((g) => `${g.via} ${g.account}`).join(', ');
    lines.push(`${r.role} (${via}): ${r.allowed ? 'allowed' : 'denied'}${r.row ? ` by '${r.row}'` : r.source ? '' : ' (no row covers it)'}${r.source ? ` [${r.source}]` : ''}${r.restoreScope ? ', within the restore scope' : ''}`);
  }
  return lines;
}
