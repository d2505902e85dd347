// Logon sessions: Basic credentials in, an unguessable token out. Tokens are kept only as
// SHA-256 hashes; the public session id (a GUID) is what URLs and bodies show.
import { createHash, randomBytes } from 'node:crypto';
import type { Directory, DirectoryUser } from '../identity/directory.ts';
import type { Repos, Store } from '../store/repos.ts';
import type { Clock } from './clock.ts';
import { Forbidden, NotFound, Unauthenticated } from './errors.ts';
import { newId } from './ids.ts';
import type { Account, SessionRecord } from './model.ts';
import { ROLE } from './roles.ts';

export interface SessionOptions {
  /** A session not used for this long is over (http_authentication.md: 15 minutes). */
  readonly idleTimeoutMs: number;
  /** How stale the stored last-use time may get before a request writes it again. */
  readonly touchIntervalMs: number;
}

/** Who is calling: the session and the role ids it holds now. */
export interface Principal {
  readonly session: SessionRecord;
  readonly roles: ReadonlySet<string>;
}

/** Bumped by every change to accounts or assignments, so sessions re-read their roles. */
export class AuthzVersion {
  value = 0;
  bump(): void {
    this.value++;
  }
}

interface Live {
  record: SessionRecord;
  lastSeenAt: number;
  persistedAt: number;
  roles: ReadonlySet<string>;
  version: number;
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
  private readonly byToken = new Map<string, Live>();

  constructor(
    private readonly store: Store,
    private readonly directory: Directory,
    private readonly clock: Clock,
    private readonly version: AuthzVersion,
    private readonly options: SessionOptions,
  ) {}

  async logon(authorization: string | undefined): Promise<{ token: string; session: SessionRecord }> {
    const credentials = parseBasic(authorization);
    if (!credentials) throw new Unauthenticated('The Authorization header with Basic credentials is missing or malformed.');
    const user = await this.directory.authenticate(credentials.name, credentials.password);
    if (!user) throw new Unauthenticated(LOGON_FAILED);
    const version = this.version.value;
    const roles = await effectiveRoles(this.store, user);
    if (roles.size === 0) throw new Unauthenticated(LOGON_FAILED);
    const token = randomBytes(24).toString('base64');
    const now = this.clock.now();
    const record: SessionRecord = { id: newId(), tokenHash: hashToken(token), userName: user.name, createdAt: now, lastSeenAt: now };
    await this.store.write((tx) => tx.sessions.insert(record));
    // On a shared store the version is the database's (unknown here): the first request re-reads.
    this.byToken.set(record.tokenHash, { record, lastSeenAt: now, persistedAt: now, roles, version: this.store.shared ? -1 : version });
    return { token, session: record };
  }

  /** The principal behind a token; throws Unauthenticated when it is unknown or idle too long. */
  async authenticate(token: string): Promise<Principal> {
    const tokenHash = hashToken(token);
    let live = this.byToken.get(tokenHash);
    let version = this.version.value;
    if (!live || this.store.shared) {
      // A shared store (several nodes) is asked on every request, in one indexed read: is the
      // session still there (logout elsewhere), when did any node last see it, and has
      // authorization changed anywhere (the database's version replaces the in-process one).
      const found = await this.store.sessions.lookup(tokenHash);
      if (!found) {
        this.byToken.delete(tokenHash);
        throw new Unauthenticated('The session is not valid or has expired. Log on again.');
      }
      if (this.store.shared) version = found.authzVersion;
      const seen = found.session.lastSeenAt;
      if (!live) {
        live = { record: found.session, lastSeenAt: seen, persistedAt: seen, roles: new Set(), version: -1 };
        this.byToken.set(tokenHash, live);
      } else {
        live.lastSeenAt = Math.max(live.lastSeenAt, seen);
        live.persistedAt = Math.max(live.persistedAt, seen);
      }
    }
    const now = this.clock.now();
    if (now - live.lastSeenAt > this.options.idleTimeoutMs) {
      await this.end(live.record);
      throw new Unauthenticated('The session is not valid or has expired. Log on again.');
    }
    if (live.version !== version) {
      const user = await this.directory.user(live.record.userName);
      live.roles = user ? await effectiveRoles(this.store, user) : new Set();
      live.version = version;
    }
    if (live.roles.size === 0) {
      await this.end(live.record);
      throw new Unauthenticated('The account behind this session no longer has an Enterprise Manager role. Log on again.');
    }
    live.lastSeenAt = now;
    if (now - live.persistedAt >= this.options.touchIntervalMs) {
      live.persistedAt = now;
      // Losing a last-use update only shortens a session; it never blocks the request.
      this.store.write((tx) => tx.sessions.touch(live.record.id, now)).catch(() => undefined);
    }
    return { session: live.record, roles: live.roles };
  }

  async list(caller: Principal): Promise<SessionRecord[]> {
    const all = (await this.store.sessions.list()).filter((s) => !this.isIdle(s));
    return isAdministrator(caller) ? all : all.filter((s) => s.userName === caller.session.userName);
  }

  async get(caller: Principal, id: string): Promise<SessionRecord> {
    const record = await this.store.sessions.byId(id.toLowerCase());
    if (!record || this.isIdle(record)) throw new NotFound(`Logon session '${id}' was not found.`);
    if (record.userName !== caller.session.userName && !isAdministrator(caller)) {
      throw new Forbidden('Only a Portal Administrator may see or end the sessions of other users.');
    }
    return record;
  }

  async logout(caller: Principal, id: string): Promise<void> {
    await this.end(await this.get(caller, id));
  }

  /** Drops every cached session (after a reset the store holds none). */
  forgetAll(): void {
    this.byToken.clear();
    this.version.bump();
  }

  private isIdle(record: SessionRecord): boolean {
    const lastSeen = Math.max(record.lastSeenAt, this.byToken.get(record.tokenHash)?.lastSeenAt ?? 0);
    return this.clock.now() - lastSeen > this.options.idleTimeoutMs;
  }

  private async end(record: SessionRecord): Promise<void> {
    this.byToken.delete(record.tokenHash);
    await this.store.write((tx) => tx.sessions.delete(record.id));
  }
}

export function isAdministrator(principal: Principal): boolean {
  return principal.roles.has(ROLE.PortalAdministrator.id);
}
