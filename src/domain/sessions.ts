// Logon sessions: Basic credentials in, an unguessable token out. By default the token is the
// product's: base64 of the SessionId string (a random v4 GUID), so the SessionId is as secret as
// the token and only its owner sees it; others see its reference (session-ref.ts). With
// `--session-tokens opaque` the token is 192 random bits unrelated to the SessionId. Tokens are
// kept only as SHA-256 hashes either way.
import { createHash, randomBytes } from 'node:crypto';
import type { Directory, DirectoryUser } from '../identity/directory.ts';
import { NO_METRICS, type Metrics } from '../metrics.ts';
import type { Repos, Store } from '../store/repos.ts';
import type { Clock } from './clock.ts';
import { SYSTEM, actorOf, type Actor, type AuditAction, type AuditTrail } from './audit.ts';
import { LogonThrottle, type ThrottleSettings } from './throttle.ts';
import { Forbidden, NotFound, Unauthenticated, Unavailable } from './errors.ts';
import { isGuid, newId } from './ids.ts';
import { sessionRef } from './session-ref.ts';
import type { Account, SessionRecord } from './model.ts';
import { ROLE } from './roles.ts';
import { sessionCachePolicy, type SessionCachePolicy } from './session-cache.ts';

export interface SessionOptions {
  /** A session not used for this long is over (http_authentication.md: 15 minutes). */
  readonly idleTimeoutMs: number;
  /** How stale the stored last-use time may get before a request writes it again. */
  readonly touchIntervalMs: number;
  /** Failed-logon throttling (throttle.ts). */
  readonly throttle: ThrottleSettings;
  /** Most sessions one user may hold; a logon beyond it ends the user's oldest. 0: no cap. */
  readonly maxSessionsPerUser: number;
  /** Where logon outcomes are counted (metrics.ts); nothing is recorded when absent. */
  readonly metrics?: Metrics | undefined;
  /** How tokens are made: the product's base64 of the SessionId, or random bits. */
  readonly tokens: SessionTokens;
}

/** `session-id`: token = base64(SessionId), as the product (docs/conformance.md); `opaque`: 192 random bits. */
export const SESSION_TOKENS = ['session-id', 'opaque'] as const;
export type SessionTokens = (typeof SESSION_TOKENS)[number];

/** The token of a new session whose SessionId is `id`. */
export function newToken(id: string, kind: SessionTokens): string {
  return kind === 'opaque' ? randomBytes(24).toString('base64') : Buffer.from(id, 'utf8').toString('base64');
}

/** The id a caller is shown for a session: the SessionId to its own user, its reference to anyone else. */
export function shownSessionId(caller: Principal, record: SessionRecord): string {
  return record.userName === caller.session.userName ? record.id : sessionRef(record.id);
}

/** Who is calling: the session and the role ids it holds now. */
export interface Principal {
  readonly session: SessionRecord;
  readonly roles: ReadonlySet<string>;
  /**
   * On a shared store, the authorization version this request's session lookup read: the
   * request's view of the data, which reads may be answered as of (AccountRepo.withRoles).
   */
  readonly asOf?: number | undefined;
}

/** Bumped by every change to accounts or assignments, so sessions re-read their roles. */
export class AuthzVersion {
  value = 0;
  bump(): void {
    this.value++;
  }
}

const LOGON_FAILED = 'Logon failed: unknown user name or bad password, or the account has no Enterprise Manager role.';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function parseBasic(header: string | undefined): { name: string; password: string } | undefined {
  const m = header && /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The user's own account and the accounts of their groups. */
export function accountsOf(repos: Repos, user: DirectoryUser): Promise<Account[]> {
  return repos.accounts.byNames([user.name, ...user.groups]);
}

/** Role ids the user holds through their own account and the accounts of their groups. */
export async function effectiveRoles(repos: Repos, user: DirectoryUser): Promise<Set<string>> {
  const accounts = await accountsOf(repos, user);
  return new Set(await repos.assignments.rolesOfAny(accounts.map((a) => a.id)));
}

export class Sessions {
  /** This node's sessions, and how far they may be trusted: chosen once, by the store (session-cache.ts). */
  private readonly cache: SessionCachePolicy;

  /** How many sessions this node holds in memory. */
  get inMemory(): number {
    return this.cache.size;
  }
  private readonly throttle: LogonThrottle;
  private readonly metrics: Metrics;

  constructor(
    private readonly store: Store,
    private readonly directory: Directory,
    private readonly clock: Clock,
    private readonly version: AuthzVersion,
    private readonly options: SessionOptions,
    private readonly audit: AuditTrail,
  ) {
    this.cache = sessionCachePolicy(store, version);
    this.throttle = new LogonThrottle(clock, options.throttle);
    this.metrics = options.metrics ?? NO_METRICS;
  }

  /** Sessions not ended and not idle, on every node of the store (the active-sessions gauge). */
  async countActive(): Promise<number> {
    return (await this.store.sessions.list()).filter((s) => !this.isIdle(s)).length;
  }

  /**
   * Basic credentials in, a session out. Every refusal is the same 401 (LOGON_FAILED) and is
   * recorded; a name or address with too many recent failures is refused before the password
   * check (throttle.ts).
   */
  async logon(authorization: string | undefined, from: Actor): Promise<{ token: string; session: SessionRecord }> {
    if (authorization === undefined || authorization.trim() === '') {
      // A client's first, credential-less request (RFC 7617 challenge): not an attempt.
      throw new Unauthenticated('The Authorization header with Basic credentials is missing or malformed.');
    }
    const credentials = parseBasic(authorization);
    const claimed: Actor = { user: credentials?.name ?? null, sessionId: null, remote: from.remote };
    const refusal = this.throttle.refuse(claimed.user, claimed.remote);
    if (refusal) {
      this.metrics.logon('throttled');
      if (refusal.first) await this.audit.failure(claimed, 'logon', { resource: '/sessionMngr', reason: 'Refused without a password check: too many failed logons for this user name or from this address.' });
      throw new Unauthenticated(LOGON_FAILED);
    }
    const refuse = async (reason: string, message = LOGON_FAILED): Promise<never> => {
      this.metrics.logon('wrong_password');
      this.throttle.failed(claimed.user, claimed.remote);
      await this.audit.failure(claimed, 'logon', { resource: '/sessionMngr', reason });
      throw new Unauthenticated(message);
    };
    if (!credentials) return refuse('Malformed Basic credentials.', 'The Authorization header with Basic credentials is missing or malformed.');
    const user = await this.directory.authenticate(credentials.name, credentials.password).catch((err: unknown) => {
      if (err instanceof Unavailable) this.metrics.logon('directory_down');
      throw err;
    });
    if (!user) return refuse('Unknown user name or bad password.');
    const version = this.version.value;
    const roles = await effectiveRoles(this.store, user);
    if (roles.size === 0) return refuse(`'${user.name}' holds no Enterprise Manager role (own account or a group's).`);
    this.throttle.succeeded(credentials.name);
    const id = newId();
    const token = newToken(id, this.options.tokens);
    const now = this.clock.now();
    const record: SessionRecord = { id, tokenHash: hashToken(token), userName: user.name, createdAt: now, lastSeenAt: now };
    const actor = actorOf(record, from.remote);
    const ended = await this.store.write(async (tx) => {
      const gone = await this.makeRoom(tx, user.name, actor, now);
      await tx.sessions.insert(record);
      await tx.audit.insert(this.audit.record(actor, 'logon', 'success', { resource: `/logonSessions/${sessionRef(record.id)}`, after: { user: user.name, sessionId: sessionRef(record.id) } }));
      return gone;
    });
    for (const old of ended) this.cache.delete(old.tokenHash);
    this.metrics.logon('ok');
    this.cache.add(record, roles, version);
    return { token, session: record };
  }

  /**
   * Ends the user's idle sessions and, at the cap, the oldest live ones, so the new session fits
   * (docs/decisions.md: the oldest gives way rather than the logon being refused).
   */
  private async makeRoom(tx: Repos, userName: string, actor: Actor, now: number): Promise<SessionRecord[]> {
    const cap = this.options.maxSessionsPerUser;
    if (cap === 0) return [];
    const ended: SessionRecord[] = [];
    const live: SessionRecord[] = [];
    for (const s of await tx.sessions.ofUser(userName)) (this.isIdle(s) ? ended : live).push(s);
    for (const s of ended) {
      if (await tx.sessions.deleteIdle(s.id, now - this.options.idleTimeoutMs)) await tx.audit.insert(this.endRecord(s, 'session.expire', { ...SYSTEM, remote: actor.remote }));
    }
    const evicted = live.slice(0, Math.max(0, live.length - cap + 1));
    for (const s of evicted) {
      if (await tx.sessions.delete(s.id)) {
        await tx.audit.insert(this.endRecord(s, 'session.evict', actor, `The user reached ${cap} sessions; the oldest was ended for a new logon.`));
      }
    }
    return [...ended, ...evicted];
  }

  private endRecord(session: SessionRecord, action: AuditAction, actor: Actor, reason: string | null = null): ReturnType<AuditTrail['record']> {
    // Automatic ends are done on behalf of the session's own user.
    const who = actor.user === null ? { ...actor, user: session.userName, sessionId: session.id } : actor;
    return this.audit.record(who, action, 'success', {
      resource: `/logonSessions/${sessionRef(session.id)}`,
      before: { user: session.userName, sessionId: sessionRef(session.id), createdAt: new Date(session.createdAt).toISOString() },
      reason,
    });
  }

  /** The principal behind a token; throws Unauthenticated when it is unknown or idle too long. */
  async authenticate(token: string, remote: string | null = null): Promise<Principal> {
    const checked = await this.cache.check(hashToken(token));
    if (!checked) throw new Unauthenticated('The session is not valid or has expired. Log on again.');
    const { live, version, asOf } = checked;
    const now = this.clock.now();
    if (now - live.lastSeenAt > this.options.idleTimeoutMs) {
      await this.end(live.record, 'session.expire', { ...SYSTEM, remote }, 'Idle for longer than the idle timeout.');
      throw new Unauthenticated('The session is not valid or has expired. Log on again.');
    }
    if (live.version !== version) {
      const user = await this.directory.user(live.record.userName);
      live.roles = user ? await effectiveRoles(this.store, user) : new Set();
      live.version = version;
    }
    if (live.roles.size === 0) {
      await this.end(live.record, 'session.revoke', { ...SYSTEM, remote }, 'The user no longer holds any Enterprise Manager role.');
      throw new Unauthenticated('The account behind this session no longer has an Enterprise Manager role. Log on again.');
    }
    live.lastSeenAt = now;
    if (now - live.persistedAt >= this.options.touchIntervalMs) {
      live.persistedAt = now;
      // Losing a last-use update only shortens a session; it never blocks the request.
      this.store.write((tx) => tx.sessions.touch(live.record.id, now)).catch(() => undefined);
    }
    return { session: live.record, roles: live.roles, asOf };
  }

  /**
   * The user behind a token, without using the session (its last use and expiry stay as they
   * are): the fault rules of the emulator match on it. Null for no or an unknown token.
   */
  async userOf(token: string | undefined): Promise<string | null> {
    if (!token) return null;
    const tokenHash = hashToken(token);
    const live = this.cache.get(tokenHash);
    if (live) return live.record.userName;
    return (await this.store.sessions.lookup(tokenHash))?.session.userName ?? null;
  }

  /**
   * Ends a session now, as the emulator's controls ask (/emsec/sessions): `expire` as if it had
   * idled out (recorded as an expiry), `end` as if the service had dropped it. Its next request
   * gets 401 on every node.
   */
  async endNow(id: string, how: 'end' | 'expire', actor: Actor): Promise<SessionRecord> {
    // By SessionId, or by the reference an administrator is shown of other users' sessions.
    const wanted = id.toLowerCase();
    const record = isGuid(id)
      ? await this.store.sessions.byId(wanted) ?? (await this.store.sessions.list()).find((s) => sessionRef(s.id) === wanted)
      : undefined;
    if (!record) throw new NotFound(`Logon session '${id.slice(0, 64)}' was not found.`);
    await this.end(record, how === 'expire' ? 'session.expire' : 'session.revoke', actor,
      how === 'expire' ? 'Expired on demand through /emsec/sessions (the emulator).' : 'Ended on demand through /emsec/sessions (the emulator).');
    return record;
  }

  /** The roles a session holds now: the cached answer when this node has it, else the directory's. */
  async rolesOf(record: SessionRecord): Promise<ReadonlySet<string>> {
    const cached = this.cache.currentRoles(record);
    if (cached) return cached;
    const user = await this.directory.user(record.userName);
    return user ? effectiveRoles(this.store, user) : new Set();
  }

  async list(caller: Principal): Promise<SessionRecord[]> {
    const all = (await this.store.sessions.list()).filter((s) => !this.isIdle(s));
    return isAdministrator(caller) ? all : all.filter((s) => s.userName === caller.session.userName);
  }

  /** GET /logonSessions/{ID}: by SessionId, or by the reference an administrator was shown. */
  async get(caller: Principal, id: string): Promise<SessionRecord> {
    return this.permitted(caller, id, await this.find(caller, id));
  }

  private async find(caller: Principal, id: string): Promise<SessionRecord | undefined> {
    // Not a GUID, not a session: never sent to the store (PostgreSQL refuses a NUL byte with an error).
    if (!isGuid(id)) return undefined;
    const wanted = id.toLowerCase();
    const record = await this.store.sessions.byId(wanted);
    if (record) return this.isIdle(record) ? undefined : record;
    // References are one-way: the sessions the caller may see are searched for the one shown as `id`.
    const visible = isAdministrator(caller) ? await this.store.sessions.list() : await this.store.sessions.ofUser(caller.session.userName);
    return visible.find((s) => !this.isIdle(s) && sessionRef(s.id) === wanted);
  }

  private permitted(caller: Principal, id: string, record: SessionRecord | undefined): SessionRecord {
    if (!record) throw new NotFound(`Logon session '${id}' was not found.`);
    if (record.userName !== caller.session.userName && !isAdministrator(caller)) {
      throw new Forbidden('Only a Portal Administrator may see or end the sessions of other users.');
    }
    return record;
  }

  /** DELETE /logonSessions/{ID}: ends that one session and no other. */
  async logout(caller: Principal, id: string, from: Actor): Promise<void> {
    // The trail names the session by its reference, never by the SessionId the URL may carry.
    await this.audit.run(from, 'logout', '/logonSessions', async (entry) => {
      const found = await this.find(caller, id);
      if (found) entry.describe({ resource: `/logonSessions/${sessionRef(found.id)}` });
      const record = this.permitted(caller, id, found);
      entry.describe({ before: { user: record.userName, sessionId: sessionRef(record.id), createdAt: new Date(record.createdAt).toISOString() } });
      this.cache.delete(record.tokenHash);
      await entry.write((tx) => tx.sessions.delete(record.id));
    });
  }

  /**
   * Ends every session idle for longer than the timeout, each with its audit record, so a
   * session nobody uses again still leaves its expiry in the trail. Run periodically (Emsec).
   */
  async sweep(): Promise<number> {
    const cutoff = this.clock.now() - this.options.idleTimeoutMs;
    let ended = 0;
    const records = await this.store.sessions.list();
    this.cache.keepOnly(records);
    for (const record of records) {
      if (!this.isIdle(record)) continue;
      const gone = await this.store.write(async (tx) => {
        if (!(await tx.sessions.deleteIdle(record.id, cutoff))) return false;
        await tx.audit.insert(this.endRecord(record, 'session.expire', SYSTEM, 'Idle for longer than the idle timeout.'));
        return true;
      });
      this.cache.delete(record.tokenHash);
      if (gone) ended++;
    }
    return ended;
  }

  /** Drops every cached session (after a reset the store holds none). */
  forgetAll(): void {
    this.cache.clear();
    this.version.bump();
  }

  private isIdle(record: SessionRecord): boolean {
    const lastSeen = Math.max(record.lastSeenAt, this.cache.get(record.tokenHash)?.lastSeenAt ?? 0);
    return this.clock.now() - lastSeen > this.options.idleTimeoutMs;
  }

  /** Ends a session with its audit record, once: a second caller finds it gone and records nothing. */
  private async end(record: SessionRecord, action: AuditAction, actor: Actor, reason: string): Promise<void> {
    this.cache.delete(record.tokenHash);
    await this.store.write(async (tx) => {
      if (await tx.sessions.delete(record.id)) await tx.audit.insert(this.endRecord(record, action, actor, reason));
    });
  }
}

export function isAdministrator(principal: Principal): boolean {
  return principal.roles.has(ROLE.PortalAdministrator.id);
}
