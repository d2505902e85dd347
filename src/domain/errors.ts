// The few ways a domain operation can fail. server/error-map.ts turns each into a status code
// and the documented Error body; nothing else in the code base knows about status codes.

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
  override readonly name = 'Unavailable';
}
