// The few ways a domain operation can fail. server/error-map.ts turns each into a status code
// and the documented Error body (the HTTP layer's own errors, server/http-errors.ts, carry theirs).

export abstract class DomainError extends Error {}

/** The resource named in the request does not exist. */
export class NotFound extends DomainError {
  override readonly name = 'NotFound';
}

/** The request would duplicate something that exists (an account, an assignment). */
export class Conflict extends DomainError {
  override readonly name = 'Conflict';
}

/** The request is well-formed but asks for something the rules do not allow. */
export class Invalid extends DomainError {
  override readonly name = 'Invalid';
}

/** The caller's roles do not allow the operation. */
export class Forbidden extends DomainError {
  override readonly name = 'Forbidden';
}

/** No valid credentials or session. */
export class Unauthenticated extends DomainError {
  override readonly name = 'Unauthenticated';
}

/** A dependency (the store, the directory) cannot serve the request right now. */
export class Unavailable extends DomainError {
  override readonly name: string = 'Unavailable';
}

/**
 * The store itself failed (disk full, read-only file, lost connection, failed commit): the one 503
 * whose cause is ours, so it is logged with its stack and the client is told only that nothing
 * was changed (its message may name files or hosts).
 */
export class StoreUnavailableError extends Unavailable {
  override readonly name = 'StoreUnavailableError';
}
