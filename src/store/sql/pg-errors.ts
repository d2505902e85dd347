// How a PostgreSQL failure is told apart and surfaced: a retryable conflict, a database that cannot
// serve right now (StoreUnavailableError, answered 503), or text PostgreSQL cannot store (400).
import { Invalid, StoreUnavailableError } from '../../domain/errors.ts';

/** The pg error code (SQLSTATE), or a Node system error code, or undefined. */
export function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const RETRY = new Set(['40001', '40P01', '23505', '23503']);
const SYSTEM_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The database cannot serve right now: a lost or refused connection, the pool's connection
 * timeout, a statement timeout, shutdown, too many connections, out of disk.
 */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  const code = codeOf(err);
  if (code && (SYSTEM_UNAVAILABLE.has(code) || /^(08|53|57|58)/.test(code) || code === '25P03')) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|connection is closed/i.test(message);
}

export function unavailable(err: unknown): StoreUnavailableError {
  return err instanceof StoreUnavailableError ? err : new StoreUnavailableError(`The database cannot be reached: ${(err as Error).message}`, { cause: err });
}

/** Wraps every method of a repository so a failure of the database surfaces as StoreUnavailableError. */
export function guarded<T extends object>(repo: T, before?: () => Promise<void>): T {
  return new Proxy(repo, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]): Promise<unknown> => {
        try {
          if (before) await before();
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (err) {
          if (codeOf(err) === '22021') throw new Invalid('Text with a NUL character (U+0000) cannot be stored or looked up.', { cause: err });
          throw isUnavailable(err) ? unavailable(err) : err;
        }
      };
    },
  });
}
