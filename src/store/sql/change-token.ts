// Knowing cheaply whether the data may have changed, so reads can be reused until it does.
//
// "The data" is everything that decides authorization and what the API shows: every table but
// sessions, tasks and audit (the same set that takes the authorization lock on PostgreSQL).
// A token is a number that differs after any change to it, by this process or any other:
// - SQLite (one server process owns the file): a counter this process bumps after each of its
//   own commits, and after it notices another process's commit (`emsec users`, `emsec seed`
//   run beside the server) through `PRAGMA data_version`.
// - PostgreSQL (several nodes): the `authz_version` meta row every such change bumps in its own
//   transaction; reading it is one indexed lookup, and every request's session lookup reads it
//   anyway (Principal.asOf), so reads can be labelled with it at no cost.

/** Reads the current token. Read it before the data it labels, never after. */
export type ChangeToken = () => number | Promise<number>;

/**
 * An in-process token (SQLite): free to read, so hot reads may be cached against it. With
 * `externalVersion` (SQLite's `PRAGMA data_version`, which changes only for commits of other
 * connections), the first read in each turn of the event loop also looks for another process's
 * commit, so a request never reads around a change another process finished before it arrived;
 * `watch` looks periodically too, for the live sessions' roles, which read no token.
 */
export class Generation {
  private value = 0;
  private readonly listeners = new Set<() => void>();
  private lastExternal: unknown;
  private checkedThisTurn = false;

  constructor(private readonly externalVersion?: () => unknown) {
    this.lastExternal = externalVersion && safely(externalVersion);
  }

  readonly read = (): number => {
    if (this.externalVersion && !this.checkedThisTurn) {
      this.checkedThisTurn = true;
      setImmediate(() => {
        this.checkedThisTurn = false;
      });
      this.check();
    }
    return this.value;
  };

  /** After a commit of this process: the token moves on. */
  bump(): void {
    this.value++;
  }

  /** Looks for another process's commit; when there was one, the token moves on and listeners hear of it. */
  check(): void {
    if (!this.externalVersion) return;
    const now = safely(this.externalVersion);
    if (now === undefined || now === this.lastExternal) return;
    this.lastExternal = now;
    this.value++;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after each change made by another process; returns the unsubscribe. */
  onExternal(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks every `intervalMs` (EXTERNAL_POLL_MS) until the returned function is called. */
  watch(intervalMs = EXTERNAL_POLL_MS): () => void {
    const timer = setInterval(() => this.check(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** How often a SQLite server looks for other processes' commits when no request reads a token. */
export const EXTERNAL_POLL_MS = 500;

/** A store that cannot answer now (closed, locked past busy_timeout) is asked again next time. */
function safely(version: () => unknown): unknown {
  try {
    return version();
  } catch {
    return undefined;
  }
}

/**
 * Caches the results of one read by key, each labelled with a change token read before it ran;
 * an entry is returned only to a reader holding the same token. Two kinds of token:
 * - in-process (SQLite's Generation): read here, before and after the read; a read during which
 *   the token moved (a commit overlapped it) is not kept.
 * - as of a request (PostgreSQL): the token the request's own session lookup read from the
 *   database (Principal.asOf). An entry labelled with it was read after some request saw that
 *   token, so it is at least as new as what this request saw. Without one, nothing is cached.
 * Values are frozen, so no caller can change what the next one reads.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { readonly token: number; readonly value: V }>();
  /** The token of the newest entry: entries under an older one can no longer be served to new readers. */
  private newest: number | undefined;

  private constructor(
    private readonly inProcess: (() => number) | undefined,
    private readonly max: number,
  ) {}

  static inProcess<V>(token: () => number, max = 10_000): ReadCache<V> {
    return new ReadCache<V>(token, max);
  }

  static asOfRequest<V>(max = 10_000): ReadCache<V> {
    return new ReadCache<V>(undefined, max);
  }

  async get(key: string, read: () => Promise<V>, asOf?: number): Promise<V> {
    const token = this.inProcess ? this.inProcess() : asOf;
    if (token === undefined) return read();
    const hit = this.entries.get(key);
    if (hit && hit.token === token) return hit.value;
    const value = deepFreeze(await read());
    if (!this.inProcess || this.inProcess() === token) {
      if (this.newest === undefined || token > this.newest) {
        // Tokens only grow: what was read under an older one waits for nobody new.
        this.entries.clear();
        this.newest = token;
      }
      if (this.entries.size >= this.max && !this.entries.has(key)) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { token, value });
    }
    return value;
  }
}

function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
