// Knowing cheaply whether the data may have changed, so reads can be reused until it does.
//
// "The data" is everything that decides authorization and what the API shows: every table but
// sessions, tasks and audit (the same set that takes the authorization lock on PostgreSQL).
// A token is a number that differs after any change to it, by this process or any other:
// - SQLite (one server process owns the file): a counter this process bumps after each of its
//   own commits, and after it notices another process's commit (`emsec users`, `emsec seed`
//   run beside the server) by polling `PRAGMA data_version`.
// - PostgreSQL (several nodes): the `authz_version` meta row every such change bumps in its own
//   transaction; reading it is one indexed lookup.

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
 * Caches the results of one read by key, each labelled with the token read before it ran; an
 * entry whose label is no longer the token is never returned. Only for in-process tokens: with a
 * token that costs a query, the cache would save nothing. Values are frozen, so no caller can
 * change what the next one reads.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { readonly token: number; readonly value: V }>();

  constructor(
    private readonly token: () => number,
    private readonly max = 10_000,
  ) {}

  async get(key: string, read: () => Promise<V>): Promise<V> {
    const token = this.token();
    const hit = this.entries.get(key);
    if (hit && hit.token === token) return hit.value;
    const value = deepFreeze(await read());
    // A commit while the read ran may have made it stale: keep it only if the token did not move.
    if (this.token() === token) {
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
