// What EnterpriseManager.logon() and friends accept.
import type { LogonSession } from './types.js';

/** Retries of a request answered 503 Service Unavailable, with exponential backoff. */
export interface RetryOptions {
  /** Further attempts after the first (default 3 when retries are on). */
  attempts: number;
  /** First delay, doubled at each attempt with jitter (default 200 ms). */
  baseDelayMs?: number;
  /** Upper bound of one delay, also for a server's Retry-After (default 5000 ms). */
  maxDelayMs?: number;
}

/** Node only: how to trust the server's certificate. */
export interface TlsOptions {
  /** Accept any certificate (emsec's self-signed one on a laptop). Never in production. */
  insecure?: boolean;
  /** PEM of the certificate authority (or the self-signed certificate) to trust. */
  ca?: string | Uint8Array;
}

export interface ConnectOptions {
  /** The server's origin (`https://em.example.com:9398`); a URL ending in `/api` works too. */
  url: string;
  /** Milliseconds one attempt of a request may take (default 30000; 0: no timeout). */
  timeout?: number;
  /** Retry 503 answers: a number of attempts or the full options (default: no retry). */
  retries?: number | RetryOptions;
  /** On a 401 from an expired session, log on again once and retry (default true; needs the password). */
  relogon?: boolean;
  /** Aborts every request of this client. */
  signal?: AbortSignal;
  /** A fetch to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /** Node only: certificate trust (loads undici). */
  tls?: TlsOptions;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

export interface LogonOptions extends ConnectOptions {
  /** `DOMAIN\name`, or `name@domain` for external users. */
  user: string;
  password: string;
  /** API version to log on with (`latest`, `v1_7`...; default `latest`). */
  version?: string;
}

export interface ResumeOptions extends ConnectOptions {
  /** The X-RestSvcSessionId of a session logged on earlier. */
  token: string;
  /** Its LogonSession, when known (for logout and whoami without a request). */
  session?: LogonSession;
  /** With a password, a session found gone is replaced by a new logon (as after logon()). */
  user?: string;
  password?: string;
  version?: string;
}

/** Per call: cancel it, or give it a timeout of its own. */
export interface CallOptions {
  signal?: AbortSignal;
  timeout?: number;
}
