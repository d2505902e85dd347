// The audit trail: every logon, failed logon, logout, session end and change to who may do what,
// recorded durably in the same transaction as the change itself (a failed change in a write of
// its own). A record says when, who (the user name and the session's reference — never the
// token nor the SessionId, which is as good as one), from where (the client's address), what (the resource, before and after) and how it
// ended. Nothing secret is ever put in one: no password, token, token hash or Authorization
// header reaches this module.
import { hostname, userInfo } from 'node:os';
import type { Repos, Store } from '../store/repos.ts';
import type { Clock } from './clock.ts';
import type { SessionRecord } from './model.ts';
import type { AuditAction, AuditEvent, AuditQuery, AuditRecord, AuditResult, Json } from './audit-records.ts';
import { sessionRef } from './session-ref.ts';
import { clip } from '../text.ts';

export {
  AUDIT_ACTIONS, isAuditAction, type AuditAction, type AuditEvent, type AuditQuery, type AuditRecord, type AuditResult, type Json,
} from './audit-records.ts';

/** Who asks and from where: threaded from the request into every auditable domain call. */
export interface Actor {
  /** The user behind the session (`DOMAIN\name`); on a logon, the name the credentials claim. */
  readonly user: string | null;
  /** The SessionId of the acting session; records keep only its reference (session-ref.ts). */
  readonly sessionId: string | null;
  /** The client's address as the server saw it. */
  readonly remote: string | null;
}

/** Who acts through a session (none: a request without one) from a client's address. */
export function actorOf(session: Pick<SessionRecord, 'id' | 'userName'> | undefined, remote: string | null): Actor {
  return { user: session?.userName ?? null, sessionId: session?.id ?? null, remote };
}

/** Changes emsec makes on its own (the idle-session sweep). */
export const SYSTEM: Actor = Object.freeze({ user: null, sessionId: null, remote: null });

/** Longest user name or reason kept in a record (a claimed logon name is client input). */
const MAX_TEXT = 256;

const clipped = (s: string | null): string | null => (s === null ? null : clip(s, MAX_TEXT));

export interface AuditFields {
  readonly resource?: string | null | undefined;
  readonly before?: Json | undefined;
  readonly after?: Json | undefined;
  readonly reason?: string | null | undefined;
}

/**
 * Who changes the store from a command on this machine (`emsec users`, `emsec seed`, `emsec serve
 * --seed`): there is no session, so the operating-system user running the command, with no
 * DOMAIN\ (no directory user has a bare name), from `cli@HOST`.
 */
export function localActor(): Actor {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for the uid (a container run with an arbitrary --user).
    user = process.env['USER'] || process.env['USERNAME'] || `uid ${process.getuid?.() ?? 'unknown'}`;
  }
  return { user, sessionId: null, remote: `cli@${hostname()}` };
}

/** At most this many names of one kind in a record; `count` says how many there were. */
export const MAX_NAMES = 20;

export type NameList = { readonly count: number; readonly names: readonly string[] };

/** Names for a record, bounded: the count, and the first MAX_NAMES of them in their order. */
export function nameList(names: readonly string[]): NameList {
  return { count: names.length, names: names.slice(0, MAX_NAMES) };
}

export type NameChanges = { readonly removed: NameList; readonly replaced: NameList; readonly added: NameList };

/**
 * What became of the things `before` once the store holds `after`, matched by `key`, listed by
 * `name`: gone, written again, or new.
 */
export function changesBy<T>(before: readonly T[], after: readonly T[], key: (t: T) => string, name: (t: T) => string): NameChanges {
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  return {
    removed: nameList(before.filter((t) => !is.has(key(t))).map(name)),
    replaced: nameList(after.filter((t) => was.has(key(t))).map(name)),
    added: nameList(after.filter((t) => !was.has(key(t))).map(name)),
  };
}

/** changesBy for names compared ignoring case, as the store keys accounts and users. */
export function nameChanges(before: readonly string[], after: readonly string[]): NameChanges {
  return changesBy(before, after, (n) => n.toLowerCase(), (n) => n);
}

/** One auditable operation on its way: what it acts on, filled in as the operation learns it. */
export class AuditEntry {
  private fields: AuditFields;
  private written = false;

  constructor(
    private readonly trail: AuditTrail,
    private readonly actor: Actor,
    private readonly action: AuditAction,
    resource: string | null,
  ) {
    this.fields = { resource };
  }

  /** Adds or replaces the resource, before and after of the record. */
  describe(fields: AuditFields): void {
    this.fields = { ...this.fields, ...fields };
  }

  /** The operation's one write: `change`, then its success record, in the same transaction. */
  write<R>(change: (tx: Repos) => Promise<R>): Promise<R> {
    return this.trail.store.write(async (tx) => {
      const result = await change(tx);
      await tx.audit.insert(this.trail.record(this.actor, this.action, 'success', this.fields));
      this.written = true;
      return result;
    });
  }

  /** Records the failure in a write of its own; a store that cannot write loses it, nothing else. */
  async fail(err: unknown): Promise<void> {
    if (this.written) return;
    const reason = err instanceof Error ? err.message : String(err);
    await this.trail.store.write((tx) => tx.audit.insert(this.trail.record(this.actor, this.action, 'failure', { ...this.fields, reason })))
      .catch(() => undefined);
  }
}

export class AuditTrail {
  constructor(readonly store: Store, private readonly clock: Clock) {}

  record(actor: Actor, action: AuditAction, result: AuditResult, fields: AuditFields): AuditRecord {
    return {
      at: this.clock.now(),
      action,
      result,
      user: clipped(actor.user),
      // The SessionId is as good as a token (docs/security.md): the trail keeps its reference.
      sessionId: actor.sessionId === null ? null : sessionRef(actor.sessionId),
      remote: actor.remote,
      resource: fields.resource ?? null,
      before: fields.before ?? null,
      after: fields.after ?? null,
      reason: clipped(fields.reason ?? null),
    };
  }

  /**
   * Runs an auditable operation. `op` makes its checks and its one write through
   * `entry.write(change)`, which inserts the success record in that transaction. When `op`
   * throws, the failure is recorded in a write of its own and the error is rethrown.
   */
  async run<T>(actor: Actor, action: AuditAction, resource: string | null, op: (entry: AuditEntry) => Promise<T>): Promise<T> {
    const entry = new AuditEntry(this, actor, action, resource);
    try {
      return await op(entry);
    } catch (err) {
      await entry.fail(err);
      throw err;
    }
  }

  /** One page of the trail (GET /emsec/audit, `emsec audit`). */
  page(query: AuditQuery): Promise<AuditEvent[]> {
    return this.store.audit.page(query);
  }

  /**
   * Records a failure that changed nothing (a refused logon), in a write of its own; a store that
   * cannot write loses it, nothing else: the refusal and its answer stand either way.
   */
  async failure(actor: Actor, action: AuditAction, fields: AuditFields): Promise<void> {
    await this.store.write((tx) => tx.audit.insert(this.record(actor, action, 'failure', fields))).catch(() => undefined);
  }
}

/** One audit record as JSON: for GET /emsec/audit and `emsec audit --json`. */
export function auditJson(e: AuditEvent): Record<string, Json> {
  return {
    seq: e.seq, at: new Date(e.at).toISOString(), action: e.action, result: e.result, user: e.user, sessionId: e.sessionId,
    remote: e.remote, resource: e.resource, before: e.before, after: e.after, reason: e.reason,
  };
}
