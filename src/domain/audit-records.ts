// What the audit trail records and how it is queried: the types the store's audit repository
// reads and writes (store/repos.ts), apart from the trail's logic (audit.ts), so the store depends
// on no domain logic.

export const AUDIT_ACTIONS = [
  'logon', 'logout', 'session.expire', 'session.revoke', 'session.evict',
  'account.create', 'account.delete', 'account.toggle', 'role.assign', 'role.unassign',
  'scope.add', 'scope.remove', 'scope.rebuild', 'user.add', 'user.passwd', 'user.remove', 'seed', 'reset',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditResult = 'success' | 'failure';

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** One record as written. */
export interface AuditRecord {
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly action: AuditAction;
  readonly result: AuditResult;
  readonly user: string | null;
  readonly sessionId: string | null;
  readonly remote: string | null;
  /** The resource acted on, as its /api path (`/security/accounts/<id>/roles/<roleId>`). */
  readonly resource: string | null;
  readonly before: Json;
  readonly after: Json;
  /** Why a change failed (the error's message), or a note on an automatic one. */
  readonly reason: string | null;
}

/** A record as read back, with its position in the trail. */
export interface AuditEvent extends AuditRecord {
  readonly seq: number;
}

export interface AuditQuery {
  /** Records at or after this time (ms). */
  readonly since?: number | undefined;
  /** Records before this time (ms). */
  readonly until?: number | undefined;
  /** The acting user, ignoring case. */
  readonly user?: string | undefined;
  readonly action?: AuditAction | undefined;
  /** Only records after this position in the order asked for (the cursor of the previous page). */
  readonly afterSeq?: number | undefined;
  /** Newest first, or oldest first when false or absent (the API and the CLI ask for newest first by default). */
  readonly newestFirst?: boolean | undefined;
  readonly limit: number;
}

export function isAuditAction(s: string): s is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(s);
}
