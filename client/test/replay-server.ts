// A small local HTTP server that answers from a table of recorded responses (fixtures), so the
// client can be run against the vendor's documented examples and against answers emsec never
// gives (503s, slow replies).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  status: number;
  headers?: Record<string, string>;
  /** A JSON value (sent as application/json) or a raw string. */
  body?: unknown;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
}

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Responder = (req: Seen) => Recorded | undefined;

export interface Replay {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

export async function replay(respond: Responder): Promise<Replay> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      const r = respond(s) ?? { status: 404, body: { Message: `No fixture for ${s.method} ${s.url}`, StatusCode: 404 } };
      const send = (): void => {
        if (res.destroyed) return;
        const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        const type = r.body === undefined ? {} : { 'content-type': typeof r.body === 'string' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8' };
        res.writeHead(r.status, { ...type, ...r.headers });
        res.end(text);
      };
      if (r.delayMs) setTimeout(send, r.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A LogonSession answer as post_sessionmngr.md shows it, for replayed logons. */
export function logonAnswer(base: string, token: string, sessionId: string): Recorded {
  return {
    status: 201,
    headers: { 'x-restsvcsessionid': token },
    body: { Href: `${base}/api/logonSessions/${sessionId}`, Type: 'LogonSession', Links: [], UserName: 'TECH\\admin', SessionId: sessionId },
  };
}
