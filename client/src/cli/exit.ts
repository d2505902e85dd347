// emctl's exit codes and how errors map to them: 0 ok, 1 refused by the server (its Message on
// stderr), 2 usage, 3 not logged on or the session is gone.
import { ApiError, EmClientError } from '../errors.js';

export const EXIT = { ok: 0, refused: 1, usage: 2, session: 3 } as const;

/** A mistake on the command line (exit 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** No session kept, or the server no longer knows it (exit 3). */
export class SessionGone extends Error {
  override name = 'SessionGone';
}

export function exitCodeOf(err: unknown, duringLogin: boolean): number {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof SessionGone) return EXIT.session;
  if (err instanceof ApiError && err.status === 401 && !duringLogin) return EXIT.session;
  if (err instanceof EmClientError) return EXIT.refused;
  return EXIT.refused;
}

export function messageOf(err: unknown, duringLogin: boolean): string {
  if (err instanceof ApiError && err.status === 401 && !duringLogin) {
    return `The session is gone (${err.body.Message}). Log on again: emctl login URL --user NAME`;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}
