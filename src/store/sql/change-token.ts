// Knowing cheaply whether the data may have changed, so reads can be reused until it does.
//
// "The data" is everything that decides authorization and what the API shows: every table but
// sessions, tasks and audit (the same set that takes the authorization lock on PostgreSQL).
// A token is a number that differs after any change to it, by this process or any other:
// - SQLite (one server process owns the file): a counter this process bumps after each of its
//   own commits, and after it notices another process's commit (`emsec users`, `emsec seed`
//   run beside the server) by polling `PRAGMA data_version`.
// - PostgreSQL (several nodes): the `authz_version` meta row every such change bumps in its own
//   transaction; reading it is one indexed lookup, and every request's session lookup reads it
//   anyway (Principal.asOf), so reads can be labelled with it at no cost.

/** Reads the current token. Read it before the data it labels, never after. */
export type ChangeToken = () => number | Promise<number>;

/** An in-process token (SQLite): free to read, so hot reads may be cached against it. */
export class Generation {
  private value = 0;
  private readonly listeners = new Set<() => void>();

  readonly read = (): number => this.value;

  /** After a commit of this process: the token moves on. */
  bump(): void {
    this.value++;
  }

  /** After another process's commit: the token moves on and listeners (sessions) hear of it. */
  external(): void {
    this.value++;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after each change made by another process; returns the unsubscribe. */
  onExternal(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** How often a SQLite server looks for commits made by other processes. */
export const EXTERNAL_POLL_MS = 500;

/**
 * Polls `version()` (SQLite's `PRAGMA data_version`, which changes only for commits of other
 * connections) and reports a change to `generation`. Returns the stop function.
 */
export function pollExternalChanges(version: () => unknown, generation: Generation, intervalMs = EXTERNAL_POLL_MS): () => void {
  let last = safely(version);
  const timer = setInterval(() => {
    const now = safely(version);
    if (now !== undefined && now !== last) {
      last = now;
      generation.external();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

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
