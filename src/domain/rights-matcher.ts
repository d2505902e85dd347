// How rows of a permission matrix decide a request (the rows themselves: rights-data.ts).
//
// For one role: of the role's rows that match the request, the most specific wins (one operation
// with its query parameter > one operation, the more literal segments the more specific > the
// longer (all) prefix > the shorter > '(all)'); between an allow and a deny row equally specific,
// deny wins. When no row of the role matches, the role may not do it ("denied by default"). A
// request no row of any role matches is not an operation of the matrix at all (404).
//
// The matcher takes its rows as a parameter so that unit tests can pin these rules with made-up,
// overlapping rows (the real table has few overlaps).
import type { Role } from './model.ts';
import type { RightsRow } from './rights-data.ts';

/** An operation as a request names it; `path` is relative to /api (`/security/accounts/…`). */
export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface RoleDecision {
  readonly role: Role;
  readonly allowed: boolean;
  /** The row that decided; undefined when no row of the role covers the operation (denied by default). */
  readonly row: RightsRow | undefined;
  /** Allowed only on the objects of the account's restore scope (the matcher's restoreOperations). */
  readonly restoreScope: boolean;
}

export interface Pattern {
  /** Upper case; undefined for (all) rows, which match every method. */
  readonly method: string | undefined;
  /** Lower case; '{id}' matches one segment, a last '{filepath}' one or more. */
  readonly segments: readonly string[];
  readonly prefix: boolean;
  readonly universal: boolean;
  /** [name, value], both lower case. */
  readonly query: readonly [string, string] | undefined;
  readonly specificity: number;
}

interface Compiled extends Pattern {
  readonly row: RightsRow;
}

const ID = '{id}';
const REST = '{filepath}';

/** Parses one pattern of the table; throws on a typo, so a bad row fails at load and in tests. */
export function parsePattern(pattern: string): Pattern {
  if (pattern === '(all)') return { method: undefined, segments: [], prefix: true, universal: true, query: undefined, specificity: 0 };
  const all = /^(\/[A-Za-z/]+) \(all\)$/.exec(pattern);
  if (all) {
    const segments = (all[1] as string).slice(1).toLowerCase().split('/');
    return { method: undefined, segments, prefix: true, universal: false, query: undefined, specificity: 100 + segments.length };
  }
  const op = /^(GET|POST|PUT|DELETE) (\/[A-Za-z{}/]+)(?:\?([A-Za-z]+)=([A-Za-z]+))?$/.exec(pattern);
  if (!op) throw new Error(`Bad rights pattern '${pattern}'.`);
  const segments = (op[2] as string).slice(1).toLowerCase().split('/');
  for (const [i, s] of segments.entries()) {
    const wild = s.includes('{');
    if ((wild && s !== ID && s !== REST) || (s === REST && i !== segments.length - 1) || s === '') throw new Error(`Bad rights pattern '${pattern}'.`);
  }
  const query = op[3] ? [op[3].toLowerCase(), (op[4] as string).toLowerCase()] as const : undefined;
  const literals = segments.filter((s) => s !== ID && s !== REST).length;
  return { method: op[1], segments, prefix: false, universal: false, query, specificity: 1000 + (query ? 500 : 0) + literals };
}

/** The path's segments, or undefined for a path no row may match (empty or dot segments). */
export function segmentsOf(path: string): string[] | undefined {
  const trimmed = path.replace(/^\//, '').replace(/\/$/, '');
  if (trimmed === '') return [];
  const segments = trimmed.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return segments.map((s) => s.toLowerCase());
}

/** The methods Enterprise Manager's operations use; an (all) row covers these, not HEAD or PATCH. */
const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE']);

function matches(p: Pattern, method: string, segments: readonly string[], query: Operation['query']): boolean {
  if (!METHODS.has(method)) return false;
  if (p.universal) return true;
  if (p.method !== undefined && p.method !== method) return false;
  const rest = !p.prefix && p.segments[p.segments.length - 1] === REST;
  if (p.prefix || rest ? segments.length < p.segments.length : segments.length !== p.segments.length) return false;
  for (let i = 0; i < p.segments.length; i++) {
    const s = p.segments[i] as string;
    if (s !== ID && s !== REST && s !== segments[i]) return false;
  }
  if (p.query) {
    const [name, value] = p.query;
    const given = Object.entries(query ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
    if (given === undefined || given.toLowerCase() !== value) return false;
  }
  return true;
}

/** Of two matching rows, does `candidate` decide instead of `best`? The two rules of the header. */
function wins(candidate: Compiled, best: Compiled | undefined): boolean {
  if (!best) return true;
  if (candidate.specificity !== best.specificity) return candidate.specificity > best.specificity;
  return candidate.row.effect === 'deny';
}

export interface MatcherOptions {
  /** Operations narrowed to the account's restore scope for the `scopedRoles` (patterns as the rows'). */
  readonly restoreOperations?: readonly string[];
  readonly scopedRoles?: readonly Role[];
}

/** A compiled matrix: what its rows say of one operation. */
export interface Matcher {
  /** Does any row of any role speak of the operation? */
  inMatrix(op: Operation): boolean;
  /** What the rows say for one role. */
  decide(role: Role, op: Operation): RoleDecision;
}

/** Compiles rows (and their restore-scope rule) into a matcher indexed for a short scan per request. */
export function compileMatrix(rows: readonly RightsRow[], options: MatcherOptions = {}): Matcher {
  const compiled: readonly Compiled[] = rows.map((row) => ({ ...parsePattern(row.pattern), row }));
  /** Rows by role id, then by first path segment ('' for (all)). */
  const byRole = new Map<string, Map<string, Compiled[]>>();
  const nonUniversalByFirst = new Map<string, Compiled[]>();
  for (const c of compiled) {
    const index = byRole.get(c.row.role.id) ?? new Map<string, Compiled[]>();
    byRole.set(c.row.role.id, index);
    const first = c.universal ? '' : (c.segments[0] as string);
    index.set(first, [...(index.get(first) ?? []), c]);
    if (!c.universal) nonUniversalByFirst.set(first, [...(nonUniversalByFirst.get(first) ?? []), c]);
  }
  const restorePatterns: readonly Pattern[] = (options.restoreOperations ?? []).map(parsePattern);
  const scoped = new Set((options.scopedRoles ?? []).map((r) => r.id));

  function inMatrix(op: Operation): boolean {
    const segments = segmentsOf(op.path);
    if (!segments || segments.length === 0) return false;
    const method = op.method.toUpperCase();
    return (nonUniversalByFirst.get(segments[0] as string) ?? []).some((c) => matches(c, method, segments, op.query));
  }

  function decide(role: Role, op: Operation): RoleDecision {
    const segments = segmentsOf(op.path);
    const index = byRole.get(role.id);
    if (!segments || segments.length === 0 || !index || !inMatrix(op)) return { role, allowed: false, row: undefined, restoreScope: false };
    const method = op.method.toUpperCase();
    let best: Compiled | undefined;
    for (const c of [...(index.get(segments[0] as string) ?? []), ...(index.get('') ?? [])]) {
      if (matches(c, method, segments, op.query) && wins(c, best)) best = c;
    }
    const allowed = best?.row.effect === 'allow';
    const restoreScope = allowed && scoped.has(role.id) && restorePatterns.some((p) => matches(p, method, segments, op.query));
    return { role, allowed, row: best?.row, restoreScope };
  }

  return { inMatrix, decide };
}
