// One HTTP exchange with the API: JSON in and out, the session header, timeouts and abort,
// a single re-logon on 401 when the session has expired, and backoff retries on 503.
import { ApiError, apiError, ConnectionError, EmClientError, parseErrorBody, TimeoutError } from './errors.js';
import type { CallOptions, ConnectOptions, RetryOptions } from './options.js';
import type { LogonSession } from './types.js';

export const SESSION_HEADER = 'X-RestSvcSessionId';
const DEFAULT_TIMEOUT = 30_000;

export type Query = Record<string, string | number | boolean | undefined>;

export interface Exchange<T> {
  status: number;
  headers: Headers;
  body: T | undefined;
}

interface Credentials {
  user: string;
  password: string;
  version: string;
}

interface Sent {
  method: string;
  path: string;
  query?: Query;
  body?: unknown;
  /** Basic authorization instead of the session (logon). */
  authorization?: string;
  /** No session header and no re-logon (the entry point). */
  anonymous?: boolean;
  /** Never log on again for this one (logout). */
  noRelogon?: boolean;
  /** The path is beside the API base, not under it (emsec's /emsec/* controls). */
  outsideApi?: boolean;
}

/** Base64 of UTF-8, in Node and browsers alike (btoa alone fails outside Latin-1). */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class Transport {
  readonly base: string;
  token: string | undefined;
  session: LogonSession | undefined;
  private credentials: Credentials | undefined;
  private relogging: Promise<void> | undefined;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly timeout: number;
  private readonly retry: Required<RetryOptions>;
  private readonly relogon: boolean;
  private readonly signal: AbortSignal | undefined;
  private readonly headers: Record<string, string>;

  constructor(base: string, fetchFn: typeof globalThis.fetch, opts: ConnectOptions) {
    this.base = base;
    this.fetchFn = fetchFn;
    this.timeout = opts.timeout ?? DEFAULT_TIMEOUT;
    const r = typeof opts.retries === 'number' ? { attempts: opts.retries } : opts.retries ?? { attempts: 0 };
    this.retry = { attempts: Math.max(0, r.attempts), baseDelayMs: r.baseDelayMs ?? 200, maxDelayMs: r.maxDelayMs ?? 5000 };
    this.relogon = opts.relogon ?? true;
    this.signal = opts.signal;
    this.headers = opts.headers ?? {};
  }

  /** Logs on with Basic authentication; keeps the token for every later request. */
  async logon(user: string, password: string, version = 'latest', call: CallOptions = {}): Promise<LogonSession> {
    this.credentials = { user, password, version };
    return this.logonAgain(call);
  }

  private async logonAgain(call: CallOptions = {}): Promise<LogonSession> {
    const c = this.credentials;
    if (!c) throw new EmClientError('Not logged on.');
    const res = await this.exchange<LogonSession>(
      { method: 'POST', path: '/sessionMngr/', query: { v: c.version }, authorization: `Basic ${base64(`${c.user}:${c.password}`)}`, noRelogon: true },
      call,
    );
    const token = res.headers.get(SESSION_HEADER);
    if (!token) throw new EmClientError(`The logon answered ${res.status} without an ${SESSION_HEADER} header.`);
    this.token = token;
    this.session = res.body;
    return res.body as LogonSession;
  }

  /** Keeps the password for a re-logon, without logging on now (a resumed session). */
  remember(user: string, password: string, version = 'latest'): void {
    this.credentials = { user, password, version };
  }

  /** Keeps the session but not the password: no re-logon. */
  forgetPassword(): void {
    this.credentials = undefined;
  }

  /** Forgets token and password (after logout), so nothing can log on again by itself. */
  forget(): void {
    this.credentials = undefined;
    this.token = undefined;
    this.session = undefined;
  }

  get canRelogon(): boolean {
    return this.relogon && this.credentials !== undefined;
  }

  url(path: string, query?: Query, outsideApi = false): string {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
    const s = qs.toString();
    return `${outsideApi ? this.base.replace(/\/api$/i, '') : this.base}${path}${s ? `?${s}` : ''}`;
  }

  /** Sends a request; on a 401 with an expired session, logs on again once and repeats it. */
  async exchange<T>(sent: Sent, call: CallOptions = {}): Promise<Exchange<T>> {
    const tokenUsed = this.token;
    try {
      return await this.withRetries<T>(sent, call);
    } catch (err) {
      const expired = err instanceof ApiError && err.status === 401;
      if (!expired || sent.anonymous || sent.authorization || sent.noRelogon || !this.canRelogon) throw err;
      // Concurrent requests that all met the expiry share one logon.
      if (this.token === tokenUsed) {
        this.relogging ??= this.logonAgain(call).then(() => undefined).finally(() => (this.relogging = undefined));
        await this.relogging;
      }
      return this.withRetries<T>(sent, call);
    }
  }

  private async withRetries<T>(sent: Sent, call: CallOptions): Promise<Exchange<T>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(sent, call);
      } catch (err) {
        const unavailable = err instanceof ApiError && err.status === 503;
        if (!unavailable || attempt >= this.retry.attempts) throw err;
        const after = err.retryAfterMs;
        const backoff = this.retry.baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2);
        await sleep(Math.min(this.retry.maxDelayMs, after ?? backoff), this.abortSignal(call));
      }
    }
  }

  private abortSignal(call: CallOptions): AbortSignal | undefined {
    const signals = [this.signal, call.signal].filter((s): s is AbortSignal => s !== undefined);
    return signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  }

  private async once<T>(sent: Sent, call: CallOptions): Promise<Exchange<T>> {
    const url = this.url(sent.path, sent.query, sent.outsideApi);
    const headers: Record<string, string> = { ...this.headers, Accept: 'application/json' };
    if (sent.authorization) headers['Authorization'] = sent.authorization;
    else if (!sent.anonymous && this.token) headers[SESSION_HEADER] = this.token;
    let body: string | undefined;
    if (sent.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(sent.body);
    }
    const abort = this.abortSignal(call);
    const ms = call.timeout ?? this.timeout;
    const timer = ms > 0 ? AbortSignal.timeout(ms) : undefined;
    const signal = timer && abort ? AbortSignal.any([abort, timer]) : timer ?? abort;
    let res: Response;
    let text: string;
    try {
      // credentials 'omit': the session travels in the header only, never in a browser's cookie
      // (the product lets a cookie win over the header, which would mix sessions up).
      res = await this.fetchFn(url, { method: sent.method, headers, body, signal, credentials: 'omit', redirect: 'follow' });
      text = await res.text();
    } catch (err) {
      if (abort?.aborted) throw abort.reason;
      if (timer?.aborted) throw new TimeoutError(`${sent.method} ${url} took longer than ${ms} ms.`, { cause: err });
      throw new ConnectionError(`${sent.method} ${url}: ${describe(err)}`, { cause: err });
    }
    if (res.status >= 400) {
      const e = apiError(res.status, parseErrorBody(res.status, res.headers.get('content-type') ?? '', text), sent.method, url);
      const retryAfter = Number(res.headers.get('retry-after'));
      if (res.status === 503 && res.headers.has('retry-after') && Number.isFinite(retryAfter) && retryAfter >= 0) e.retryAfterMs = retryAfter * 1000;
      throw e;
    }
    let parsed: T | undefined;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text) as T;
      } catch (err) {
        throw new EmClientError(`${sent.method} ${url} answered ${res.status} with a body that is not JSON (${res.headers.get('content-type') ?? 'no content type'}).`, { cause: err });
      }
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }
}

/** The innermost reason of a fetch failure (undici hides it in `cause`). */
function describe(err: unknown): string {
  let e: unknown = err;
  const parts: string[] = [];
  for (let i = 0; i < 4 && e instanceof Error; i++) {
    const code = (e as Error & { code?: string }).code;
    parts.push(code ? `${e.message} (${code})` : e.message);
    e = e.cause;
  }
  return parts.filter((p, i) => p !== parts[i - 1]).join(': ') || String(err);
}
