// How `emsec faults|clock|sessions` reach a running server: over HTTP, as any client would
// (log on with Basic credentials, call the control, log off). node:http(s) rather than fetch so
// --cacert and --insecure work with the self-signed certificate of the TLS port.
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { UsageError } from '../options.ts';

export interface Connection {
  /** The server's base URL, e.g. http://localhost:9399. */
  readonly url: string;
  readonly user: string;
  readonly password: string | undefined;
  /** An existing session token to use instead of logging on (and off). */
  readonly session: string | undefined;
  readonly ca: Buffer | undefined;
  readonly insecure: boolean;
}

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** The error a control answered, in one line: its Error body's Message when there is one. */
export class ServerError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export const CONNECTION_HELP = `Connection (each also an environment variable):
  --url URL            EMSEC_URL             the server (default http://localhost:9399)
  --admin NAME         EMSEC_ADMIN_USER      a Portal Administrator (default EMSEC\\Administrator)
  --password-env VAR                         the variable holding their password (default EMSEC_ADMIN_PASSWORD)
  --session TOKEN      EMSEC_SESSION         use this session instead of logging on
  --cacert FILE                              trust this certificate (the TLS port's self-signed one)
  --insecure                                 do not check the TLS certificate`;

export function connectionOf(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv): Connection {
  const url = (flags['url'] ?? env['EMSEC_URL'] ?? 'http://localhost:9399').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/i.test(url)) throw new UsageError(`--url must be the server's base URL such as http://localhost:9399, got '${url}'.`);
  const passwordVar = flags['password-env'] ?? 'EMSEC_ADMIN_PASSWORD';
  const session = flags['session'] ?? env['EMSEC_SESSION'];
  const password = env[passwordVar];
  if (!session && !password) throw new UsageError(`No credentials: set ${passwordVar} to the administrator's password (or --password-env VAR, or --session TOKEN).`);
  let ca: Buffer | undefined;
  if (flags['cacert']) {
    try {
      ca = readFileSync(flags['cacert']);
    } catch (err) {
      throw new UsageError(`Cannot read --cacert ${flags['cacert']}: ${(err as Error).message}`);
    }
  }
  return {
    url, user: flags['admin'] ?? env['EMSEC_ADMIN_USER'] ?? 'EMSEC\\Administrator', password, session: session || undefined, ca,
    insecure: flags['insecure'] === 'true',
  };
}

function send(conn: Connection, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const target = new URL(path, conn.url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, {
      method,
      headers: { accept: 'application/json', ...headers, ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) },
      ...(target.protocol === 'https:' ? { ca: conn.ca, rejectUnauthorized: !conn.insecure } : {}),
      timeout: 30_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      // TextDecoder drops the UTF-8 byte-order mark /api's JSON starts with, as the product's (fetch does too).
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: new TextDecoder('utf-8').decode(Buffer.concat(chunks)) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${conn.url} did not answer within 30 s`)));
    req.on('error', (err) => reject(new Error(`cannot reach ${conn.url}: ${err.message}`)));
    req.end(body);
  });
}

function failure(answer: Answer, what: string): ServerError {
  let message = answer.text.slice(0, 300);
  try {
    message = (JSON.parse(answer.text) as { Message?: string }).Message ?? message;
  } catch {
    // not JSON: keep the text
  }
  return new ServerError(answer.status, `${what}: ${answer.status} ${message}`.trim());
}

/** Runs `work` with a session: the one given, or a logon that is ended afterwards. */
export async function withSession<T>(conn: Connection, work: (call: (method: string, path: string, body?: string) => Promise<Answer>) => Promise<T>): Promise<T> {
  let token = conn.session;
  let sessionId: string | undefined;
  if (!token) {
    const basic = `Basic ${Buffer.from(`${conn.user}:${conn.password ?? ''}`).toString('base64')}`;
    const logon = await send(conn, 'POST', '/api/sessionMngr/?v=latest', { authorization: basic });
    if (logon.status !== 201) throw failure(logon, `logon as ${conn.user}`);
    token = String(logon.headers['x-restsvcsessionid'] ?? '');
    sessionId = (JSON.parse(logon.text) as { SessionId?: string }).SessionId;
  }
  const auth = { 'x-restsvcsessionid': token };
  try {
    return await work(async (method, path, body) => {
      const answer = await send(conn, method, path, auth, body);
      if (answer.status >= 400) throw failure(answer, `${method} ${path}`);
      return answer;
    });
  } finally {
    // Our own logon only; a session given with --session stays.
    if (sessionId) await send(conn, 'DELETE', `/api/logonSessions/${sessionId}`, auth).catch(() => undefined);
  }
}
