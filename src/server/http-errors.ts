// Failures that belong to HTTP itself rather than to the domain or a body's shape.
export class HttpError extends Error {
  constructor(readonly status: 405 | 413 | 415 | 501, message: string, readonly headers: Readonly<Record<string, string>> = {}) {
    super(message);
  }
}

/** A failure the emulator injects (/emsec/faults): the rule chose the status and message. */
export class InjectedFault extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
