// This node's live sessions in memory, and how far it may trust them: the one thing about sessions
// that differs between a store of its own (SQLite) and one shared by several nodes (PostgreSQL).
// Sessions picks the policy once, from Store.shared, and never asks again.
//
// - One node: the cache is the truth. A session is read from the store once, and its roles are
//   re-read when the in-process authorization version (bumped by this node's changes and by
//   another process's, Store.onExternalChange) has moved.
// - Shared: any node may end a session or change roles, so every request asks the store in one
//   indexed read whether the session is still there, when any node last saw it, and the
//   database's authorization version; reads may be answered as of that version (Principal.asOf).
import type { Store } from '../store/repos.ts';
import type { SessionRecord } from './model.ts';

/** A session this node has seen: its record, its last use, and its roles as of `version`. */
export interface Live {
  record: SessionRecord;
  lastSeenAt: number;
  /** When the last use was last written to the store. */
  persistedAt: number;
  roles: ReadonlySet<string>;
  /** The authorization version `roles` were read at; -1: not read yet. */
  version: number;
}

/** A request's session and the authorization version its roles must be at. */
export interface Checked {
  readonly live: Live;
  readonly version: number;
  /** On a shared store, the version the request's reads may be answered as of (Principal.asOf). */
  readonly asOf: number | undefined;
}

export interface SessionCachePolicy {
  /** How many sessions are held in memory (bounded by the idle sweep; tested by the hostile-request storms). */
  readonly size: number;
  get(tokenHash: string): Live | undefined;
  delete(tokenHash: string): void;
  clear(): void;
  /** Caches a session this node just created with the roles read at `version` (the in-process one). */
  add(record: SessionRecord, roles: ReadonlySet<string>, version: number): void;
  /** The session behind a token for this request; undefined (and forgotten) when the store has none. */
  check(tokenHash: string): Promise<Checked | undefined>;
  /** The roles cached for a session, when they may be trusted without reading them again. */
  currentRoles(record: SessionRecord): ReadonlySet<string> | undefined;
  /** Forgets the sessions the store no longer has (run before each idle sweep). */
  keepOnly(stored: readonly SessionRecord[]): void;
}

/** The policy for `store`: chosen once, when Sessions is built. */
export function sessionCachePolicy(store: Store, version: { readonly value: number }): SessionCachePolicy {
  return store.shared ? new SharedStoreCache(store) : new SingleNodeCache(store, version);
}

abstract class Cache {
  protected readonly byToken = new Map<string, Live>();

  constructor(protected readonly store: Store) {}

  get size(): number {
    return this.byToken.size;
  }

  get(tokenHash: string): Live | undefined {
    return this.byToken.get(tokenHash);
  }

  delete(tokenHash: string): void {
    this.byToken.delete(tokenHash);
  }

  clear(): void {
    this.byToken.clear();
  }

  /** A session read from the store: its roles are not known yet. */
  protected remember(tokenHash: string, record: SessionRecord): Live {
    const live: Live = { record, lastSeenAt: record.lastSeenAt, persistedAt: record.lastSeenAt, roles: new Set(), version: -1 };
    this.byToken.set(tokenHash, live);
    return live;
  }
}

/** A store of this node's own: the cache is the truth, roles are current while the in-process version stands. */
class SingleNodeCache extends Cache implements SessionCachePolicy {
  constructor(store: Store, private readonly version: { readonly value: number }) {
    super(store);
  }

  add(record: SessionRecord, roles: ReadonlySet<string>, version: number): void {
    this.byToken.set(record.tokenHash, { record, lastSeenAt: record.lastSeenAt, persistedAt: record.lastSeenAt, roles, version });
  }

  async check(tokenHash: string): Promise<Checked | undefined> {
    const version = this.version.value;
    const cached = this.byToken.get(tokenHash);
    if (cached) return { live: cached, version, asOf: undefined };
    const found = await this.store.sessions.lookup(tokenHash);
    if (!found) {
      this.byToken.delete(tokenHash);
      return undefined;
    }
    return { live: this.remember(tokenHash, found.session), version, asOf: undefined };
  }

  currentRoles(record: SessionRecord): ReadonlySet<string> | undefined {
    const live = this.byToken.get(record.tokenHash);
    return live && live.version === this.version.value ? live.roles : undefined;
  }

  keepOnly(): void {
    // Only this node ends sessions, and it forgets each as it ends it.
  }
}

/** A store shared by several nodes: the store is asked on every request, and its version is the one. */
class SharedStoreCache extends Cache implements SessionCachePolicy {
  add(record: SessionRecord, roles: ReadonlySet<string>): void {
    // The database's version is unknown here: the session's first request reads the roles again.
    this.byToken.set(record.tokenHash, { record, lastSeenAt: record.lastSeenAt, persistedAt: record.lastSeenAt, roles, version: -1 });
  }

  async check(tokenHash: string): Promise<Checked | undefined> {
    const cached = this.byToken.get(tokenHash);
    // Is the session still there (logout elsewhere), when did any node last see it, and has
    // authorization changed anywhere: one indexed read.
    const found = await this.store.sessions.lookup(tokenHash);
    if (!found) {
      this.byToken.delete(tokenHash);
      return undefined;
    }
    const version = found.authzVersion;
    if (!cached) return { live: this.remember(tokenHash, found.session), version, asOf: version };
    cached.lastSeenAt = Math.max(cached.lastSeenAt, found.session.lastSeenAt);
    cached.persistedAt = Math.max(cached.persistedAt, found.session.lastSeenAt);
    return { live: cached, version, asOf: version };
  }

  currentRoles(): undefined {
    // Another node may have changed them: never answered from here.
    return undefined;
  }

  keepOnly(stored: readonly SessionRecord[]): void {
    // Sessions that other nodes ended leave this node's cache here.
    const known = new Set(stored.map((r) => r.tokenHash));
    for (const hash of this.byToken.keys()) if (!known.has(hash)) this.byToken.delete(hash);
  }
}
